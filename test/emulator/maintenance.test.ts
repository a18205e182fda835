import t from "tap";
import { Maintenance, restoredFlash } from "../../src/emulator/maintenance.js";
import { deriveIdentity } from "../../src/emulator/identity.js";
import { activatedFlash, factoryEventSettings, factoryFlash, factorySecurity, type FlashState } from "../../src/emulator/state.js";
import { factoryTime } from "../../src/emulator/time/time-settings.js";
import { factoryPorts } from "../../src/emulator/ports.js";
import type { Profile } from "../../src/profiles/index.js";
import { CAMERA, LEGACY, NVR, makeFleet, profile, spec } from "../helpers/harness.js";
import { LIFECYCLE_EVENTS, loneLifecycle, namesOf, recordEvents } from "../helpers/lifecycle.js";
import { GatedStore } from "../helpers/gated-store.js";

const CONTROL = { front: "control", peer: "127.0.0.1" } as const;
const PASSWORD = "Hik12345!";

/** What the store holds for a device, as the tests read it back. */
interface StoredFlash {
  readonly activated: boolean;
  readonly users: readonly { readonly userName: string }[];
  readonly network: unknown;
}

function flashOf(value: unknown): StoredFlash {
  return (value as { flash: StoredFlash }).flash;
}

// ---------------------------------------------------------------- Maintenance alone

function loneMaintenance(p: Profile, initial: "factory" | "activated" = "activated") {
  const lone = loneLifecycle(p, "unit-1");
  const identity = deriveIdentity("seed", "unit-1", p);
  const network = { ipv4: "10.1.2.3", mask: "255.255.0.0", gateway: "10.1.0.1", dhcp: false };
  const factory = factoryFlash(p, identity, network, "fleet");
  let flash: FlashState = initial === "activated" && p.activation.mode === "rsa" ? activatedFlash(factory, PASSWORD, p, identity) : factory;
  const writes: { next: FlashState; state: string }[] = [];
  let failWith: Error | undefined;
  const maintenance = new Maintenance({
    name: "unit-1",
    profile: () => p,
    identity,
    events: lone.events,
    lifecycle: lone.lifecycle,
    flash: () => flash,
    writeFlash: async (next) => {
      writes.push({ next, state: lone.lifecycle.state });
      if (failWith) throw failWith;
      flash = next;
    },
  });
  return {
    ...lone,
    identity,
    maintenance,
    writes,
    flash: () => flash,
    failWith: (error: Error) => (failWith = error),
  };
}

t.test("Maintenance alone: basic (Restore) keeps flash as it is, writes nothing, announces the reset, then reboots", async (t) => {
  const m = loneMaintenance(profile(CAMERA));
  const before = m.flash();
  const seen = recordEvents(m.events, LIFECYCLE_EVENTS);
  await m.maintenance.factoryReset("basic", "isapi");
  t.equal(m.flash(), before, "the same flash image");
  t.same(m.writes, [], "nothing to persist");
  t.same(seen, [
    ["led", { name: "unit-1", state: "flashing" }],
    ["reset", { name: "unit-1", mode: "basic", cause: "isapi" }],
    ["power", { name: "unit-1", state: "rebooting" }],
    ["rebooted", { name: "unit-1", cause: "isapi" }],
  ]);
  t.equal(m.lifecycle.state, "rebooting");
  t.equal(restoredFlash(before, profile(CAMERA)), before, "restoredFlash keeps activation, users and network");
});

t.test("restoredFlash: web auth and the lockout settings return to the profile's, the IP filter stays", (t) => {
  const p = profile(CAMERA);
  const m = loneMaintenance(p);
  const before = m.flash();
  const ipFilter = { enabled: true, permission: "allow" as const, rules: [{ id: 1, kind: "specific" as const, address: "127.0.0.9" }] };
  const changed = {
    ...before,
    security: { webAuth: { certificateType: "digest/basic" as const, algorithm: "SHA256" as const }, illegalLoginLock: { enabled: false, maxAttempts: 3, lockSeconds: 60 }, ipFilter },
  };
  const restored = restoredFlash(changed, p);
  t.same(restored.security.webAuth, before.security.webAuth);
  t.same(restored.security.illegalLoginLock, before.security.illegalLoginLock);
  t.same(restored.security.ipFilter, ipFilter);
  t.equal(restored.users, changed.users);
  t.equal(restored.network, changed.network);
  t.end();
});

