import t, { type Test } from "tap";
import { createSocket } from "node:dgram";
import { startEmulator, type RunningEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { defaultFleet } from "../../src/config/fleet-config.js";
import { sadpMac } from "../../src/util/mac.js";
import { profiles, silentLogger } from "../helpers/harness.js";
import { runDiscoverCommand } from "../helpers/cli-in-process.js";
import { discoverTable, jsonText } from "../../src/cli/discover-command.js";
import { sadpSearch } from "../../src/discovery/client/sadp-search.js";
import type { DiscoveredDevice } from "../../src/discovery/client/merge.js";
import { fakeSsdp } from "../helpers/fake-ssdp.js";

/** The default fleet in this process on 127.0.<third>.10-12, SADP and HTTP on OS-picked ports. */
async function defaultFleetAt(t: Test, third: number, advertise?: string): Promise<RunningEmulator> {
  const base = defaultFleet(profiles);
  const config = { ...base, sadpPort: 0, httpPort: 0, advertise, specs: base.specs.map((s, i) => ({ ...s, address: `127.0.${third}.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: silentLogger });
  t.teardown(() => emulator.stop());
  return emulator;
}

/** A UDP port nobody listens on (bound, then let go). */
async function unusedPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

const FIELDS = ["model", "serial", "ipv4", "httpPort", "commandPort", "mac", "activated", "softwareVersion", "foundBy", "ssdp"];

t.test("discover finds every device of the default fleet by SADP, and merges an SSDP answer from the same address", async (t) => {
  const emulator = await defaultFleetAt(t, 131);
  const camera = emulator.fleet.byName("camera-1")!;
  const ssdp = await fakeSsdp(t, [
    { address: "127.0.131.10", uuid: "cafe0000-0000-4000-8000-000000000010", modelName: camera.profile.model, serialNumber: camera.identity.serial },
    { address: "127.0.131.50", uuid: "cafe0000-0000-4000-8000-000000000050", modelName: "UPnP-Only-1", serialNumber: "UPNP-50" },
  ]);
  const common = ["discover", "--sadp-port", String(emulator.sadpPort), "--ssdp-port", String(ssdp.port), "--timeout", "0.8"];

  const json = await runDiscoverCommand([...common, "--json"]);
  t.equal(json.code, 0, json.stderr);
  t.equal(json.stderr, "");
  const found = JSON.parse(json.stdout) as Record<string, unknown>[];
  t.equal(found.length, 4, "three SADP devices and one that only SSDP found");
  t.ok(found.every((d) => JSON.stringify(Object.keys(d)) === JSON.stringify(FIELDS)), "every object has the same fields, in order");
  for (const device of emulator.fleet.devices) {
    const entry = found.find((d) => d["mac"] === sadpMac(device.identity.mac));
    t.ok(entry, `${device.name} found`);
    t.match(entry, {
      model: device.profile.model,
      serial: device.identity.serial,
      ipv4: device.network.ipv4,
      httpPort: device.serving.httpPort,
      commandPort: 8000,
      activated: device.activated,
      softwareVersion: `${device.profile.firmware.version}build ${device.profile.firmware.build}`,
    }, `${device.name}: the fields a tool shows`);
    t.same(entry?.["foundBy"], device === camera ? ["sadp", "ssdp"] : ["sadp"], `${device.name}: found by`);
  }
  t.match(found.find((d) => d["ipv4"] === "127.0.131.10")?.["ssdp"], { friendlyName: `${camera.profile.model} - ${camera.identity.serial}`, usn: "uuid:cafe0000-0000-4000-8000-000000000010::upnp:rootdevice", location: /^http:\/\/127\.0\.131\.10:\d+\/description\.xml$/ });
  const upnpOnly = found.find((d) => d["ipv4"] === "127.0.131.50");
  t.match(upnpOnly, { model: "UPnP-Only-1", serial: "UPNP-50", mac: null, activated: null, commandPort: null, foundBy: ["ssdp"] });
  t.same(found.map((d) => d["ipv4"]), ["127.0.131.10", "127.0.131.11", "127.0.131.12", "127.0.131.50"], "sorted by address");

  const table = await runDiscoverCommand(common);
  t.equal(table.code, 0);
  const lines = table.stdout.trimEnd().split("\n");
  t.match(lines[0], /^MODEL\s+SERIAL\s+IPV4\s+HTTP\s+COMMAND\s+MAC\s+ACTIVATED\s+FOUND BY$/);
  for (const device of emulator.fleet.devices) {
    const row = lines.find((l) => l.includes(sadpMac(device.identity.mac)))?.split(/\s{2,}/);
    t.same(row, [device.profile.model, device.identity.serial, device.network.ipv4, String(device.serving.httpPort), "8000", sadpMac(device.identity.mac), device.activated ? "yes" : "no", device === camera ? "sadp+ssdp" : "sadp"], `${device.name}'s row`);
  }
  t.same(lines.find((l) => l.includes("127.0.131.50"))?.split(/\s{2,}/), ["UPnP-Only-1", "UPNP-50", "127.0.131.50", String(new URL(String((upnpOnly?.["ssdp"] as { location: string }).location)).port), "-", "-", "-", "ssdp"]);
  t.match(lines.at(-1), /^4 devices answered SADP udp\/\d+ and SSDP udp\/\d+ on loopback within 0\.8s$/);

  const sadpOnly = await runDiscoverCommand([...common, "--json", "--no-ssdp"]);
  t.equal((JSON.parse(sadpOnly.stdout) as unknown[]).length, 3, "--no-ssdp: SADP's three");
  const ssdpOnly = await runDiscoverCommand([...common, "--json", "--no-sadp"]);
  t.same((JSON.parse(ssdpOnly.stdout) as { foundBy: string[] }[]).map((d) => d.foundBy), [["ssdp"], ["ssdp"]], "--no-sadp: SSDP's two");
});

t.test("--target asks a host directly: found without the group", async (t) => {
  const emulator = await defaultFleetAt(t, 132);
  const run = await runDiscoverCommand(["discover", "--sadp-port", String(emulator.sadpPort), "--no-ssdp", "--timeout", "0.5", "--json", "--target", "127.0.0.1"]);
  t.equal(run.code, 0, run.stderr);
  t.equal((JSON.parse(run.stdout) as unknown[]).length, 3);
});

t.test("advertise: SADP reports each address moved into the advertised prefix", async (t) => {
  const emulator = await defaultFleetAt(t, 134, "10.9.0.0/16");
  const run = await runDiscoverCommand(["discover", "--sadp-port", String(emulator.sadpPort), "--no-ssdp", "--timeout", "0.5", "--json"]);
  t.equal(run.code, 0, run.stderr);
  t.same((JSON.parse(run.stdout) as { ipv4: string }[]).map((d) => d.ipv4), ["10.9.134.10", "10.9.134.11", "10.9.134.12"]);
  t.same(emulator.fleet.devices.map((d) => d.network.ipv4), ["127.0.134.10", "127.0.134.11", "127.0.134.12"], "the devices' own network is unchanged");
});

t.test("nothing answering is exit 1 with the reason on stderr", async (t) => {
  const port = String(await unusedPort());
  const run = await runDiscoverCommand(["discover", "--sadp-port", port, "--ssdp-port", port, "--timeout", "0.3"]);
  t.equal(run.code, 1);
  t.equal(run.stdout, "");
  t.match(run.stderr, new RegExp(`^hikemu: no device answered SADP udp/${port} and SSDP udp/${port} on loopback within 0\\.3s$`, "m"));
  const json = await runDiscoverCommand(["discover", "--sadp-port", port, "--ssdp-port", port, "--timeout", "0.3", "--json"]);
  t.equal(json.code, 1, "--json: exit 1 too");
  t.same(JSON.parse(json.stdout), [], "and an empty array for the script");
});

t.test("usage errors exit 2 and say what is wrong", async (t) => {
  const cases: [string[], RegExp][] = [
    [["--interface", "no-such-if0"], /--interface: no interface named "no-such-if0" \(known: loopback, all, lo\b/],
    [["--no-sadp", "--no-ssdp"], /nothing to search with/],
    [["--target", "camera.local"], /--target <ipv4>' argument 'camera\.local' is invalid\. expected an IPv4 address/],
    [["--timeout", "0"], /a search lasts more than 0 s/],
    [["--timeout", "soon"], /expected a duration/],
    [["--sadp-port", "70000"], /expected a port number 0-65535/],
    [["--frobnicate"], /unknown option '--frobnicate'/],
  ];
  for (const [args, message] of cases) {
    const run = await runDiscoverCommand(["discover", ...args]);
    t.equal(run.code, 2, args.join(" "));
    t.match(run.stderr, message, args.join(" "));
    t.equal(run.stdout, "");
  }
});

t.test("discover against hikemu's own SSDP: every device found by both, its description read from LOCATION", async (t) => {
  const base = defaultFleet(profiles);
  const config = { ...base, sadpPort: 0, httpPort: 0, ssdpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `127.0.141.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: silentLogger });
  t.teardown(() => emulator.stop());
  const run = await runDiscoverCommand(["discover", "--sadp-port", String(emulator.sadpPort), "--ssdp-port", String(emulator.ssdpPort), "--timeout", "0.8", "--json"]);
  t.equal(run.code, 0, run.stderr);
  t.equal(run.stderr, "");
  const found = JSON.parse(run.stdout) as DiscoveredDevice[];
  t.same(found.map((d) => d.ipv4), ["127.0.141.10", "127.0.141.11", "127.0.141.12"]);
  for (const device of emulator.fleet.devices) {
    const entry = found.find((d) => d.ipv4 === device.network.ipv4);
    t.same(entry?.foundBy, ["sadp", "ssdp"], `${device.name}: merged`);
    t.match(entry, { model: device.profile.model, serial: device.identity.serial }, `${device.name}: model and serial`);
    t.match(entry?.ssdp, { usn: /^uuid:/, location: `http://${device.network.ipv4}:${device.serving.httpPort}/upnp/description.xml`, friendlyName: `${device.profile.model} - ${device.identity.shortSerial}` }, `${device.name}: the description at LOCATION was read`);
  }
  const ssdpOnly = await runDiscoverCommand(["discover", "--no-sadp", "--ssdp-port", String(emulator.ssdpPort), "--timeout", "0.8", "--json"]);
  t.same(
    (JSON.parse(ssdpOnly.stdout) as DiscoveredDevice[]).map((d) => [d.model, d.serial]),
    emulator.fleet.devices.map((d) => [d.profile.model, d.identity.serial]),
    "--no-sadp: model and serial from the descriptions (loopback answer, loopback LOCATION)",
  );
  const capped = await sadpSearch({ multicastInterfaces: ["127.0.0.1"], broadcasts: [], targets: [], port: emulator.sadpPort, timeoutMs: 500, maxAnswers: 2 });
  t.equal(capped.length, 2, "SADP keeps at most maxAnswers MACs");
});

t.test("the table strips control characters and escape sequences an answer carries; JSON escapes DEL and C1", (t) => {
  const evil: DiscoveredDevice = {
    model: "\u001b[2J\u001b[31mDS-EVIL\u001b[0m",
    serial: "S\u0007N\u009b31m\u001b]0;title\u0007\u001b]8;;http://x\u001b\\1",
    ipv4: "127.0.141.99",
    httpPort: 80,
    commandPort: null,
    mac: "aa-bb\r\n-cc",
    activated: true,
    softwareVersion: "V\u007f\u0085",
    foundBy: ["sadp"],
    ssdp: null,
  };
  const table = discoverTable([evil]);
  // eslint-disable-next-line no-control-regex
  t.notMatch(table, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, "no control character but the line breaks between rows");
  t.same(table.split("\n")[2]?.split(/\s{2,}/), ["DS-EVIL", "SN1", "127.0.141.99", "80", "-", "aa-bb-cc", "yes", "sadp"]);
  const json = jsonText([evil]);
  // eslint-disable-next-line no-control-regex
  t.notMatch(json, /[\u0000-\u001f\u007f-\u009f]/, "no raw control character in JSON either");
  t.match(json, /V\\u007f\\u0085/);
  t.same(JSON.parse(json), [evil], "the same value");
  t.end();
});
