import t from "tap";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { descriptorShortfall, descriptorsNeeded, openFileLimit, parseOpenFileLimit } from "../../src/runtime/descriptor-budget.js";
import { runCli, startFleetProcess, waitForExit } from "../helpers/cli-process.js";
import { missingCommand } from "../helpers/netns.js";

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

t.test("the soft open-files limit is read from /proc/self/limits", (t) => {
  t.equal(parseOpenFileLimit(LIMITS), 1024);
  t.equal(parseOpenFileLimit(LIMITS.replace("1024   ", "unlimited")), undefined, "unlimited: no budget to keep");
  t.equal(parseOpenFileLimit(undefined), undefined, "no /proc (not Linux): no check");
  t.type(openFileLimit(), "number", "this machine has one");
  t.end();
});

t.test("the budget: two listeners per device (HTTP, HTTPS), the start-up batch of state files, a reserve", (t) => {
  t.equal(descriptorsNeeded(1000), 2 * 1000 + 64 + 128);
  t.equal(descriptorShortfall(400, 1024), undefined);
  t.equal(
    descriptorShortfall(1000, 1024),
    "1000 devices need about 2192 open files, but this process may open 1024; raise the limit (e.g. ulimit -n 4096) or run fewer devices",
  );
  t.equal(descriptorShortfall(5000, undefined), undefined);
  t.equal(descriptorsNeeded(3), 2 * 3 + 3 + 128, "a small fleet opens only its own few state files at start-up");
  t.end();
});

function fleetFile(dir: string, count: number): string {
  const file = join(dir, "fleet.yaml");
  writeFileSync(file, `seed: budget\nnetwork:\n  base: 127.44.0.10\ndevices:\n  - profile: DS-2CD2146G2-ISU\n    name: cam-{n}\n    count: ${count}\n`);
  return file;
}

const prlimitMissing = missingCommand("prlimit", ["--version"], "util-linux");

t.test("under prlimit --nofile=256 a 500-device fleet is refused before anything is bound or written", { skip: prlimitMissing }, async (t) => {
  const dir = t.testdir();
  const state = join(dir, "state");
  const result = await runCli(["start", "--fleet", fleetFile(dir, 500), "--state", state, "--http-port", "0", "--sadp-port", "0"], {}, ["prlimit", "--nofile=256"]);
  t.equal(result.code, 2, "exit code 2 (not a fleet-file problem)");
  t.equal(
    result.stderr.trim(),
    "hikemu: 500 devices need about 1192 open files, but this process may open 256; raise the limit (e.g. ulimit -n 2048) or run fewer devices",
    "one clear line naming the number and the fix",
  );
  t.equal(result.stdout, "", "no fleet listing");
  t.notOk(existsSync(state), "no state written: not even the directory");
});

t.test("below what hikemu itself needs, the command says so before loading the rest of the program", { skip: prlimitMissing }, async (t) => {
  const result = await runCli(["start", "--http-port", "0", "--sadp-port", "0", "--state", join(t.testdir(), "state")], {}, ["prlimit", "--nofile=100"]);
  t.equal(result.code, 2);
  t.equal(result.stderr.trim(), "hikemu: hikemu needs about 128 open files, but this process may open 100; raise the limit (e.g. ulimit -n 1024)");
});

t.test("with the descriptors the budget asks for, the same 500 devices start", { skip: prlimitMissing }, async (t) => {
  const dir = t.testdir();
  const fleet = await startFleetProcess(["--fleet", fleetFile(dir, 500), "--state", join(dir, "state"), "--http-port", "0", "--sadp-port", "0", "--log-level", "warn"], {
    wrapper: ["prlimit", `--nofile=${descriptorsNeeded(500)}`],
    timeoutMs: 120_000,
  });
  t.teardown(async () => {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
  });
  t.equal(fleet.ready.devices.length, 500);
  const last = fleet.ready.devices[499]!;
  t.equal((await fetch(`${last.httpUrl}SDK/activateStatus`)).status, 200, "the last device answers");
});