t.test("Maintenance alone: full (Default) persists factory flash while still up, then announces and reboots", async (t) => {
  const p = profile(CAMERA);
  const m = loneMaintenance(p);
  t.equal(m.flash().activated, true);
  const seen = recordEvents(m.events, LIFECYCLE_EVENTS);
  await m.maintenance.factoryReset("full", "sadp");
  t.equal(m.writes.length, 1);
  const [write] = m.writes;
  t.equal(write!.state, "running", "written before the device went down");
  t.same(write!.next, { activated: false, users: [], network: p.factoryNetwork, networkSetBy: "device", security: factorySecurity(p), eventSettings: factoryEventSettings(), time: factoryTime(p), firmware: { version: p.firmware.version, build: p.firmware.build }, ports: factoryPorts(p) }, "inactive, no users, the profile's factory network, set by the device itself");
  t.not(write!.next.network, p.factoryNetwork, "a copy, never the profile's own object");
  t.same(namesOf(seen), ["led", "reset", "power", "rebooted"]);
  t.same(seen[0], ["led", { name: "unit-1", state: "flashing" }], "the light flashes from the start of the reset");
  t.same(seen[1], ["reset", { name: "unit-1", mode: "full", cause: "sadp" }]);
});

t.test("Maintenance alone: a failed flash write rejects with its error and leaves the device up and unchanged", async (t) => {
  const m = loneMaintenance(profile(CAMERA));
  const before = m.flash();
  const seen = recordEvents(m.events, LIFECYCLE_EVENTS);
  m.failWith(new Error("write failed"));
  await t.rejects(m.maintenance.factoryReset("full", "isapi"), { message: "write failed" });
  t.equal(m.flash(), before);
  t.equal(m.lifecycle.state, "running");
  t.same(seen, [
    ["led", { name: "unit-1", state: "flashing" }],
    ["led", { name: "unit-1", state: "steady" }],
  ], "the light flashed while the reset was tried, then steady again; no reset, no reboot");
  t.same(m.clock.pendingTimers(), []);
});

t.test("Maintenance alone: reboot and reset are refused while off or rebooting, without a write", async (t) => {
  const m = loneMaintenance(profile(NVR));
  m.maintenance.reboot("web");
  t.equal(m.lifecycle.state, "rebooting");
  t.throws(() => m.maintenance.reboot("web"), { code: "invalidOperation", message: /unit-1 is rebooting/ });
  await t.rejects(m.maintenance.factoryReset("full", "web"), { code: "invalidOperation", message: /unit-1 is rebooting/ });
  m.lifecycle.powerOff();
  t.throws(() => m.maintenance.reboot("control"), { code: "invalidOperation", message: /unit-1 is powered off/ });
  await t.rejects(m.maintenance.factoryReset("basic", "control"), { code: "invalidOperation", message: /powered off/ });
  t.same(m.writes, []);
  // While booting (the power-on reset path) a reset is allowed.
  m.lifecycle.powerOn();
  await m.maintenance.factoryReset("full", "button");
  t.equal(m.writes.length, 1);
  t.equal(m.lifecycle.state, "rebooting");
});

t.test("Maintenance alone: Default on firmware without activation is admin with the factory password, active", async (t) => {
  const p = profile(LEGACY);
  const m = loneMaintenance(p);
  await m.maintenance.factoryReset("full", "control");
  const [write] = m.writes;
  t.equal(write!.next.activated, true);
  t.same(write!.next.users.map((u) => [u.id, u.userName, u.level]), [[1, "admin", "Administrator"]]);
  t.same(write!.next.users[0]!.credentials, factoryFlash(p, m.identity, p.factoryNetwork, "device").users[0]!.credentials, "the factory password's material (12345)");
  t.same(write!.next.network, p.factoryNetwork);
});

t.test("Maintenance alone: a power cut during the flash write: the reset is done, no reboot behind the power cut", async (t) => {
  const p = profile(CAMERA);
  const lone = loneLifecycle(p, "unit-1");
  const identity = deriveIdentity("seed", "unit-1", p);
  let flash: FlashState = activatedFlash(factoryFlash(p, identity, p.factoryNetwork, "device"), PASSWORD, p, identity);
  const maintenance = new Maintenance({
    name: "unit-1",
    profile: () => p,
    identity,
    events: lone.events,
    lifecycle: lone.lifecycle,
    flash: () => flash,
    writeFlash: async (next) => {
      lone.lifecycle.powerOff();
      flash = next;
    },
  });
  const seen = recordEvents(lone.events, ["reset", "rebooted"]);
  await maintenance.factoryReset("full", "control");
  t.equal(flash.activated, false);
  t.equal(lone.lifecycle.state, "off");
  t.same(namesOf(seen), ["reset"]);
  t.same(lone.clock.pendingTimers(), []);
});

// ---------------------------------------------------------------- through the Device facade

async function activatedFleet(store = new GatedStore()) {
  const harness = await makeFleet({
    store,
    specs: [spec(CAMERA, "camera-1", "127.21.0.10", PASSWORD), spec(LEGACY, "legacy-1", "127.21.0.11", "Legacy123!"), spec(NVR, "nvr-1", "127.21.0.12", PASSWORD)],
  });
  store.saves.length = 0;
  return { ...harness, store };
}

