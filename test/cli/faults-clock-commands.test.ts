import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { startControlFixture } from "../helpers/control-api.js";
import { runControlCommand } from "../helpers/cli-in-process.js";

const fields = (text: string) => Object.fromEntries(text.trimEnd().split("\n").map((l) => l.split(/\s{2,}/)));

t.test("device faults: shown with no option, set by options (the others stay), cleared with --clear", async (t) => {
  const { control, api } = await startControlFixture(t, 90);
  const faults = (...rest: string[]) => runControlCommand(["device", "faults", "camera-1", ...rest, "--control", control.url]);
  const none = { httpLatencyMs: "0", httpErrorRate: "0", discoveryDropRate: "0", unplugged: "no", extraBootSeconds: "0" };
  const shown = await faults();
  t.same({ code: shown.code, stderr: shown.stderr }, { code: 0, stderr: "" });
  t.same(fields(shown.stdout), none);

  t.same(fields((await faults("--latency", "200", "--error-rate", "0.5")).stdout), { ...none, httpLatencyMs: "200", httpErrorRate: "0.5" });
  t.same(fields((await faults("--drop-rate", "0.25", "--slow-boot", "30", "--unplugged")).stdout), { httpLatencyMs: "200", httpErrorRate: "0.5", discoveryDropRate: "0.25", unplugged: "yes", extraBootSeconds: "30" });
  t.match((await api("GET", "/api/devices/camera-1")).body, { reachable: false, faults: { httpLatencyMs: 200, httpErrorRate: 0.5, discoveryDropRate: 0.25, unplugged: true, extraBootSeconds: 30 } }, "the API agrees");
  t.match((await runControlCommand(["device", "show", "camera-1", "--control", control.url])).stdout, /^faults +httpLatencyMs=200 httpErrorRate=0\.5 discoveryDropRate=0\.25 unplugged extraBootSeconds=30$/m);
  t.match((await runControlCommand(["device", "show", "camera-1", "--control", control.url])).stdout, /^power +running \(unplugged: not on the network\)$/m);
  t.equal(fields((await faults("--plugged")).stdout).unplugged, "no");

  const before = (await api("GET", "/api/devices/camera-1")).body.faults;
  t.same(await faults("--error-rate", "2"), { code: 1, stdout: "", stderr: "hikemu: httpErrorRate must be a number from 0 to 1\n" }, "the API judges ranges");
  t.same(await faults("--latency", "-5", "--drop-rate", "0.1"), { code: 1, stdout: "", stderr: "hikemu: httpLatencyMs must be a number from 0 to 600000\n" });
  for (const args of [["--latency", "fast"], ["--unplugged", "--plugged"], ["--clear", "--latency", "5"], ["--clear", "--unplugged"], ["--error-rate"], ["--colour", "red"]]) {
    const run = await faults(...args);
    t.equal(run.code, 2, args.join(" "));
    t.equal(run.stdout, "");
  }
  t.match((await faults("--clear", "--slow-boot", "5")).stderr, /^error: option '--clear' cannot be used with option '--slow-boot <seconds>'/m);
  t.same((await api("GET", "/api/devices/camera-1")).body.faults, before, "no refused or malformed command changed anything");

  const cleared = await faults("--clear");
  t.same(fields(cleared.stdout), none);
  t.same((await api("GET", "/api/devices/camera-1")).body.faults, { httpLatencyMs: 0, httpErrorRate: 0, discoveryDropRate: 0, unplugged: false, extraBootSeconds: 0 });
  t.same(await runControlCommand(["device", "faults", "ghost", "--control", control.url]), { code: 1, stdout: "", stderr: 'hikemu: no device named "ghost"\n' });
});

t.test("clock show and clock advance with durations", async (t) => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1, 0, 0, 0));
  const { control } = await startControlFixture(t, 90, { clock });
  const run = (...args: string[]) => runControlCommand(["clock", ...args, "--control", control.url]);
  t.same(await run("show"), { code: 0, stdout: "clock  virtual\nnow    2026-01-01T00:00:00.000Z\n", stderr: "" });
  t.same(JSON.parse((await run("show", "--json")).stdout), { mode: "virtual", now: "2026-01-01T00:00:00.000Z", epochMs: Date.UTC(2026, 0, 1) });

  const steps: [string, number, string][] = [
    ["30m", 1_800, "30m"],
    ["90s", 90, "1m30s"],
    ["1h30m", 5_400, "1h30m"],
    ["2d", 172_800, "2d"],
    ["45", 45, "45s"],
    ["1.5h", 5_400, "1h30m"],
    ["0.25", 0.25, "0.25s"],
  ];
  for (const [text, seconds, said] of steps) {
    const before = clock.now();
    const advanced = await run("advance", text);
    t.equal(advanced.code, 0, text);
    t.equal(clock.now() - before, seconds * 1000, `${text} is ${seconds} s`);
    t.equal(advanced.stdout, `advanced ${said}\nclock  virtual\nnow    ${new Date(clock.now()).toISOString()}\n`);
  }
  const before = clock.now();
  for (const text of ["1x", "m", "30m1h", "1h1h", "-5", "1 h", ""]) {
    const bad = await run("advance", text);
    t.equal(bad.code, 2, JSON.stringify(text));
    t.match(bad.stderr, /argument 'duration'\. expected a duration such as 90s, 30m, 1h30m or 2d \(a bare number is seconds\)|missing required argument/);
  }
  const none = await run("advance", "0");
  t.equal(none.code, 2, "no time at all is a usage error");
  t.match(none.stderr, 'the clock only moves forward: give a duration longer than nothing, got "0"');
  const tooLong = await run("advance", "367d");
  t.equal(tooLong.code, 2);
  t.match(tooLong.stderr, 'at most 366d at a time, got "367d"');
  t.equal(clock.now(), before, "none of these moved the clock");
});

t.test("clock advance on a real clock is the API's refusal, exit 1", async (t) => {
  const { control } = await startControlFixture(t, 90, { clock: "real" });
  t.match((await runControlCommand(["clock", "show", "--control", control.url])).stdout, /^clock +real$/m);
  t.same(await runControlCommand(["clock", "advance", "30m", "--control", control.url]), { code: 1, stdout: "", stderr: "hikemu: the clock is real: start hikemu with --clock virtual to advance it\n" });
});
