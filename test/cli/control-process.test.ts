import t from "tap";
import type { Test } from "tap";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cliCommand, runCli, startFleetProcess, waitForExit, type StartedFleet } from "../helpers/cli-process.js";

/** `hikemu start --control 127.0.0.1:0 --clock virtual` with a camera and an NVR on 127.91.<n>.x. */
async function startHikemu(t: Test, n: number, extra: string[] = []): Promise<StartedFleet> {
  const dir = t.testdir();
  const file = join(dir, "fleet.yaml");
  writeFileSync(file, `seed: control-process\nnetwork:\n  base: 127.91.${n}.10\ndevices:\n  - profile: DS-2CD2146G2-ISU\n    name: camera-1\n  - profile: DS-7608NXI-I2/8P/S\n    name: nvr-1\n`);
  const fleet = await startFleetProcess(["--fleet", file, "--state", dir, "--http-port", "0", "--sadp-port", "0", "--log-level", "silent", "--control", "127.0.0.1:0", "--clock", "virtual", ...extra]);
  t.teardown(() => fleet.child.kill("SIGKILL"));
  return fleet;
}

/** `hikemu events …` running, once it says it follows the stream; stdout lines as they come. */
async function followEvents(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; lines: string[]; stderr: () => string; next: (n: number) => Promise<string[]> }> {
  const { command, argv } = cliCommand(["events", ...args]);
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  const lines: string[] = [];
  let errors = "";
  const wakers = new Set<() => void>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    wakers.forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
      if (errors.includes("(Ctrl-C to stop)\n")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`events exited ${code}: ${errors}`)));
  });
  const next = (n: number) =>
    new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${lines.length} of ${n} lines: ${lines.join(" | ")}`)), 10_000);
      const check = () => {
        if (lines.length < n) return;
        clearTimeout(timer);
        wakers.delete(check);
        resolve(lines.slice(0, n));
      };
      wakers.add(check);
      check();
    });
  return { child, lines, stderr: () => errors, next };
}

t.test("against a running hikemu: HIKEMU_CONTROL_URL, exit 0 / 1 / 2, the clock, events --device until interrupted", async (t) => {
  const fleet = await startHikemu(t, 1);
  const env = { HIKEMU_CONTROL_URL: fleet.ready.control!.url };
  const ls = await runCli(["device", "ls"], env);
  t.equal(ls.code, 0, ls.stderr);
  t.match(ls.stdout, /^camera-1 +DS-2CD2146G2-ISU +\S+ +127\.91\.1\.10 +running +no +steady$/m);
  const refused = await runCli(["device", "power", "nvr-1", "on"], env);
  t.same(refused, { code: 1, stdout: "", stderr: "hikemu: nvr-1 is already powered on\n" }, "an API refusal: its message, exit 1");
  const usage = await runCli(["device", "power", "nvr-1", "up"], env);
  t.equal(usage.code, 2, "a usage error: exit 2");
  t.match(usage.stderr, /Allowed choices are on, off, cycle/);
  const before = ((await (await fetch(`${env.HIKEMU_CONTROL_URL}/api/clock`)).json()) as { epochMs: number }).epochMs;
  const advance = await runCli(["clock", "advance", "1h30m"], env);
  t.equal(advance.code, 0, advance.stderr);
  const after = ((await (await fetch(`${env.HIKEMU_CONTROL_URL}/api/clock`)).json()) as { epochMs: number }).epochMs;
  t.equal(after - before, 5_400_000);
  t.match(advance.stdout, /^advanced 1h30m\nclock +virtual\nnow +\S+Z\n$/);

  // events --device: one line per event of that device, until interrupted (exit 0).
  const url = env.HIKEMU_CONTROL_URL;
  const events = await followEvents(["--device", "camera-1", "--control", url], {});
  t.teardown(() => events.child.kill("SIGKILL"));
  const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await post("/api/devices/nvr-1/power", { state: "off" });
  await post("/api/devices/camera-1/power", { state: "off" });
  await post("/api/devices/camera-1/power", { state: "on" });
  await post("/api/clock/advance", { seconds: 60 });
  const lines = await events.next(10);
  const fields = lines.map((l) => l.split("  "));
  t.ok(
    fields.every((f) => f[1] === "camera-1"),
    "the NVR's events are left out",
  );
  t.same(
    fields.map((f) => f[2]),
    ["power", "led", "powered", "powered", "power", "led", "booting", "irCut", "power", "ready"],
  );
  t.same(fields[0], [fields[0]![0], "camera-1", "power", "state=off"]);
  t.match(fields[0]![0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, "device time first");
  t.match(lines[6], / {2}booting {2}bootTime=\d+ {2}bootSeconds=60$/);
  t.equal(Date.parse(fields[9]![0]!) - Date.parse(fields[0]![0]!), 60_000, "ready came 60 s of device time later");
  events.child.kill("SIGINT");
  t.equal(await waitForExit(events.child), 0);
  t.equal(events.lines.length, 10, "nothing else");
});

t.test("events --json, and a stream that ends because hikemu stopped (exit 2, said so)", async (t) => {
  const fleet = await startHikemu(t, 3);
  const url = fleet.ready.control!.url;
  const events = await followEvents(["--json"], { HIKEMU_CONTROL_URL: url });
  t.teardown(() => events.child.kill("SIGKILL"));
  await fetch(`${url}/api/devices/nvr-1/faults`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ unplugged: true }) });
  const [line] = await events.next(1);
  t.match(JSON.parse(line!), { type: "faults", device: "nvr-1", data: { action: "set", faults: { unplugged: true } } });
  fleet.child.kill("SIGTERM");
  t.equal(await waitForExit(fleet.child), 0);
  t.equal(await waitForExit(events.child), 2);
  t.match(events.stderr(), `hikemu: the event stream of ${url} ended: hikemu stopped\n`);
});

t.test("a generated token: HIKEMU_CONTROL_TOKEN or --token; without it the API's 401, exit 1; nothing there, exit 2", async (t) => {
  const fleet = await startHikemu(t, 4, ["--control-token", "auto"]);
  const { url, token } = fleet.ready.control!;
  const withEnv = await runCli(["device", "show", "nvr-1", "--json"], { HIKEMU_CONTROL_URL: url, HIKEMU_CONTROL_TOKEN: token! });
  t.equal(withEnv.code, 0, withEnv.stderr);
  t.match(JSON.parse(withEnv.stdout), { name: "nvr-1", listen: { address: "127.91.4.11" } });
  const without = await runCli(["clock", "show", "--control", url], { HIKEMU_CONTROL_TOKEN: "" });
  t.equal(without.code, 1);
  t.match(without.stderr, /^hikemu: this control API needs its bearer token/);
  t.equal((await runCli(["clock", "show", "--control", url, "--token", token!])).code, 0);

  fleet.child.kill("SIGTERM");
  await waitForExit(fleet.child);
  const gone = await runCli(["device", "ls"], { HIKEMU_CONTROL_URL: url });
  t.same(gone, { code: 2, stdout: "", stderr: `hikemu: no hikemu control API at ${url}: ECONNREFUSED — is \`hikemu start\` running?\n` });
});