t.test("Device: basic keeps activation, users and network; reboots; the same password works after the boot", async (t) => {
  const { fleet, clock, store } = await activatedFleet();
  const cam = fleet.byName("camera-1")!;
  const flash = cam.flash;
  const seen = recordEvents(cam.events, [...LIFECYCLE_EVENTS, "flashChanged"]);
  await cam.factoryReset("basic", "web");
  t.equal(cam.flash, flash, "flash untouched");
  t.same(store.saves, [], "no flash write");
  t.equal(cam.activated, true);
  t.same(cam.network, { ipv4: "127.21.0.10", mask: "255.255.0.0", gateway: "127.20.0.1", dhcp: false }, "the network it had, not the factory one");
  t.equal(cam.power, "rebooting");
  t.same(namesOf(seen), ["led", "reset", "power", "reachable", "rebooted"]);
  t.same(seen[1], ["reset", { name: "camera-1", mode: "basic", cause: "web" }]);
  await clock.advance((cam.profile.shutdownSeconds + cam.profile.bootSeconds) * 1000);
  t.equal(cam.reachable, true);
  t.ok(cam.login({ kind: "plain", userName: "admin", password: PASSWORD }, CONTROL).ok, "still active with the same password");
});

t.test("Device: full writes factory flash before going down, announces reset with mode and cause, then reboots", async (t) => {
  const { fleet, clock, store } = await activatedFleet();
  const cam = fleet.byName("camera-1")!;
  store.observe = () => ({ power: cam.power, reachable: cam.reachable, activated: cam.activated });
  const seen = recordEvents(cam.events, [...LIFECYCLE_EVENTS, "flashChanged"]);
  await cam.factoryReset("full", "isapi");

  t.equal(store.saves.length, 1, "one flash write");
  const [save] = store.saves;
  t.equal(save!.key, "camera-1");
  t.same(save!.observed, { power: "running", reachable: true, activated: true }, "persisted while the device was still up, before RAM's view changed");
  t.same(flashOf(save!.value), { activated: false, users: [], network: cam.profile.factoryNetwork, networkSetBy: "device", security: factorySecurity(cam.profile), eventSettings: factoryEventSettings(), time: { ...factoryTime(cam.profile), clock: { set: true, offsetMs: 0 } }, firmware: { version: "V5.7.17", build: "240606" }, ports: factoryPorts(cam.profile) }, "factory flash: inactive, no users, factory network; the clock set at installation runs on");
  t.same(flashOf(await store.load("camera-1")), flashOf(save!.value), "and it is what the store holds");
  t.match(save!.value, { model: cam.profile.model, identity: { mac: cam.identity.mac } }, "identity kept: it is burned in");

  t.equal(cam.activated, false);
  t.same(cam.users, []);
  t.same(cam.network, cam.profile.factoryNetwork);
  t.same(seen, [
    ["led", { name: "camera-1", state: "flashing" }],
    ["flashChanged", { name: "camera-1" }],
    ["reset", { name: "camera-1", mode: "full", cause: "isapi" }],
    ["power", { name: "camera-1", state: "rebooting" }],
    ["reachable", { name: "camera-1", reachable: false }],
    ["rebooted", { name: "camera-1", cause: "isapi" }],
  ]);
  t.same(cam.login({ kind: "plain", userName: "admin", password: PASSWORD }, CONTROL), { ok: false, reason: "notActivated", knownUser: false });

  await clock.advance((cam.profile.shutdownSeconds + cam.profile.bootSeconds) * 1000);
  t.equal(cam.power, "running");
  await cam.activate("Other123!", "test");
  t.equal(cam.activated, true, "after Default the device can be activated again");
  t.ok(cam.login({ kind: "plain", userName: "admin", password: "Other123!" }, CONTROL).ok);
  t.notOk(cam.login({ kind: "plain", userName: "admin", password: PASSWORD }, CONTROL).ok, "the old password is gone");
});

t.test("Device: a failing flash write leaves the device unchanged, up and not rebooting, and rejects with deviceError", async (t) => {
  const { fleet, clock, store } = await activatedFleet();
  const cam = fleet.byName("camera-1")!;
  const flash = cam.flash;
  const seen = recordEvents(cam.events, [...LIFECYCLE_EVENTS, "flashChanged"]);
  store.failing = true;
  await t.rejects(cam.factoryReset("full", "isapi"), { code: "deviceError", name: "DeviceError" });
  t.equal(store.saves.length, 1, "the write was tried");
  t.equal(cam.flash, flash);
  t.equal(cam.activated, true);
  t.equal(cam.power, "running");
  t.equal(cam.reachable, true);
  t.equal(cam.led, "steady", "the light flashed while the write was tried, and is steady again");
  t.same(namesOf(seen), ["led", "led"], "no flash change, no reset, no reboot");
  t.same(clock.pendingTimers(), []);
  t.ok(cam.login({ kind: "plain", userName: "admin", password: PASSWORD }, CONTROL).ok);

  store.failing = false;
  await cam.factoryReset("full", "isapi");
  t.equal(cam.activated, false, "works once the store does");
});

