import t from "tap";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startFleetProcess, waitForExit } from "../helpers/cli-process.js";

/** The default fleet's three models, on this file's own addresses. */
const FLEET = `seed: discover-process
network:
  base: 127.0.135.10
devices:
  - profile: DS-2CD2146G2-ISU
    name: camera-{n}
  - profile: DS-2CD2532F-IWS
    name: legacy-camera-{n}
  - profile: DS-7608NXI-I2/8P/S
    name: nvr-{n}
`;

t.test("hikemu discover, as a process, finds every device of a running hikemu", async (t) => {
  const dir = t.testdir();
  const fleetFile = join(dir, "fleet.yaml");
  writeFileSync(fleetFile, FLEET);
  const fleet = await startFleetProcess(["--fleet", fleetFile, "--state", join(dir, "state"), "--http-port", "0", "--sadp-port", "0", "--log-level", "warn"]);
  t.teardown(async () => {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
  });
  const port = String(fleet.ready.sadpPort);

  const json = await runCli(["discover", "--sadp-port", port, "--no-ssdp", "--timeout", "1", "--json"]);
  t.equal(json.code, 0, json.stderr);
  const found = JSON.parse(json.stdout) as { model: string; serial: string; ipv4: string; httpPort: number; mac: string; activated: boolean; foundBy: string[] }[];
  t.same(
    found.map(({ model, serial, ipv4, httpPort, mac, activated, foundBy }) => ({ model, serial, ipv4, httpPort, mac, activated, foundBy })),
    fleet.ready.devices.map((d) => ({ model: d.model, serial: d.serial, ipv4: d.ip, httpPort: Number(new URL(d.httpUrl).port), mac: d.mac.replaceAll(":", "-"), activated: d.activated, foundBy: ["sadp"] })),
    "what start printed, as SADP reports it",
  );

  const table = await runCli(["discover", "--sadp-port", port, "--no-ssdp", "--timeout", "1"]);
  t.equal(table.code, 0);
  const lines = table.stdout.trimEnd().split("\n");
  t.match(lines[0], /^MODEL\s+SERIAL\s+IPV4\s+HTTP\s+COMMAND\s+MAC\s+ACTIVATED\s+FOUND BY$/);
  for (const d of fleet.ready.devices) {
    t.match(lines.find((l) => l.includes(d.serial)), new RegExp(`^${d.model.replaceAll("/", "\\/")}\\s+${d.serial}\\s+${d.ip.replaceAll(".", "\\.")}\\s+${new URL(d.httpUrl).port}\\s+8000\\s+${d.mac.replaceAll(":", "-")}\\s+${d.activated ? "yes" : "no"}\\s+sadp$`));
  }

  const env = await runCli(["discover", "--no-ssdp", "--timeout", "1", "--json"], { HIKEMU_SADP_PORT: port });
  t.equal((JSON.parse(env.stdout) as unknown[]).length, 3, "HIKEMU_SADP_PORT names the port as it does for start");
});

t.test("hikemu discover, as a process, against a running hikemu with SSDP on: both protocols, one line per device", async (t) => {
  const dir = t.testdir();
  const fleetFile = join(dir, "fleet.yaml");
  writeFileSync(fleetFile, FLEET.replace("127.0.135.10", "127.0.142.10"));
  const fleet = await startFleetProcess(["--fleet", fleetFile, "--state", join(dir, "state"), "--http-port", "0", "--sadp-port", "0", "--ssdp-port", "0", "--log-level", "warn"]);
  t.teardown(async () => {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
  });
  t.ok(fleet.ready.ssdpPort, "the fleet's SSDP port");
  const run = await runCli(["discover", "--sadp-port", String(fleet.ready.sadpPort), "--ssdp-port", String(fleet.ready.ssdpPort), "--timeout", "1", "--json"]);
  t.equal(run.code, 0, run.stderr);
  const found = JSON.parse(run.stdout) as { model: string; serial: string; ipv4: string; foundBy: string[]; ssdp: { location: string; friendlyName: string | null } | null }[];
  t.same(
    found.map(({ model, serial, ipv4, foundBy }) => ({ model, serial, ipv4, foundBy })),
    fleet.ready.devices.map((d) => ({ model: d.model, serial: d.serial, ipv4: d.ip, foundBy: ["sadp", "ssdp"] })),
  );
  t.ok(found.every((d, i) => d.ssdp?.location === `${fleet.ready.devices[i]!.httpUrl}upnp/description.xml` && d.ssdp.friendlyName?.startsWith(d.model)), "each with its LOCATION and the description read there");
});

t.test("discover with nothing there exits 1; start and discover name the known interfaces for a wrong one (exit 2)", async (t) => {
  const nothing = await runCli(["discover", "--sadp-port", "9", "--ssdp-port", "9", "--timeout", "0.3"]);
  t.equal(nothing.code, 1);
  t.match(nothing.stderr, /^hikemu: no device answered SADP udp\/9 and SSDP udp\/9 on loopback within 0\.3s$/m);

  const state = t.testdir();
  const start = await runCli(["start", "--state", state, "--interface", "no-such-if0"]);
  t.equal(start.code, 2);
  t.match(start.stderr, /^hikemu: no interface named "no-such-if0" \(known: loopback, all, lo\b/m);
  t.notOk(existsSync(join(state, "hikemu-state")), "refused before any state was written");

  const discover = await runCli(["discover", "--interface", "no-such-if0"], { HIKEMU_LOG_LEVEL: "silent" });
  t.equal(discover.code, 2);
  t.match(discover.stderr, /--interface: no interface named "no-such-if0"/);
});

t.test("--advertise, HIKEMU_ADVERTISE and the fleet file's advertise: layered like the other settings", async (t) => {
  const dir = t.testdir();
  const fleetFile = join(dir, "fleet.yaml");
  writeFileSync(fleetFile, `${FLEET.replace("127.0.135.10", "127.0.136.10")}advertise: 192.168.50.0/24\n`);
  const fleet = await startFleetProcess(["--fleet", fleetFile, "--state", join(dir, "state"), "--http-port", "0", "--sadp-port", "0", "--log-level", "warn"], { env: { HIKEMU_ADVERTISE: "10.20.0.0/16" } });
  t.teardown(async () => {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
  });
  t.equal((fleet.ready as unknown as { advertise: string }).advertise, "10.20.0.0/16", "the environment beats the fleet file");
  const run = await runCli(["discover", "--sadp-port", String(fleet.ready.sadpPort), "--no-ssdp", "--timeout", "1", "--json"]);
  t.same((JSON.parse(run.stdout) as { ipv4: string }[]).map((d) => d.ipv4), ["10.20.136.10", "10.20.136.11", "10.20.136.12"]);
  t.same(fleet.ready.devices.map((d) => d.ip), ["127.0.136.10", "127.0.136.11", "127.0.136.12"], "start lists where the devices are served");

  const bad = await runCli(["start", "--state", join(dir, "x"), "--advertise", "10.20.0.0/33"]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--advertise <ipv4\[\/prefix\]>' argument '10\.20\.0\.0\/33' is invalid\. expected an IPv4 address or ADDRESS\/PREFIX/);
});
