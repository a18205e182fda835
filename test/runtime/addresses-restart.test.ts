import t from "tap";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { VirtualClock } from "../../src/emulator/clock.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { FileStore } from "../../src/runtime/store/file-store.js";
import { startEmulator } from "../../src/runtime/emulator.js";
import { loadFleetConfig } from "../../src/cli/load-config.js";
import { startLoggedFleet } from "../helpers/address-fleet.js";
import { tryConnect } from "../helpers/sockets.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { sadpMac } from "../../src/util/mac.js";
import { silentLogger } from "../helpers/harness.js";
import { cliCommand, startFleetProcess, waitForExit } from "../helpers/cli-process.js";

t.test("restart with the same store: flash wins for a device that moved, the fleet file for the others even when it changed", async (t) => {
  const store = new MemoryStore();
  const clock = new VirtualClock();
  const first = await startLoggedFleet(t, ["127.0.114.10", "127.0.114.11", "127.0.114.12"], { clock, store });
  await first.emulator.fleet.byName("camera-1")!.changeNetwork({ ipv4: "127.0.114.50" }, "sadp");
  await first.emulator.fleet.byName("legacy-camera-1")!.changeNetwork({ ipv4: "192.168.1.64" }, "sadp");
  await first.emulator.http.settled();
  await first.emulator.stop();

  // The fleet file moved every device meanwhile.
  const { emulator, logs } = await startLoggedFleet(t, ["127.0.114.20", "127.0.114.21", "127.0.114.22"], { clock, store });
  const [camera, legacy, nvr] = ["camera-1", "legacy-camera-1", "nvr-1"].map((n) => emulator.fleet.byName(n)!);
  t.equal(camera!.serving.address, "127.0.114.50", "the camera is served where it set itself");
  t.equal((await fetch(`http://127.0.114.50:${camera!.serving.httpPort}/SDK/activateStatus`)).status, 200);
  t.equal(await tryConnect("127.0.114.20", camera!.serving.httpPort), "ECONNREFUSED", "not at its new fleet file address");

  t.equal(legacy!.serving.address, "127.0.114.21", "an address this host lacks: the fleet file's address");
  t.equal(await tryConnect("127.0.114.21", legacy!.serving.httpPort), "connected");
  t.equal(legacy!.network.ipv4, "192.168.1.64", "which the device still does not believe");

  t.equal(nvr!.serving.address, "127.0.114.22", "the NVR follows the fleet file");
  t.equal(nvr!.network.ipv4, "127.0.114.22", "in flash too");
  t.equal(((await store.load("nvr-1")) as { flash: { network: { ipv4: string } } }).flash.network.ipv4, "127.0.114.22", "persisted");
  t.equal(await tryConnect("127.0.114.22", nvr!.serving.httpPort), "connected");
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock });
  t.equal(sadp.byMac.get(sadpMac(nvr!.identity.mac))?.get("IPv4Address"), "127.0.114.22", "SADP reports the fleet file's address");
  t.equal(sadp.byMac.get(sadpMac(camera!.identity.mac))?.get("IPv4Address"), "127.0.114.50");

  t.match(
    logs().filter((l) => l.msg === "cannot serve the device at the address it set; serving it at its fleet file address"),
    [{ level: 40, device: "legacy-camera-1", believes: "192.168.1.64", servedAt: "127.0.114.21", reason: "192.168.1.64 is outside --interface loopback" }],
    "the --interface scope refuses it before any bind is tried",
  );
  t.same(
    logs().filter((l) => l.msg === "cannot serve the device at the address it set; it stays where it is"),
    [],
    "said once, at placement: the listener does not say it again",
  );
  const notes = logs().filter((l) => l.msg === "device address");
  t.match(notes, [
    { device: "camera-1", servedAt: "127.0.114.50", fleetAddress: "127.0.114.20", note: "moved by the device; fleet file says 127.0.114.20" },
    { device: "legacy-camera-1", believes: "192.168.1.64", servedAt: "127.0.114.21", note: "believes 192.168.1.64, cannot be served there (192.168.1.64 is outside --interface loopback)" },
  ]);
  t.equal(notes.length, 2, "nothing said about the NVR");
  t.notOk(logs().some((l) => l.msg === "stored network differs from the fleet file address"), "the old warning is gone");

  camera!.powerOff();
  camera!.powerOn();
  await clock.advance(camera!.readyAt - clock.now());
  await emulator.http.settled();
  t.equal((await fetch(`http://127.0.114.50:${camera!.serving.httpPort}/SDK/activateStatus`)).status, 200, "a power cycle after the restart: still there");
});

