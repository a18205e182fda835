import t from "tap";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CLI_ENTRY, startFleetProcess, waitForExit } from "../../helpers/cli-process.js";
import { createNetns, netnsSkip, runInNetns } from "../../helpers/netns.js";

const CLIENT = fileURLToPath(new URL("../../helpers/lab-client-main.ts", import.meta.url));
const PASSWORD = "Lab12345!";

interface Found {
  mac: string;
  model: string;
  serial: string;
  ipv4: string;
  httpPort: number;
  activated: boolean;
}

/**
 * Two hosts of a lab: namespaces joined by a veth pair, 10.231.0.1/24 (hikemu, with the
 * devices' 10.231.0.10-12 as secondary addresses) and 10.231.0.2/24 (the client). Deleting a
 * namespace deletes its end of the pair, so createNetns's teardown removes everything.
 */
t.test("a client on another host finds the fleet by multicast, activates a camera over SADP and reads it over HTTP", { skip: netnsSkip() }, async (t) => {
  const server = createNetns(t, "labs");
  const client = createNetns(t, "labc");
  const serverIf = `hkls${process.pid % 100000}`;
  const clientIf = `hklc${process.pid % 100000}`;
  const ip = (...args: string[]) => execFileSync("ip", args);
  ip("link", "add", serverIf, "netns", server, "type", "veth", "peer", "name", clientIf, "netns", client);
  for (const address of ["10.231.0.1", "10.231.0.10", "10.231.0.11", "10.231.0.12"]) ip("-n", server, "addr", "add", `${address}/24`, "dev", serverIf);
  ip("-n", client, "addr", "add", "10.231.0.2/24", "dev", clientIf);
  ip("-n", server, "link", "set", serverIf, "up");
  ip("-n", client, "link", "set", clientIf, "up");

  const dir = t.testdir();
  const fleetFile = join(dir, "lab.yaml");
  writeFileSync(
    fleetFile,
    `seed: lab
interface: ${serverIf}
network:
  base: 10.231.0.10
  mask: 255.255.255.0
  gateway: 10.231.0.1
devices:
  - profile: DS-2CD2146G2-ISU
    name: camera-{n}
  - profile: DS-2CD2532F-IWS
    name: legacy-camera-{n}
  - profile: DS-7608NXI-I2/8P/S
    name: nvr-{n}
`,
  );
  // `hikemu start --interface <veth>` (the file says so) with its default ports: SADP 37020, HTTP 80.
  const fleet = await startFleetProcess(["--fleet", fleetFile, "--state", join(dir, "state"), "--log-level", "warn"], { netns: server });
  t.teardown(async () => {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
  });
  t.same(fleet.ready.devices.map((d) => d.ip), ["10.231.0.10", "10.231.0.11", "10.231.0.12"]);
  const expected = fleet.ready.devices.map((d) => ({ mac: d.mac.replaceAll(":", "-"), model: d.model, serial: d.serial, ipv4: d.ip, httpPort: 80, activated: d.activated }));
  const pick = (f: Found) => ({ mac: f.mac, model: f.model, serial: f.serial, ipv4: f.ipv4, httpPort: f.httpPort, activated: f.activated });

  const found = await runInNetns<{ devices: (Found & { from: string })[] }>(client, CLIENT, ["find", "10.231.0.2", "3"]);
  t.same(found.devices.map(pick).sort((a, b) => a.ipv4.localeCompare(b.ipv4)), expected, "every device, from a multicast probe out of the client's veth");
  t.ok(found.devices.every((d) => d.from === "10.231.0.1"), "answers come from the server host's address on the link");

  const camera = fleet.ready.devices[0]!;
  t.equal(camera.activated, false, "the camera leaves the factory inactive");
  const activation = await runInNetns<{ exchange: string; result: string }>(client, CLIENT, ["activate", "10.231.0.2", camera.mac.replaceAll(":", "-"), PASSWORD]);
  t.match(activation, { exchange: "success", result: "success" }, "exchangecode + activate over SADP from the other host (§1.6)");
  const after = await runInNetns<{ devices: (Found & { from: string })[] }>(client, CLIENT, ["find", "10.231.0.2", "3"]);
  t.equal(after.devices.find((d) => d.ipv4 === camera.ip)?.activated, true, "the next multicast probe shows it activated");

  const info = await runInNetns<{ status: number; model: string; serialNumber: string; macAddress: string }>(client, CLIENT, ["device-info", "http://10.231.0.10/ISAPI/System/deviceInfo", "admin", PASSWORD]);
  t.same(info, { status: 200, model: camera.model, serialNumber: camera.serial, macAddress: camera.mac }, "deviceInfo over HTTP with Digest, with the password set over SADP, from the other host");
  const activeNow = expected.map((d, i) => (i === 0 ? { ...d, activated: true } : d));

  const discovered = await runInNetns<Found[]>(client, CLI_ENTRY, ["discover", "--interface", clientIf, "--no-ssdp", "--timeout", "1.5", "--json"]);
  t.same(discovered.map(pick), activeNow, "hikemu discover --interface <veth> on the client host finds the same, the camera now active");

  // SSDP as well (the fleet's responder on 1900 answers every device from the host's address on
  // the link; LOCATION names each device's own address, which SADP from that host reported).
  type WithSsdp = Found & { foundBy: string[]; ssdp: { location: string; friendlyName: string | null } | null };
  const both = await runInNetns<WithSsdp[]>(client, CLI_ENTRY, ["discover", "--interface", clientIf, "--timeout", "1.5", "--json"]);
  t.same(both.map(pick), activeNow, "with SSDP on: the same devices, one line each");
  for (const [i, d] of both.entries()) {
    const device = fleet.ready.devices[i]!;
    t.same(d.foundBy, ["sadp", "ssdp"], `${device.id}: found by both`);
    t.match(d.ssdp, { location: `http://${device.ip}:80/upnp/description.xml`, friendlyName: new RegExp(`^${device.model.replaceAll("/", "\\/")} - `) }, `${device.id}: its description read from the address SADP reported`);
  }
  const ssdpOnly = await runInNetns<WithSsdp[]>(client, CLI_ENTRY, ["discover", "--interface", clientIf, "--no-sadp", "--timeout", "1.5", "--json"]);
  t.same(ssdpOnly.map((d) => [d.ipv4, d.foundBy, d.model, d.ssdp?.friendlyName]), expected.map((d) => [d.ipv4, ["ssdp"], null, null]), "--no-sadp: listed from LOCATION, but no SADP vouches for those addresses, so no description is read");

  t.test("a client host without a multicast route probes unicast and is answered", async (t) => {
    const unicast = await runInNetns<{ groupSend: string; devices: Found[] }>(client, CLIENT, ["find-unicast", "10.231.0.1", "3"]);
    t.equal(unicast.groupSend, "ENETUNREACH", "the group is unreachable from this host without a multicast interface (no multicast route)");
    t.same(unicast.devices.map(pick).sort((a, b) => a.ipv4.localeCompare(b.ipv4)), activeNow, "a unicast probe to the host's SADP port finds every device");
    const target = await runInNetns<Found[]>(client, CLI_ENTRY, ["discover", "--target", "10.231.0.1", "--no-ssdp", "--timeout", "1", "--json"]);
    t.same(target.map(pick), activeNow, "hikemu discover --target on loopback (nothing multicast off the host) finds them too");
  });
});
