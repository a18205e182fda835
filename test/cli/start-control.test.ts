import t from "tap";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cliCommand, runCli, startFleetProcess, waitForExit } from "../helpers/cli-process.js";

/** A one-camera fleet on its own 127.69.x address. */
function fleetFile(dir: string, octet: number, extra = ""): string {
  const file = join(dir, "fleet.yaml");
  writeFileSync(file, `seed: start-control\nnetwork:\n  base: 127.69.${octet}.10\ndevices:\n  - profile: DS-2CD2146G2-ISU\n    name: camera-1\n${extra}`);
  return file;
}

t.test("a control API off loopback without a token is refused before anything starts: clear message, exit 2", async (t) => {
  const dir = t.testdir();
  const args = ["start", "--fleet", fleetFile(dir, 1), "--http-port", "0", "--sadp-port", "0", "--state", dir, "--log-level", "silent"];
  for (const control of ["0.0.0.0:0", "[::]:0"]) {
    const { code, stdout, stderr } = await runCli([...args, "--control", control]);
    t.equal(code, 2, control);
    t.equal(stdout, "", "no fleet table");
    t.match(stderr, /^hikemu: the control API on (0\.0\.0\.0|::) is reachable from other machines: give it a token \(--control-token TOKEN, or --control-token auto to generate one\), or bind it to 127\.0\.0\.1\n$/);
  }
  t.notOk(existsSync(join(dir, "hikemu-state")), "no state was created");
  const viaEnv = await runCli(args, { HIKEMU_CONTROL: "0.0.0.0:0" });
  t.equal(viaEnv.code, 2, "HIKEMU_CONTROL too");
  t.match(viaEnv.stderr, /reachable from other machines/);
});

t.test("--control-token auto: a token is generated and printed, and the API requires it", async (t) => {
  const dir = t.testdir();
  const fleet = await startFleetProcess(["--fleet", fleetFile(dir, 2), "--http-port", "0", "--sadp-port", "0", "--state", dir, "--log-level", "silent", "--control", "127.0.0.1:0", "--control-token", "auto"]);
  t.teardown(() => fleet.child.kill("SIGKILL"));
  const control = fleet.ready.control!;
  t.match(control.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.match(control.token, /^[A-Za-z0-9_-]{32}$/, "24 random bytes, base64url");
  t.equal((await fetch(`${control.url}/api/devices`)).status, 401, "without it");
  t.equal((await fetch(`${control.url}/api/devices`, { headers: { authorization: "Bearer auto" } })).status, 401, "'auto' is not the token");
  const listed = await fetch(`${control.url}/api/devices`, { headers: { authorization: `Bearer ${control.token}` } });
  t.equal(listed.status, 200, "with it");
  t.match(await listed.json(), { devices: [{ name: "camera-1", listen: "127.69.2.10" }] });
  fleet.child.kill("SIGTERM");
  t.equal(await waitForExit(fleet.child), 0);
});

t.test("the human start-up output names the control URL, the clock and the generated token", async (t) => {
  const dir = t.testdir();
  const { command, argv } = cliCommand(["start", "--fleet", fleetFile(dir, 3, "  - profile: DS-7608NXI-I2/8P/S\n    name: nvr-1\n"), "--http-port", "0", "--sadp-port", "0", "--state", dir, "--log-level", "silent", "--control", "127.0.0.1:0", "--clock", "virtual", "--control-token", "auto"]);
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  t.teardown(() => child.kill("SIGKILL"));
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (l) => {
      lines.push(l);
      if (l.startsWith("recorder local GUI")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}`)));
  });
  const line = lines.find((l) => l.startsWith("control API")) ?? "";
  const match = /^control API and lab console on (http:\/\/127\.0\.0\.1:\d+)\/ \(clock: virtual\); token ([A-Za-z0-9_-]{32})$/.exec(line);
  t.ok(match, line);
  const [, url, token] = match!;
  t.equal((await fetch(`${url}/api/clock`, { headers: { authorization: `Bearer ${token}` } })).status, 200, "the printed token is the one required");
  t.equal((await fetch(`${url}/api/clock`)).status, 401);
  t.equal(lines.at(-1), `recorder local GUI (the monitor output): ${url}/recorder/nvr-1#token=${token}`, "the recorder's local GUI page is named, with the token its page needs");
  const page = await fetch(`${url}/recorder/nvr-1`);
  t.equal(page.status, 200);
  t.match(page.headers.get("content-type"), /^text\/html/);
  await page.text();
  child.kill("SIGTERM");
  t.equal(await waitForExit(child), 0);
});
