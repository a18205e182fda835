import t from "tap";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { startFleetProcess, waitForExit } from "../../helpers/cli-process.js";
import { createNetns, netnsSkip, runInNetns } from "../../helpers/netns.js";

const PROBE = fileURLToPath(new URL("../../helpers/sadp-probe-main.ts", import.meta.url));

interface ProbeOutput {
  uuid: string;
  replies: Record<string, string>[];
}

function inside<T>(netns: string, ...args: string[]): Promise<T> {
  return runInNetns<T>(netns, PROBE, args);
}

function probeInside(netns: string, address: string, multicastInterface?: string): Promise<ProbeOutput> {
  return inside<ProbeOutput>(netns, "probe", address, "37020", "3", ...(multicastInterface ? [multicastInterface] : []));
}

t.test("the default fleet on the real SADP port, inside a namespace of the test's own", { skip: netnsSkip() }, async (t) => {
  const netns = createNetns(t, "sadp");
  // `hikemu start` with its defaults: SADP on 37020, HTTP on 80, multicast pinned to 127.0.0.1.
  const fleet = await startFleetProcess(["--state", join(t.testdir(), "state"), "--log-level", "warn"], { netns });
  t.teardown(async () => {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
  });
  t.equal(fleet.ready.sadpPort, 37020);
  const macs = fleet.ready.devices.map((d) => d.mac.replaceAll(":", "-")).sort();

  for (const [how, address, iface] of [
    ["unicast to 127.0.0.1:37020", "127.0.0.1", undefined],
    ["multicast to 239.255.255.250:37020", "239.255.255.250", "127.0.0.1"],
  ] as const) {
    const output = await probeInside(netns, address, iface);
    t.equal(output.replies.length, 3, `${how}: one ProbeMatch per device`);
    t.same(output.replies.map((r) => r["MAC"]).sort(), macs, `${how}: every device answered`);
    t.ok(output.replies.every((r) => r["Uuid"] === output.uuid), `${how}: Uuid echoed`);
    // V5.2 firmware (the legacy camera) has no activation: active from the factory (issue #5).
    const legacyMac = fleet.ready.devices.find((d) => d.model === "DS-2CD2532F-IWS")?.mac.replaceAll(":", "-");
    t.ok(output.replies.every((r) => r["Activated"] === (r["MAC"] === legacyMac ? "true" : "false")), `${how}: a new fleet is inactive where the firmware has activation`);
    t.ok(output.replies.every((r) => r["HttpPort"] === "80"), `${how}: HTTP on port 80 where it may bind`);
  }

  t.same(
    await inside(netns, "group", "239.255.255.250", "37020", "3"),
    { unicast: 3, viaGroup: 3 },
    "each reply goes to the sender and, as a copy, to 239.255.255.250:37020 where SADP Tool listens",
  );

  t.same(await inside(netns, "junk", "127.0.0.1", "37020"), { sent: 3 }, "random bytes, truncated XML and a 64 KiB datagram sent to 37020");
  const after = await probeInside(netns, "127.0.0.1");
  t.equal(after.replies.length, 3, "later probes still answered");
  t.equal(fleet.child.exitCode, null, "the process is alive");
});
