import t from "tap";
import { execFile, execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startFleetProcess, waitForExit } from "../../helpers/cli-process.js";
import { createNetns, missingCommand, netnsSkip, runInNetns } from "../../helpers/netns.js";
import { DEVICE_TYPE } from "../../../src/discovery/ssdp/upnp-device.js";

const run = promisify(execFile);
const CLIENTS = fileURLToPath(new URL("../../helpers/upnp-clients-main.ts", import.meta.url));
const IFACE = "hkm0";

/**
 * A LAN of the test's own: a veth pair inside the namespace (node-ssdp's Client and gssdp use
 * only non-loopback interfaces), the control points on 10.200.0.1, the devices on 10.200.1.x
 * (addresses of the namespace's loopback, so no client takes them for an interface of its own).
 */
function buildLan(netns: string): void {
  const inside = (...command: string[]) => execFileSync("ip", ["netns", "exec", netns, ...command]);
  inside("ip", "link", "add", IFACE, "type", "veth", "peer", "name", "hkm1");
  inside("ip", "link", "set", IFACE, "up");
  inside("ip", "link", "set", "hkm1", "up");
  inside("ip", "addr", "add", "10.200.0.1/24", "dev", IFACE);
  inside("ip", "route", "add", "224.0.0.0/4", "dev", IFACE);
  for (let i = 10; i < 14; i++) inside("ip", "addr", "add", `10.200.1.${i}/32`, "dev", "lo");
}

const FLEET = `network:
  base: 10.200.1.10
  mask: 255.255.255.0
  gateway: 10.200.1.1
devices:
  - profile: DS-2CD2146G2-ISU
    count: 2
  - profile: DS-2CD2532F-IWS
  - profile: DS-7608NXI-I2/8P/S
`;

/** USNs in gssdp-discover's output ("resource available|unavailable", then "  USN: …"). */
function gssdpUsns(output: string, kind: "available" | "unavailable"): string[] {
  const usns: string[] = [];
  const blocks = output.split(/^resource /m).slice(1);
  for (const block of blocks) {
    if (!block.startsWith(`${kind}\n`)) continue;
    const usn = /^\s*USN:\s*(\S+)/m.exec(block)?.[1];
    if (usn) usns.push(usn);
  }
  return [...new Set(usns)].sort();
}

interface Described {
  url: string;
  error?: string;
  serialNumber?: string;
  description?: { modelName?: string; UDN?: string; manufacturer?: string; deviceType?: string };
}

const skip = netnsSkip() || missingCommand("gssdp-discover", ["--help"], "gupnp-tools");

t.test("node-ssdp's Client, gssdp-discover and upnp-device-client find and read every device of a fleet", { skip }, async (t) => {
  const netns = createNetns(t, "ssdp");
  buildLan(netns);
  const dir = t.testdir();
  writeFileSync(join(dir, "fleet.yaml"), FLEET);
  const fleet = await startFleetProcess(["--fleet", join(dir, "fleet.yaml"), "--state", join(dir, "state"), "--interface", IFACE, "--log-level", "warn"], { netns });
  t.teardown(async () => {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
  });
  t.equal(fleet.ready.ssdpPort, 1900, "the standard port, in the test's own namespace");
  const devices = fleet.ready.devices;
  const locations = devices.map((d) => `http://${d.ip}:80/upnp/description.xml`).sort();

  // node-ssdp's Client: one M-SEARCH per target; each device answers each with its own USN.
  const all = await runInNetns<{ responses: { statusCode: number; ST: string; USN: string; LOCATION: string }[] }>(netns, CLIENTS, ["search", "ssdp:all", "3"]);
  const uuidAt = new Map<string, string>();
  for (const r of all.responses) uuidAt.set(r.LOCATION, r.USN.split("::")[0]!);
  t.same([...uuidAt.keys()].sort(), locations, "node-ssdp ssdp:all: every device, LOCATION on its own address and port 80");
  t.equal(new Set(uuidAt.values()).size, devices.length, "a distinct uuid per device");
  const expectedUsns = [...uuidAt.values()].flatMap((u) => [`${u}::upnp:rootdevice`, u, `${u}::${DEVICE_TYPE}`]).sort();
  t.same([...new Set(all.responses.map((r) => r.USN))].sort(), expectedUsns, "rootdevice, uuid and device type USNs of each");
  t.ok(all.responses.every((r) => r.statusCode === 200));

  const roots = await runInNetns<{ responses: { ST: string; USN: string }[] }>(netns, CLIENTS, ["search", "upnp:rootdevice", "3"]);
  t.same(roots.responses.map((r) => r.USN).sort(), [...uuidAt.values()].map((u) => `${u}::upnp:rootdevice`).sort(), "node-ssdp upnp:rootdevice: one answer per device");

  // gssdp-discover (GUPnP): its own M-SEARCHes on the interface, and the NOTIFYs it hears.
  const { stdout } = await run("ip", ["netns", "exec", netns, "gssdp-discover", "-i", IFACE, "--timeout=3"]);
  t.same(gssdpUsns(stdout, "available"), expectedUsns, "gssdp-discover lists every device's three resources");

  // upnp-device-client reads every description; the serial comes from the same document.
  const described = await runInNetns<Described[]>(netns, CLIENTS, ["describe", ...locations]);
  for (const device of devices) {
    const url = `http://${device.ip}:80/upnp/description.xml`;
    const one = described.find((d) => d.url === url);
    t.notOk(one?.error, `${device.id}: read without error`);
    t.equal(one?.description?.modelName, device.model, `${device.id}: modelName`);
    t.equal(one?.description?.UDN, uuidAt.get(url), `${device.id}: UDN is the uuid it answers with`);
    t.equal(one?.description?.manufacturer, "Hikvision");
    t.equal(one?.description?.deviceType, DEVICE_TYPE);
    t.equal(one?.serialNumber, device.serial, `${device.id}: serialNumber`);
  }

  // Shutting hikemu down: gssdp-discover, listening meanwhile, hears byebye for every resource.
  const listening = spawn("ip", ["netns", "exec", netns, "gssdp-discover", "-i", IFACE, "--timeout=6", "--message-type=unavailable"], { stdio: ["ignore", "pipe", "pipe"] });
  let heard = "";
  listening.stdout.on("data", (chunk: Buffer) => (heard += chunk.toString()));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  fleet.child.kill("SIGTERM");
  t.equal(await waitForExit(fleet.child), 0, "hikemu stops cleanly");
  await waitForExit(listening);
  t.same(gssdpUsns(heard, "unavailable"), expectedUsns, "byebye for every resource of every device");
});
