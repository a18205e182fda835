import t from "tap";
import { adminPassword, baseUrl } from "../helpers/emulator.js";
import { startControlFixture } from "../helpers/control-api.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { sadpMac } from "../../src/util/mac.js";

const PASSWORD = "Lab12345!x";

t.test("hold 15 s during power-on on an activated camera: factory state, inactive, as ISAPI and SADP then report", async (t) => {
  const { api, emulator, clock } = await startControlFixture(t, 65);
  const camera = emulator.fleet.byName("camera-1")!;
  await adminPassword(emulator, "camera-1", PASSWORD);
  t.equal((await api("GET", "/api/devices/camera-1")).body.activated, true, "activated first");

  const started = clock!.now();
  const held = await api("POST", "/api/devices/camera-1/button", { action: "hold", seconds: 15, duringPowerOn: true });
  t.equal(held.status, 200);
  t.equal(clock!.now(), started + 15_000, "the hold moved the virtual clock on by its length");
  t.equal(held.body.reset, true, "the button reset the device");
  t.equal(held.body.heldSeconds, 15);
  t.match(held.body.device, { activated: false, button: { pressed: false }, led: "flashing" });
  t.not(held.body.device.power, "running", "it is restarting after the reset");

  // Shutdown and a whole boot: the 60 s boot the reset cut short does not count.
  await api("POST", "/api/clock/advance", { seconds: camera.profile.shutdownSeconds + camera.profile.bootSeconds });
  const after = (await api("GET", "/api/devices/camera-1")).body;
  t.match(after, { power: "running", activated: false, led: "steady" });
  const isapi = await fetch(`${baseUrl(emulator, "camera-1")}/SDK/activateStatus`);
  t.match(await isapi.text(), "<Activated>false</Activated>", "ISAPI agrees");
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock: clock! });
  t.equal(sadp.byMac.get(sadpMac(camera.identity.mac))?.get("Activated"), "false", "SADP agrees");
});

t.test("a 3 s hold while running changes nothing; press and release report the time held", async (t) => {
  const { api, emulator, clock } = await startControlFixture(t, 65);
  await adminPassword(emulator, "camera-1", PASSWORD);
  const before = (await api("GET", "/api/devices/camera-1")).body;

  const short = await api("POST", "/api/devices/camera-1/button", { action: "hold", seconds: 3 });
  t.equal(short.status, 200);
  t.same({ reset: short.body.reset, heldSeconds: short.body.heldSeconds }, { reset: false, heldSeconds: 3 });
  await clock!.advance(120_000);
  const after = (await api("GET", "/api/devices/camera-1")).body;
  t.same(after, before, "activation, power, boot time, light: all as before");

  const pressed = await api("POST", "/api/devices/camera-1/button", { action: "press" });
  t.equal(pressed.status, 200);
  t.equal(pressed.body.device.button.pressed, true);
  const twice = await api("POST", "/api/devices/camera-1/button", { action: "press" });
  t.equal(twice.status, 409);
  t.same(twice.body.error, { code: "invalidOperation", message: "the reset button of camera-1 is already held" });
  await api("POST", "/api/clock/advance", { seconds: 4 });
  const released = await api("POST", "/api/devices/camera-1/button", { action: "release" });
  t.equal(released.status, 200);
  t.equal(released.body.heldSeconds, 4);
  t.equal(released.body.device.button.pressed, false);
  t.equal(released.body.device.activated, true, "4 s is short of the 10 s the camera needs");
  const notHeld = await api("POST", "/api/devices/camera-1/button", { action: "release" });
  t.equal(notHeld.status, 409, "release when not pressed");
  t.same(notHeld.body.error, { code: "invalidOperation", message: "the reset button of camera-1 is not held" });
});

t.test("models refuse what their button cannot do, naming the model, and nothing changes", async (t) => {
  const { api, emulator, clock } = await startControlFixture(t, 65);
  const start = clock!.now();
  for (const body of [{ action: "press" }, { action: "hold", seconds: 15 }]) {
    const reply = await api("POST", "/api/devices/legacy-camera-1/button", body);
    t.equal(reply.status, 409, `legacy camera ${body.action}`);
    t.same(reply.body.error, { code: "notSupport", message: "the DS-2CD2532F-IWS has no reset button" });
  }
  const nvr = await api("POST", "/api/devices/nvr-1/button", { action: "hold", seconds: 15, duringPowerOn: true });
  t.equal(nvr.status, 409);
  t.same(nvr.body.error, { code: "notSupport", message: "the DS-7608NXI-I2/8P/S does not reset when its button is held at power-on" });
  t.match((await api("GET", "/api/devices/nvr-1")).body, { power: "running", button: { pressed: false } }, "the NVR was not powered off");
  t.equal(clock!.now(), start, "no time passed");
  t.equal(emulator.fleet.byName("nvr-1")!.power, "running");
});

t.test("button: bad bodies are 400 and press nothing", async (t) => {
  const { api, emulator } = await startControlFixture(t, 65);
  const bodies: unknown[] = [
    {},
    { action: "push" },
    { action: "hold" },
    { action: "hold", seconds: "15" },
    { action: "hold", seconds: -1 },
    { action: "hold", seconds: 3601 },
    { action: "hold", seconds: 15, duringPowerOn: "yes" },
    { action: "hold", seconds: 15, atPowerOn: true },
    { action: "press", seconds: 3 },
    { action: "release", now: true },
  ];
  for (const body of bodies) {
    const reply = await api("POST", "/api/devices/camera-1/button", body);
    t.equal(reply.status, 400, JSON.stringify(body));
    t.equal(reply.body.error.code, "badRequest");
  }
  t.equal(emulator.fleet.byName("camera-1")!.button.pressed, false);
});

t.test("under the real clock a hold answers when it ends", async (t) => {
  const { api } = await startControlFixture(t, 65, { clock: "real" });
  const started = performance.now();
  const reply = await api("POST", "/api/devices/camera-1/button", { action: "hold", seconds: 0.3 });
  t.equal(reply.status, 200);
  t.equal(reply.body.reset, false);
  // Host timers may fire a millisecond early by the wall clock.
  t.ok(reply.body.heldSeconds >= 0.29, `held ${reply.body.heldSeconds} s of host time`);
  t.ok(performance.now() - started >= 290, "not answered before the hold was over");
  t.equal(reply.body.device.button.pressed, false, "released when answered");
});

t.test("under the real clock a client that goes away mid-hold lifts its finger: no reset", async (t) => {
  const { control, emulator } = await startControlFixture(t, 65, { clock: "real" });
  const camera = emulator.fleet.byName("camera-1")!;
  const pressed = new Promise((resolve) => camera.events.once("button", resolve));
  const released = new Promise<{ heldSeconds?: number }>((resolve) => camera.events.on("button", (e) => e.action === "released" && resolve(e)));
  const gone = new AbortController();
  const request = fetch(`${control.url}/api/devices/camera-1/button`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ action: "hold", seconds: 600 }),
    signal: gone.signal,
  }).catch((error: Error) => error.name);
  t.match(await pressed, { action: "pressed" }, "the hold began");
  gone.abort();
  t.equal(await request, "AbortError");
  const release = await released;
  t.ok((release.heldSeconds ?? 600) < 60, `released when the client went, after ${release.heldSeconds} s, not at 600 s`);
  t.equal(camera.button.pressed, false);
  t.equal(camera.power, "running");
});
