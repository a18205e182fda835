import t from "tap";
import { createServer } from "node:net";
import { startControlFixture } from "../helpers/control-api.js";
import { runControlCommand } from "../helpers/cli-in-process.js";
import { adminPassword } from "../helpers/emulator.js";

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test("device ls: a table of the fleet, or the API's JSON", async (t) => {
  const { control, api } = await startControlFixture(t, 70);
  const run = await runControlCommand(["device", "ls", "--control", control.url]);
  t.same({ code: run.code, stderr: run.stderr }, { code: 0, stderr: "" });
  const lines = run.stdout.trimEnd().split("\n");
  t.match(lines[0], /^NAME\s+MODEL\s+IP\s+LISTEN\s+POWER\s+ACTIVATED\s+LED$/);
  t.match(lines[1], /^-+( +-+){6}$/);
  t.match(lines.slice(2), [/^camera-1\s+DS-2CD2146G2-ISU\s+\S+\s+127\.70\.0\.10\s+running\s+no\s+steady$/, /^legacy-camera-1\s+DS-2CD2532F-IWS\s+\S+\s+127\.70\.0\.11\s+running\s+yes\s+steady$/, /^nvr-1\s+DS-7608NXI-I2\/8P\/S\s+\S+\s+127\.70\.0\.12\s+running\s+no\s+steady$/]);
  t.equal(lines.length, 5);
  const json = await runControlCommand(["device", "ls", "--json", "--control", control.url]);
  t.same(JSON.parse(json.stdout), (await api("GET", "/api/devices")).body.devices);
  t.equal(json.stdout.split("\n").length, 2, "one line");
});

t.test("device show: one device's fields, or its JSON; an unknown name is the API's 404, exit 1", async (t) => {
  const { control, api, emulator } = await startControlFixture(t, 70);
  const camera = emulator.fleet.byName("camera-1")!;
  const run = await runControlCommand(["device", "show", "camera-1", "--control", control.url]);
  t.equal(run.code, 0);
  const fields = Object.fromEntries(run.stdout.trimEnd().split("\n").map((l) => [l.slice(0, 10).trim(), l.slice(11)]));
  t.same(fields, {
    name: "camera-1",
    model: "DS-2CD2146G2-ISU (ipc)",
    serial: camera.identity.serial,
    mac: camera.identity.mac,
    ip: camera.network.ipv4,
    listen: `127.70.0.10:${camera.serving.httpPort}`,
    power: "running",
    activated: "no",
    led: "steady",
    "boot time": new Date(camera.bootedAt).toISOString(),
    button: "reset after 10 s held at power-on or while running; not pressed",
    faults: "none",
  });
  t.match((await runControlCommand(["device", "show", "legacy-camera-1", "--control", control.url])).stdout, /^button +none$/m);
  const json = await runControlCommand(["device", "show", "camera-1", "--json", "--control", control.url]);
  t.same(JSON.parse(json.stdout), (await api("GET", "/api/devices/camera-1")).body);

  t.same(await runControlCommand(["device", "show", "ghost", "--control", control.url]), { code: 1, stdout: "", stderr: 'hikemu: no device named "ghost"\n' });
  const missing = await runControlCommand(["device", "show", "--control", control.url]);
  t.equal(missing.code, 2, "usage error");
  t.match(missing.stderr, /^error: missing required argument 'name'/);
});

t.test("device power: on, off, cycle; refusals exit 1 with the API's message; a bad state exits 2", async (t) => {
  const { control, clock, emulator } = await startControlFixture(t, 70);
  const power = (...rest: string[]) => runControlCommand(["device", "power", ...rest, "--control", control.url]);
  t.same(await power("camera-1", "off"), { code: 0, stdout: "camera-1: off\n", stderr: "" });
  t.same(await power("camera-1", "off"), { code: 1, stdout: "", stderr: "hikemu: camera-1 is already off\n" });
  t.same(await power("camera-1", "on"), { code: 0, stdout: `camera-1: booting, answers from ${new Date(clock!.now() + 60_000).toISOString()}\n`, stderr: "" });
  t.same(await power("nvr-1", "cycle"), { code: 0, stdout: `nvr-1: booting, answers from ${new Date(clock!.now() + 90_000).toISOString()}\n`, stderr: "" });
  const bad = await power("camera-1", "sideways");
  t.equal(bad.code, 2);
  t.match(bad.stderr, /argument 'state'\. Allowed choices are on, off, cycle\./);
  t.match(bad.stderr, /Usage: hikemu device power/, "with the usage");
  t.equal((await power("camera-1")).code, 2, "no state");
  t.equal(emulator.fleet.byName("camera-1")!.power, "booting", "the bad ones changed nothing");
});

