import t from "tap";
import { ResetButton } from "../../src/emulator/reset-button.js";
import type { Profile } from "../../src/profiles/index.js";
import { CAMERA, LEGACY, NVR, makeFleet, profile, silentLogger, spec } from "../helpers/harness.js";
import { LIFECYCLE_EVENTS, loneLifecycle, namesOf, recordEvents } from "../helpers/lifecycle.js";
import { GatedStore } from "../helpers/gated-store.js";

const CONTROL = { front: "control", peer: "127.0.0.1" } as const;
const PASSWORD = "Hik12345!";

// ---------------------------------------------------------------- ResetButton alone

/** A button on a lone lifecycle; `resetToFactory` is counted and reboots as the device's does. */
function loneButton(p: Profile) {
  const lone = loneLifecycle(p, "unit-1");
  let resets = 0;
  let failNext = false;
  const button = new ResetButton({
    name: "unit-1",
    profile: () => p,
    clock: lone.clock,
    logger: silentLogger,
    events: lone.events,
    lifecycle: lone.lifecycle,
    resetToFactory: async () => {
      if (failNext) {
        failNext = false;
        throw new Error("flash write failed");
      }
      resets++;
      lone.events.emit("reset", { name: "unit-1", mode: "full", cause: "button" });
      lone.lifecycle.reboot("button");
    },
  });
  return { ...lone, button, resets: () => resets, failNextReset: () => (failNext = true) };
}

t.test("ResetButton alone: press and release report the hold time in device seconds", async (t) => {
  const b = loneButton(profile(CAMERA));
  const seen = recordEvents(b.events, ["button"]);
  t.equal(b.button.present, true);
  t.equal(b.button.pressed, false);
  b.button.press();
  t.equal(b.button.pressed, true);
  await b.clock.advance(2_500);
  t.equal(b.button.release(), 2.5);
  t.equal(b.button.pressed, false);
  t.same(seen, [
    ["button", { name: "unit-1", action: "pressed" }],
    ["button", { name: "unit-1", action: "released", heldSeconds: 2.5 }],
  ]);
  t.equal(b.resets(), 0, "a short press does nothing");
  t.same(b.clock.pendingTimers(), [], "released early: nothing armed");
});

t.test("ResetButton alone: held while running fires at holdSeconds exactly, once", async (t) => {
  const b = loneButton(profile(CAMERA));
  b.button.press();
  await b.clock.advance(9_999);
  t.equal(b.resets(), 0, "1 ms short of holdSeconds");
  await b.clock.advance(1);
  t.equal(b.resets(), 1, "at holdSeconds");
  t.equal(b.lifecycle.state, "rebooting");
  await b.clock.advance(10 * 60_000);
  t.equal(b.resets(), 1, "the reboot and boot that follow do not re-arm it");
  t.equal(b.lifecycle.state, "running");
  t.equal(b.lifecycle.led, "steady");
  t.equal(b.button.release(), 610, "still held all along");
});

t.test("ResetButton alone: a model that resets only at power-on ignores a hold while running", async (t) => {
  const b = loneButton({ ...profile(CAMERA), resetButton: { present: true, holdSeconds: 10, atPowerOn: true, whileRunning: false } });
  b.button.press();
  await b.clock.advance(60_000);
  t.equal(b.resets(), 0);
  t.same(b.clock.pendingTimers(), []);
  b.lifecycle.powerOff();
  b.lifecycle.powerOn();
  await b.clock.advance(10_000);
  t.equal(b.resets(), 1, "kept holding through a power cycle: the power-on reset");
});

t.test("ResetButton alone: a failed reset leaves the device up, and the press spent", async (t) => {
  const b = loneButton(profile(CAMERA));
  b.failNextReset();
  b.button.press();
  await b.clock.advance(10_000);
  t.equal(b.resets(), 0);
  t.equal(b.lifecycle.state, "running");
  await b.clock.advance(60_000);
  t.equal(b.resets(), 0, "holding on does not try again: let go and press anew");
});

// ---------------------------------------------------------------- through the Device facade

async function fleetWith(store = new GatedStore()) {
  const harness = await makeFleet({
    store,
    specs: [spec(CAMERA, "camera-1", "127.21.0.10", PASSWORD), spec(LEGACY, "legacy-1", "127.21.0.11"), spec(NVR, "nvr-1", "127.21.0.12", PASSWORD)],
  });
  store.saves.length = 0;
  return { ...harness, store };
}