t.test("an address another program holds: the device stays where it is and says so", async (t) => {
  const clock = new VirtualClock();
  const { emulator, logs } = await startLoggedFleet(t, ["127.0.115.10", "127.0.115.11", "127.0.115.12"], { clock });
  const camera = emulator.fleet.byName("camera-1")!;
  const port = camera.serving.httpPort;
  const { createServer } = await import("node:net");
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(port, "127.0.115.50", () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

  await camera.changeNetwork({ ipv4: "127.0.115.50" }, "sadp");
  await emulator.http.settled(camera);
  t.equal(camera.serving.address, "127.0.115.10");
  t.equal((await fetch(`http://127.0.115.10:${port}/SDK/activateStatus`)).status, 200, "still answers where it was");
  t.match(
    logs().filter((l) => l.msg === "cannot serve the device at the address it set; it stays where it is"),
    [{ device: "camera-1", believes: "127.0.115.50", reason: "address and port in use by another program" }],
  );
});

const FLEET = `seed: addresses-restart
network:
  base: 127.0.116.10
devices:
  - profile: DS-2CD2146G2-ISU
    name: camera-1
  - profile: DS-7608NXI-I2/8P/S
    name: nvr-1
`;

t.test("hikemu start: the table and the ready line say where a moved device is served and what the fleet file says", async (t) => {
  const dir = t.testdir();
  const fleetFile = join(dir, "fleet.yaml");
  writeFileSync(fleetFile, FLEET);
  const state = join(dir, "state");
  // An earlier run in which the camera set its own address (SADP update / ISAPI in the field).
  {
    const { config } = await loadFleetConfig(fleetFile);
    const store = await FileStore.open(state);
    const emulator = await startEmulator({ config: { ...config, httpPort: 0, sadpPort: 0, ssdpPort: 0 }, store, logger: silentLogger, clock: new VirtualClock() });
    await emulator.fleet.byName("camera-1")!.changeNetwork({ ipv4: "127.0.116.50" }, "sadp");
    await emulator.stop();
    await store.close();
  }
  const args = ["--fleet", fleetFile, "--state", state, "--http-port", "0", "--sadp-port", "0", "--log-level", "silent"];

  const { command, argv } = cliCommand(["start", "--control", "off", ...args]);
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  t.teardown(() => child.kill("SIGKILL"));
  const table = await new Promise<string[]>((resolve, reject) => {
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on("line", (l) => (l.includes("devices ready") ? resolve(lines) : lines.push(l)));
    child.once("exit", (code) => reject(new Error(`exited ${code}`)));
  });
  t.match(table[0], /^ID\s+MODEL\s+TYPE\s+IP\s+HTTP URL\s+ACTIVATED\s+NOTE$/, "a NOTE column");
  const cameraLine = table.find((l) => l.startsWith("camera-1"));
  const match = /^camera-1\s+DS-2CD2146G2-ISU\s+ipc\s+127\.0\.116\.50\s+(http:\/\/127\.0\.116\.50:\d+\/)\s+no\s+moved by the device; fleet file says 127\.0\.116\.10$/.exec(cameraLine ?? "");
  t.ok(match, cameraLine ?? "no camera-1 line");
  t.match(table.find((l) => l.startsWith("nvr-1")), /^nvr-1\s+\S+\s+nvr\s+127\.0\.116\.11\s+http:\/\/127\.0\.116\.11:\d+\/\s+no$/, "nothing to say about the NVR");
  t.equal((await fetch(`${match![1]}SDK/activateStatus`)).status, 200, "the URL in the table answers");
  child.kill("SIGTERM");
  t.equal(await waitForExit(child), 0);

  const json = await startFleetProcess(args);
  t.teardown(() => json.child.kill("SIGKILL"));
  const camera = json.ready.devices.find((d) => d.id === "camera-1") as unknown as Record<string, unknown>;
  t.match(camera, { ip: "127.0.116.50", believedIp: "127.0.116.50", fleetIp: "127.0.116.10", addressNote: "moved by the device; fleet file says 127.0.116.10" });
  t.match(json.ready.devices.find((d) => d.id === "nvr-1"), { ip: "127.0.116.11", fleetIp: "127.0.116.11", addressNote: null });
  json.child.kill("SIGTERM");
  t.equal(await waitForExit(json.child), 0);
});