t.test("device button: press, release, hold (default 15 s, --during-power-on); refusals name the model", async (t) => {
  const { control, clock, emulator, api } = await startControlFixture(t, 70);
  const button = (...rest: string[]) => runControlCommand(["device", "button", ...rest, "--control", control.url]);
  await adminPassword(emulator, "camera-1", "Lab12345!x");

  let start = clock!.now();
  t.same(await button("camera-1", "hold", "--seconds", "3"), { code: 0, stdout: "camera-1: button released after 3 s; no reset\n", stderr: "" });
  t.equal(clock!.now() - start, 3_000, "the hold advanced the virtual clock");
  t.same(await button("camera-1", "press"), { code: 0, stdout: "camera-1: button pressed (running)\n", stderr: "" });
  await api("POST", "/api/clock/advance", { seconds: 2.5 });
  t.same(await button("camera-1", "release"), { code: 0, stdout: "camera-1: button released after 2.5 s\n", stderr: "" });
  t.same(await button("camera-1", "release"), { code: 1, stdout: "", stderr: "hikemu: the reset button of camera-1 is not held\n" });

  start = clock!.now();
  t.same(await button("camera-1", "hold", "--during-power-on"), { code: 0, stdout: "camera-1: button released after 15 s; reset to the factory state, booting\n", stderr: "" });
  t.equal(clock!.now() - start, 15_000, "15 s unless told otherwise");
  t.equal(emulator.fleet.byName("camera-1")!.activated, false);

  t.same(await button("legacy-camera-1", "press"), { code: 1, stdout: "", stderr: "hikemu: the DS-2CD2532F-IWS has no reset button\n" });
  t.same(await button("nvr-1", "hold", "--during-power-on"), { code: 1, stdout: "", stderr: "hikemu: the DS-7608NXI-I2/8P/S does not reset when its button is held at power-on\n" });
  for (const seconds of ["4000", "-1"]) {
    const refused = await button("camera-1", "hold", "--seconds", seconds);
    t.equal(refused.code, 2, `--seconds ${seconds} is a usage error, checked before anything is sent`);
    t.match(refused.stderr, `a hold lasts 0 to 3600 seconds, got ${seconds}`);
  }
  for (const args of [
    ["camera-1", "press", "--seconds", "3"],
    ["camera-1", "release", "--during-power-on"],
    ["camera-1", "hold", "--seconds", "ten"],
    ["camera-1", "push"],
  ]) {
    const run = await button(...args);
    t.equal(run.code, 2, args.join(" "));
    t.equal(run.stdout, "");
  }
  t.match((await button("camera-1", "press", "--seconds", "3")).stderr, /^error: --seconds and --during-power-on go with hold, not press$/m);
  t.match((await button("camera-1", "hold", "--seconds", "ten")).stderr, /'--seconds <seconds>' argument 'ten' is invalid\. expected a number, got "ten"/);
  t.equal(emulator.fleet.byName("camera-1")!.button.pressed, false);
});

t.test("no control API there, a token missing, or something else answering: clear messages", async (t) => {
  const port = await closedPort();
  t.same(await runControlCommand(["device", "ls", "--control", `http://127.0.0.1:${port}`]), {
    code: 2,
    stdout: "",
    stderr: `hikemu: no hikemu control API at http://127.0.0.1:${port}: ECONNREFUSED — is \`hikemu start\` running?\n`,
  });
  t.match((await runControlCommand(["device", "ls", "--control", `127.0.0.1:${port}`])).stderr, `at http://127.0.0.1:${port}:`, "HOST:PORT as start --control takes it");

  const { control, emulator } = await startControlFixture(t, 70, { token: "cli-secret" });
  const refused = await runControlCommand(["device", "ls", "--control", control.url]);
  t.equal(refused.code, 1);
  t.equal(refused.stderr, "hikemu: this control API needs its bearer token (Authorization: Bearer TOKEN) (give it with --token or HIKEMU_CONTROL_TOKEN; `hikemu start` printed it)\n");
  t.equal((await runControlCommand(["device", "ls", "--control", control.url, "--token", "wrong"])).code, 1);
  const allowed = await runControlCommand(["device", "--control", control.url, "--token", "cli-secret", "ls"]);
  t.equal(allowed.code, 0, "group options before the command too");
  t.match(allowed.stdout, /^camera-1 /m);

  const camera = emulator.fleet.byName("camera-1")!;
  const device = `http://${camera.serving.address}:${camera.serving.httpPort}`;
  const camerasOwn = await runControlCommand(["device", "ls", "--control", device]);
  t.equal(camerasOwn.code, 2, "a camera's own HTTP port");
  t.match(camerasOwn.stderr, new RegExp(`^hikemu: ${device} answered HTTP 4\\d\\d without a control API error: is it a hikemu control API\\?\n$`));
  for (const url of ["ftp://127.0.0.1", "http://", "http://127.0.0.1:9080/?x=1"]) {
    const bad = await runControlCommand(["device", "ls", "--control", url]);
    t.equal(bad.code, 2, url);
    t.match(bad.stderr, /option '--control <url>' argument .* is invalid/);
  }
});