t.test("Device: camera held 15 s from power-on: factory flash, light flashing until the next boot completes, cause button", async (t) => {
  const { fleet, clock, store } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  t.equal(cam.activated, true);
  store.observe = () => cam.power;
  const t0 = clock.now();
  const seen = recordEvents(cam.events, LIFECYCLE_EVENTS);

  const held = cam.button.hold(15, { duringPowerOn: true });
  t.equal(cam.power, "booting", "powered off, pressed, powered on: booting with the button held");
  t.equal(cam.button.pressed, true);
  await clock.advance(9_999);
  t.equal(cam.led, "steady");
  t.equal(cam.activated, true, "not yet");
  await clock.advance(1);
  t.equal(cam.led, "flashing", "holdSeconds (10 s) reached: the light flashes");
  t.equal(cam.activated, false, "factory flash");
  t.equal(cam.power, "rebooting");
  t.equal(store.saves.length, 1);
  t.same(store.saves[0]!.observed, "booting", "factory flash written before the device went down");
  t.match(store.saves[0]!.value, { flash: { activated: false, users: [], network: cam.profile.factoryNetwork } });
  await clock.advance(5_000);
  t.same(await held, { reset: true, heldSeconds: 15 });
  t.equal(cam.button.pressed, false);

  await clock.advance((10 + 3 + 60) * 1000 - 15_000 - 1);
  t.equal(cam.led, "flashing", "still flashing 1 ms before the boot after the reset completes");
  t.equal(cam.reachable, false);
  await clock.advance(1);
  t.equal(cam.led, "steady");
  t.equal(cam.reachable, true);
  t.equal(clock.now(), t0 + 73_000);

  const after = t0 + 13_000;
  t.same(seen, [
    ["power", { name: "camera-1", state: "off" }],
    ["reachable", { name: "camera-1", reachable: false }],
    ["led", { name: "camera-1", state: "off" }],
    ["powered", { name: "camera-1", on: false }],
    ["button", { name: "camera-1", action: "pressed" }],
    ["powered", { name: "camera-1", on: true }],
    ["power", { name: "camera-1", state: "booting" }],
    ["led", { name: "camera-1", state: "steady" }],
    ["booting", { name: "camera-1", bootTime: t0, bootSeconds: 60 }],
    ["irCut", { name: "camera-1" }],
    ["led", { name: "camera-1", state: "flashing" }],
    ["reset", { name: "camera-1", mode: "full", cause: "button" }],
    ["power", { name: "camera-1", state: "rebooting" }],
    ["rebooted", { name: "camera-1", cause: "button" }],
    ["power", { name: "camera-1", state: "booting" }],
    ["booting", { name: "camera-1", bootTime: after, bootSeconds: 60 }],
    ["irCut", { name: "camera-1" }],
    ["button", { name: "camera-1", action: "released", heldSeconds: 15 }],
    ["power", { name: "camera-1", state: "running" }],
    ["reachable", { name: "camera-1", reachable: true }],
    ["led", { name: "camera-1", state: "steady" }],
    ["ready", { name: "camera-1", bootTime: after }],
  ]);
  await cam.activate("Other123!", "test");
  t.equal(cam.activated, true, "and can be activated again");
});

t.test("Device: a 3 s press changes nothing, at power-on or while running", async (t) => {
  const { fleet, clock, store } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const flash = cam.flash;
  const seen = recordEvents(cam.events, ["reset", "rebooted", "led"]);
  t.same(await Promise.all([cam.button.hold(3), clock.advance(3_000)]).then(([r]) => r), { reset: false, heldSeconds: 3 });
  t.equal(cam.power, "running");
  const atPowerOn = cam.button.hold(3, { duringPowerOn: true });
  await clock.advance(3_000);
  t.same(await atPowerOn, { reset: false, heldSeconds: 3 });
  await clock.advance(60_000);
  t.equal(cam.flash, flash, "flash untouched");
  t.same(store.saves, []);
  t.same(namesOf(seen), ["led", "led"], "only the light going off and on with the power cycle");
  t.equal(cam.led, "steady");
  t.equal(cam.reachable, true);
  t.ok(cam.login({ kind: "plain", userName: "admin", password: PASSWORD }, CONTROL).ok);
});

t.test("Device: holding exactly holdSeconds resets; 1 ms less does not", async (t) => {
  const { fleet, clock } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const short = cam.button.hold(9.999, { duringPowerOn: true });
  await clock.advance(9_999);
  t.same(await short, { reset: false, heldSeconds: 9.999 });
  t.equal(cam.activated, true);
  await clock.advance(60_000);
  const exact = cam.button.hold(cam.profile.resetButton.holdSeconds, { duringPowerOn: true });
  await clock.advance(10_000);
  t.same(await exact, { reset: true, heldSeconds: 10 });
  t.equal(cam.activated, false);
});

