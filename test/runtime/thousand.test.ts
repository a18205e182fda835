import t from "tap";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startFleetProcess, waitForExit } from "../helpers/cli-process.js";
import { sadpProbe } from "../helpers/sadp-client.js";

t.test("1,000 cameras in one process all answer SADP", async (t) => {
  const dir = t.testdir();
  const fleetFile = join(dir, "fleet.yaml");
  writeFileSync(fleetFile, "seed: thousand\nnetwork:\n  base: 127.41.0.10\ndevices:\n  - profile: DS-2CD2146G2-ISU\n    name: cam-{n}\n    count: 1000\n");
  const fleet = await startFleetProcess(["--fleet", fleetFile, "--state", join(dir, "state"), "--http-port", "0", "--sadp-port", "0", "--log-level", "warn"], { timeoutMs: 120_000 });
  t.teardown(async () => {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
  });
  t.equal(fleet.ready.devices.length, 1000);
  t.equal(new Set(fleet.ready.devices.map((d) => d.ip)).size, 1000, "one address per device");

  const replies = await sadpProbe({ address: "127.0.0.1", port: fleet.ready.sadpPort, expect: 1000, timeoutMs: 30_000 });
  t.equal(replies.byMac.size, 1000, "every device answered one probe");
  t.same(new Set([...replies.byMac.values()].map((f) => f.get("MAC"))), new Set(fleet.ready.devices.map((d) => d.mac.replaceAll(":", "-"))));
  t.ok([...replies.byMac.values()].every((f) => f.get("Uuid") === replies.uuid && f.get("Activated") === "false"));

  // hikemu discover, another process on this host, reads the whole paced burst (its socket buffer is large).
  const discover = await runCli(["discover", "--sadp-port", String(fleet.ready.sadpPort), "--no-ssdp", "--timeout", "5", "--json"]);
  t.equal(discover.code, 0, discover.stderr);
  const found = JSON.parse(discover.stdout) as { mac: string }[];
  t.equal(found.length, 1000, "hikemu discover lost none of the 1,000 answers");
  t.same(new Set(found.map((d) => d.mac)), new Set(fleet.ready.devices.map((d) => d.mac.replaceAll(":", "-"))));
});
