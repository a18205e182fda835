import t from "tap";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startFleetProcess, waitForExit } from "../helpers/cli-process.js";

t.test("a malformed HIKEMU_ port is a clear message and exit 2, before anything starts", async (t) => {
  const state = t.testdir();
  const { code, stderr, stdout } = await runCli(["start", "--state", state], { HIKEMU_HTTP_PORT: "eighty" });
  t.equal(code, 2);
  t.equal(stdout, "");
  t.match(stderr, /^hikemu: HIKEMU_HTTP_PORT: expected a port number 0-65535, got "eighty"$/m);
  t.notOk(existsSync(join(state, "hikemu-state")), "no state was created");
});

t.test("a malformed command-line port exits 2 too", async (t) => {
  const { code, stderr } = await runCli(["start", "--sadp-port", "0x9c9c", "--state", t.testdir()]);
  t.equal(code, 2);
  t.match(stderr, /--sadp-port <port>' argument '0x9c9c' is invalid\. expected a port number/);
});

t.test("the command line beats the environment, which beats the fleet file", async (t) => {
  const dir = t.testdir({ env: {}, cli: {} });
  const fleetFile = join(dir, "fleet.yaml");
  writeFileSync(fleetFile, "seed: settings-test\nsadp:\n  port: 1\nnetwork:\n  base: 127.58.0.10\ndevices:\n  - profile: DS-2CD2146G2-ISU\n");
  const fleet = await startFleetProcess(["--state", join(dir, "cli"), "--http-port", "0"], {
    env: { HIKEMU_FLEET: fleetFile, HIKEMU_STATE_DIR: join(dir, "env"), HIKEMU_SADP_PORT: "0", HIKEMU_LOG_LEVEL: "silent" },
  });
  t.teardown(() => fleet.child.kill("SIGKILL"));
  t.equal(fleet.ready.state, join(dir, "cli", "hikemu-state"), "--state beats HIKEMU_STATE_DIR");
  t.notOk(existsSync(join(dir, "env", "hikemu-state")));
  t.not(fleet.ready.sadpPort, 1, "HIKEMU_SADP_PORT=0 beats the file's sadp.port");
  t.equal(fleet.ready.devices[0]?.ip, "127.58.0.10", "HIKEMU_FLEET named the fleet");
  fleet.child.kill("SIGTERM");
  t.equal(await waitForExit(fleet.child), 0);
  t.equal(fleet.stderr(), "", "HIKEMU_LOG_LEVEL=silent is honoured");
});