t.test("Device: a model without a button: notSupport naming the model, nothing changes", async (t) => {
  const { fleet } = await fleetWith();
  const legacy = fleet.byName("legacy-1")!;
  const revision = legacy.revision;
  t.equal(legacy.button.present, false);
  t.throws(() => legacy.button.press(), { code: "notSupport", message: /DS-2CD2532F-IWS has no reset button/ });
  t.throws(() => legacy.button.hold(15), { code: "notSupport", message: /DS-2CD2532F-IWS/ });
  t.throws(() => legacy.button.hold(15, { duringPowerOn: true }), { code: "notSupport", message: /DS-2CD2532F-IWS/ });
  t.equal(legacy.button.pressed, false);
  t.equal(legacy.power, "running", "hold at power-on did not cycle the power");
  t.equal(legacy.revision, revision);
});

t.test("Device: the NVR does not reset from power-on: hold duringPowerOn is notSupport; held through a power-on does nothing", async (t) => {
  const { fleet, clock } = await fleetWith();
  const rec = fleet.byName("nvr-1")!;
  const seen = recordEvents(rec.events, LIFECYCLE_EVENTS);
  t.throws(() => rec.button.hold(15, { duringPowerOn: true }), { code: "notSupport", message: /DS-7608NXI-I2\/8P\/S does not reset when its button is held at power-on/ });
  t.same(seen, [], "no power cycle, no press");
  t.equal(rec.button.pressed, false);

  rec.powerOff();
  rec.button.press();
  rec.powerOn();
  await clock.advance((rec.profile.bootSeconds + rec.profile.resetButton.holdSeconds) * 1000 - 1);
  t.equal(rec.activated, true, "held from power-on: the boot does not count, and once running not yet holdSeconds");
  t.notOk(namesOf(seen).includes("reset"));
  await clock.advance(1);
  t.ok(namesOf(seen).includes("reset"), "held holdSeconds once running: the whileRunning reset");
  t.equal(rec.button.release(), rec.profile.bootSeconds + rec.profile.resetButton.holdSeconds);
});

t.test("Device: the NVR resets when held while running (whileRunning)", async (t) => {
  const { fleet, clock } = await fleetWith();
  const rec = fleet.byName("nvr-1")!;
  const resets = recordEvents(rec.events, ["reset"]);
  const held = rec.button.hold(12);
  await clock.advance(12_000);
  t.same(await held, { reset: true, heldSeconds: 12 });
  t.same(resets, [["reset", { name: "nvr-1", mode: "full", cause: "button" }]]);
  t.equal(rec.activated, false);
  t.equal(rec.led, "flashing");
  await clock.advance((3 + 90) * 1000 - 2_000);
  t.equal(rec.led, "steady");
  t.equal(rec.reachable, true);
});

t.test("Device: pressing twice, releasing unpressed, holding while pressed: invalidOperation; bad hold times: badParameters", async (t) => {
  const { fleet } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  t.throws(() => cam.button.release(), { code: "invalidOperation", message: /camera-1 is not held/ });
  cam.button.press();
  t.throws(() => cam.button.press(), { code: "invalidOperation", message: /camera-1 is already held/ });
  t.throws(() => cam.button.hold(1), { code: "invalidOperation" });
  t.equal(cam.button.release(), 0);
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 3601]) {
    t.throws(() => cam.button.hold(bad), { code: "badParameters" }, `hold(${bad})`);
  }
  t.equal(cam.button.pressed, false);
  t.equal(cam.power, "running");
});

t.test("Device: held while running for holdSeconds resets the camera (whileRunning)", async (t) => {
  const { fleet, clock } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  cam.button.press();
  await clock.advance(10_000);
  t.equal(cam.activated, false);
  t.equal(cam.led, "flashing");
  t.equal(cam.power, "rebooting");
  await clock.advance(1_000);
  t.equal(cam.button.release(), 11);
  t.equal(cam.led, "flashing", "letting go does not stop the reset under way");
});

t.test("Device: a power cut while held cancels the reset", async (t) => {
  const { fleet, clock } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const resets = recordEvents(cam.events, ["reset"]);

  cam.button.press();
  await clock.advance(5_000);
  cam.powerOff();
  await clock.advance(60_000);
  t.same(resets, [], "held while running, then power cut: nothing");
  t.equal(cam.button.release(), 65);

  const held = cam.button.hold(20, { duringPowerOn: true });
  await clock.advance(5_000);
  cam.powerOff();
  await clock.advance(15_000);
  t.same(await held, { reset: false, heldSeconds: 20 });
  t.same(resets, [], "held from power-on, then power cut: nothing");
  t.equal(cam.activated, true);
  t.equal(cam.led, "off");
  t.same(clock.pendingTimers(), []);
});

