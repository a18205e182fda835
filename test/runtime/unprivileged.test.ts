import t from "tap";
import { chownSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFleetProcess, waitForExit } from "../helpers/cli-process.js";
import { sadpProbe } from "../helpers/sadp-client.js";

const NOBODY = 65534;

t.test("without root, HTTP falls back to the configured port, and SADP reports the port served", async (t) => {
  const dir = t.testdir();
  const state = join(dir, "state");
  mkdirSync(state);
  chownSync(state, NOBODY, NOBODY);
  const fleetFile = join(dir, "fleet.yaml");
  writeFileSync(fleetFile, "network:\n  base: 127.42.0.10\nhttp:\n  fallbackPort: 8080\ndevices:\n  - profile: DS-2CD2146G2-ISU\n  - profile: DS-7608NXI-I2/8P/S\n");
  const fleet = await startFleetProcess(["--fleet", fleetFile, "--state", state, "--sadp-port", "0", "--log-level", "warn"], { uid: NOBODY, gid: NOBODY });
  t.teardown(async () => {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
  });
  t.same(
    fleet.ready.devices.map((d) => d.httpUrl),
    ["http://127.42.0.10:8080/", "http://127.42.0.11:8080/"],
    "port 80 refused to a non-root process; every device serves the fallback port",
  );
  const sadp = await sadpProbe({ address: "127.0.0.1", port: fleet.ready.sadpPort, expect: 2 });
  t.same([...sadp.byMac.values()].map((f) => f.get("HttpPort")), ["8080", "8080"], "SADP reports the port actually served");
  const status = await fetch("http://127.42.0.10:8080/SDK/activateStatus");
  t.equal(status.status, 200);
});