t.test("Device: factoryReset while off or rebooting is invalidOperation and writes nothing", async (t) => {
  const { fleet, store } = await activatedFleet();
  const cam = fleet.byName("camera-1")!;
  cam.reboot("control");
  await t.rejects(cam.factoryReset("full", "control"), { code: "invalidOperation" });
  await t.rejects(cam.factoryReset("basic", "control"), { code: "invalidOperation" });
  cam.powerOff();
  await t.rejects(cam.factoryReset("full", "control"), { code: "invalidOperation" });
  t.same(store.saves, []);
  t.equal(cam.activated, true);
});

t.test("Device: two resets at once run one after the other: the second finds the device rebooting", async (t) => {
  const { fleet, store } = await activatedFleet();
  const rec = fleet.byName("nvr-1")!;
  const results = await Promise.allSettled([rec.factoryReset("full", "isapi"), rec.factoryReset("full", "sadp")]);
  t.same(results.map((r) => r.status), ["fulfilled", "rejected"]);
  t.match((results[1] as PromiseRejectedResult).reason, { code: "invalidOperation" });
  t.equal(store.saves.length, 1, "flash written once");
  t.equal(rec.activated, false);
});

t.test("Device: Default on the legacy camera (no activation) returns admin / 12345, active, on its factory network", async (t) => {
  const { fleet, clock } = await activatedFleet();
  const legacy = fleet.byName("legacy-1")!;
  t.ok(legacy.login({ kind: "plain", userName: "admin", password: "Legacy123!" }, CONTROL).ok, "its own password before");
  await legacy.factoryReset("full", "control");
  t.equal(legacy.activated, true, "active: this firmware has no inactive state");
  t.same(legacy.users.map((u) => u.userName), ["admin"]);
  t.same(legacy.network, { ipv4: "192.0.0.64", mask: "255.255.255.0", gateway: "0.0.0.0", dhcp: false });
  await clock.advance((legacy.profile.shutdownSeconds + legacy.profile.bootSeconds) * 1000);
  t.ok(legacy.login({ kind: "plain", userName: "admin", password: "12345" }, CONTROL).ok, "admin / 12345");
  t.notOk(legacy.login({ kind: "plain", userName: "admin", password: "Legacy123!" }, CONTROL).ok);
  await t.rejects(legacy.activate(PASSWORD, "test"), { code: "notSupport" }, "and still nothing to activate");
});

t.test("Device: a power cut while the Default flash is being written: the reset completes, the device stays off", async (t) => {
  const { fleet, clock, store } = await activatedFleet();
  const cam = fleet.byName("camera-1")!;
  const seen = recordEvents(cam.events, LIFECYCLE_EVENTS);
  const gate = store.hold();
  const reset = cam.factoryReset("full", "control");
  await gate.reached;
  cam.powerOff();
  gate.open();
  await t.resolves(reset, "the flash was written: the reset happened");
  t.equal(cam.activated, false, "factory flash");
  t.equal(cam.power, "off", "a power cut is not undone by the reset");
  t.equal(cam.led, "off");
  t.same(clock.pendingTimers(), [], "no reboot scheduled behind the power cut");
  t.same(namesOf(seen), ["led", "power", "reachable", "led", "powered", "reset"]);
  cam.powerOn();
  await clock.advance(cam.profile.bootSeconds * 1000);
  t.equal(cam.reachable, true, "boots into the factory state at the next power-on");
  t.equal(cam.activated, false);
});

t.test("Device: a reboot asked while the Default flash is being written: the reset completes, one reboot", async (t) => {
  const { fleet, clock, store } = await activatedFleet();
  const cam = fleet.byName("camera-1")!;
  const seen = recordEvents(cam.events, ["rebooted", "booting", "reset"]);
  const gate = store.hold();
  const reset = cam.factoryReset("full", "isapi");
  await gate.reached;
  cam.reboot("sadp");
  gate.open();
  await t.resolves(reset);
  t.equal(cam.activated, false);
  await clock.advance((cam.profile.shutdownSeconds + cam.profile.bootSeconds) * 1000);
  t.equal(cam.power, "running");
  t.same(namesOf(seen), ["rebooted", "reset", "booting"], "one reboot, one boot");
});