t.test("Device: one press resets at most once, even held across the reboot and the next boot", async (t) => {
  const { fleet, clock, store } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const resets = recordEvents(cam.events, ["reset", "ready"]);
  const atPowerOn = cam.button.hold(200, { duringPowerOn: true });
  await clock.advance(200_000);
  t.same(await atPowerOn, { reset: true, heldSeconds: 200 });
  t.same(namesOf(resets), ["reset", "ready"], "one reset, then the boot completed");
  t.equal(store.saves.length, 1);

  await cam.activate(PASSWORD, "test");
  resets.length = 0;
  const whileRunning = cam.button.hold(200);
  await clock.advance(200_000);
  t.same(await whileRunning, { reset: true, heldSeconds: 200 });
  t.same(namesOf(resets), ["reset", "ready"], "held while running: also once");
  t.equal(cam.power, "running");
  t.equal(cam.led, "steady");
});

t.test("Device: a button reset whose flash write fails: the light goes back to steady, nothing else changes", async (t) => {
  const { fleet, clock, store } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const flash = cam.flash;
  store.failing = true;
  const held = cam.button.hold(15);
  await clock.advance(15_000);
  t.same(await held, { reset: false, heldSeconds: 15 });
  t.equal(store.saves.length, 1, "the write was tried");
  t.equal(cam.flash, flash);
  t.equal(cam.power, "running");
  t.equal(cam.led, "steady");
  t.same(clock.pendingTimers(), []);
});

t.test("Device: a power cut while the button's factory flash is being written: the light stays off", async (t) => {
  const { fleet, clock, store } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const gate = store.hold();
  cam.button.press();
  const advanced = clock.advance(10_000);
  await gate.reached;
  t.equal(cam.led, "flashing");
  cam.powerOff();
  gate.open();
  await advanced;
  t.equal(cam.power, "off");
  t.equal(cam.led, "off", "no light without power");
  t.equal(cam.activated, false, "the factory flash was written");
  t.same(clock.pendingTimers(), []);
  cam.button.release();
});

t.test("Device: a power cut while the button's factory flash write fails: the light stays off, flash unchanged", async (t) => {
  const { fleet, clock, store } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const flash = cam.flash;
  store.failing = true;
  const gate = store.hold();
  cam.button.press();
  const advanced = clock.advance(10_000);
  await gate.reached;
  cam.powerOff();
  gate.open();
  await advanced;
  t.equal(cam.led, "off");
  t.equal(cam.flash, flash);
  t.same(clock.pendingTimers(), []);
  cam.button.release();
});

t.test("Device: a hold answers for its own press only: another client's release and press are not its doing", async (t) => {
  const { fleet, clock } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const held = cam.button.hold(30);
  await clock.advance(2_000);
  t.equal(cam.button.release(), 2, "another client lets go after 2 s");
  await clock.advance(1_000);
  cam.button.press();
  await clock.advance(27_000);
  t.same(await held, { reset: false, heldSeconds: 2 }, "the hold's own press lasted 2 s and reset nothing; the other press's reset (at 13 s) is not the hold's");
  t.equal(cam.button.pressed, true, "the hold did not let go of the other client's press");
  t.equal(cam.activated, false, "which did reset the device");
  cam.button.release();
  const second = cam.button.hold(3);
  await clock.advance(3_000);
  t.same(await second, { reset: false, heldSeconds: 3 }, "a later hold measures its own press");
});

t.test("Device: a reboot someone else causes breaks the count; once running again, holding on counts afresh", async (t) => {
  const { fleet, clock } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const seen = recordEvents(cam.events, ["reset", "led"]);
  cam.button.press();
  await clock.advance(8_000);
  cam.reboot("isapi");
  await clock.advance(cam.profile.shutdownSeconds * 1000 + 5_000);
  t.same(seen, [], "the count that began before the reboot did not fire during it");
  t.equal(cam.power, "booting");
  await clock.advance((cam.profile.bootSeconds - 5) * 1000 + cam.profile.resetButton.holdSeconds * 1000 - 1);
  t.same(namesOf(seen), [], "running again, held 1 ms short of holdSeconds");
  await clock.advance(1);
  t.same(namesOf(seen), ["led", "reset"], "held holdSeconds after the boot: the whileRunning reset");
  t.equal(cam.activated, false);
});

t.test("Device: a hold whose holder goes away lets go at once", async (t) => {
  const { fleet, clock } = await fleetWith();
  const cam = fleet.byName("camera-1")!;
  const gone = new AbortController();
  const held = cam.button.hold(15, { signal: gone.signal });
  await clock.advance(3_000);
  gone.abort();
  t.equal(cam.button.pressed, false, "released when the holder went away");
  await clock.advance(12_000);
  t.same(await held, { reset: false, heldSeconds: 3 }, "held 3 s; no reset at holdSeconds");
  t.equal(cam.activated, true);
});
