import t from "tap";
import { encodeFirmwarePackage, firmwarePayload, type FirmwareManifest } from "../../src/firmware/package.js";
import { DeviceError } from "../../src/emulator/errors.js";
import type { Device } from "../../src/emulator/device.js";
import { Fleet } from "../../src/emulator/fleet.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { SeededRandom } from "../../src/emulator/random.js";
import { StoreError } from "../../src/emulator/store/store.js";
import { CAMERA, LEGACY, NVR, makeFleet, profile, silentLogger, spec } from "../helpers/harness.js";
import { legacyRecorder } from "../helpers/legacy-recorder.js";
import { recordEvents } from "../helpers/lifecycle.js";
import { GatedStore } from "../helpers/gated-store.js";

const ACTOR = { via: "isapi", userName: "admin", peer: "127.0.0.1" } as const;
const PASSWORD = "Hik12345!";
const V550: FirmwareManifest = { model: LEGACY, version: "V5.5.0", build: "170725" };
const pkg = (manifest: FirmwareManifest, sign = true) => encodeFirmwarePackage(manifest, firmwarePayload(manifest, 256), sign ? {} : { sign: false });

function legacySpecs() {
  return [spec(CAMERA, "camera-1", "127.130.0.10", PASSWORD), spec(LEGACY, "legacy-1", "127.130.0.11"), spec(NVR, "nvr-1", "127.130.0.12", PASSWORD)];
}

function deviceOf(fleet: Fleet, name: string): Device {
  const device = fleet.byName(name);
  if (!device) throw new Error(`no ${name}`);
  return device;
}

/** Runs the device's boot to the end after a reboot (shutdown + boot seconds of the new profile). */
async function bootThrough(clock: VirtualClock, device: Device): Promise<void> {
  await clock.advance(device.readyAt - clock.now());
}

t.test("legacy camera V5.2.0 → V5.5.0: upgrading phase with progress, one flash write, firmwareUpgraded, reboot into the new profile", async (t) => {
  const store = new GatedStore();
  const { fleet, clock } = await makeFleet({ specs: legacySpecs(), store });
  const legacy = deviceOf(fleet, "legacy-1");
  t.equal(legacy.profile.firmware.version, "V5.2.0");
  t.equal(legacy.supportsActivation, false, "V5.2.0 has no activation");
  const seen = recordEvents(legacy.events, ["firmwareUpgraded", "rebooted", "power"]);
  const saves = store.saves.length;
  const revision = legacy.revision;

  const upgrading = legacy.firmware.upgrade(pkg(V550), ACTOR);
  await clock.advance(0);
  t.same(legacy.firmware.status, { upgrading: true, percent: 0 }, "the upgrading phase begins");
  t.ok(legacy.revision > revision, "fronts see the phase begin");
  t.equal(legacy.power, "running", "the device still answers while it writes");
  await clock.advance(30_000);
  t.same(legacy.firmware.status, { upgrading: true, percent: 50 }, "half of the profile's 60 s");
  t.equal(legacy.flash.firmware.version, "V5.2.0", "flash is untouched until the write");
  t.equal(store.saves.length, saves);

  await clock.advance(30_000);
  t.same(await upgrading, { version: "V5.5.0", build: "170725" });
  t.same(legacy.flash.firmware, { version: "V5.5.0", build: "170725" });
  t.equal(store.saves.length, saves + 1, "one durable write");
  t.same((store.saves.at(-1)?.value as { flash: { firmware: unknown } }).flash.firmware, { version: "V5.5.0", build: "170725" }, "the store has it");
  t.same(seen, [
    ["firmwareUpgraded", { name: "legacy-1", from: "V5.2.0 build 140721", to: "V5.5.0 build 170725", actor: ACTOR }],
    ["power", { name: "legacy-1", state: "rebooting" }],
    ["rebooted", { name: "legacy-1", cause: "isapi" }],
  ]);
  t.same(legacy.firmware.status, { upgrading: false, percent: 0 });

  await bootThrough(clock, legacy);
  t.equal(legacy.power, "running");
  t.equal(legacy.profile.firmware.version, "V5.5.0", "the profile is the new release's");
  t.equal(legacy.supportsActivation, true, "activation exists from V5.3.0");
  t.same(legacy.profile.recovery, ["exportKeyFile", "reservedEmail"]);
  t.equal(legacy.activated, true, "an upgraded device stays active with its password");
  t.equal(legacy.login({ kind: "plain", userName: "admin", password: "12345" }, { front: "isapi", peer: "127.0.0.1" }).ok, true);
  t.same(legacy.flash.security.webAuth.certificateType, "digest/basic", "a setting the new firmware offers is kept");
});

t.test("refused packages: the real codes, firmwareRefused, and nothing changes (flash, power, revision, store)", async (t) => {
  const store = new GatedStore();
  const { fleet } = await makeFleet({ specs: legacySpecs(), store });
  const legacy = deviceOf(fleet, "legacy-1");
  const tampered = pkg(V550);
  tampered[100] = (tampered[100] ?? 0) ^ 0xff;
  const cases: [string, Buffer, string][] = [
    ["another model's package", pkg({ model: CAMERA, version: "V5.7.18", build: "240826" }), "badDevType"],
    ["unsigned", pkg(V550, false), "fileContentError"],
    ["tampered", tampered, "fileContentError"],
    ["truncated", pkg(V550).subarray(0, 40), "fileFormatError"],
    ["not a package", Buffer.from("MZ not firmware at all"), "fileFormatError"],
    ["empty", Buffer.alloc(0), "fileFormatError"],
    ["a release the model does not have", pkg({ model: LEGACY, version: "V5.9.9", build: "250101" }), "badVersion"],
  ];
  for (const [what, bytes, code] of cases) {
    const flash = legacy.flash;
    const { revision, power } = legacy;
    const saves = store.saves.length;
    const refused = recordEvents(legacy.events, ["firmwareRefused", "firmwareUpgraded", "changed"]);
    await t.rejects(legacy.firmware.upgrade(bytes, ACTOR), { name: "DeviceError", code }, what);
    t.equal(legacy.flash, flash, `${what}: the same flash image`);
    t.equal(legacy.revision, revision, `${what}: nothing a front shows changed`);
    t.equal(legacy.power, power);
    t.equal(store.saves.length, saves, `${what}: nothing written`);
    t.equal(legacy.firmware.upgrading, false);
    t.match(refused, [["firmwareRefused", { name: "legacy-1", reason: new RegExp(`^${code}: `), actor: ACTOR }]], `${what}: announced once, nothing else`);
    t.equal(refused.length, 1);
  }
});

t.test("while upgrading: a second upgrade, reboot, resets, the button and flash changes are refused with upgrading", async (t) => {
  const { fleet, clock } = await makeFleet({ specs: legacySpecs() });
  const camera = deviceOf(fleet, "camera-1");
  const first = camera.firmware.upgrade(pkg({ model: CAMERA, version: "V5.7.18", build: "240826" }), ACTOR);
  await clock.advance(1_000);
  t.equal(camera.firmware.upgrading, true);
  const upgrading = { name: "DeviceError", code: "upgrading" };
  await t.rejects(camera.firmware.upgrade(pkg({ model: CAMERA, version: "V5.7.17", build: "240606" }), ACTOR), upgrading, "a second upgrade");
  t.throws(() => camera.reboot("isapi"), upgrading, "reboot");
  await t.rejects(camera.factoryReset("full", "isapi"), upgrading, "Default");
  await t.rejects(camera.factoryReset("basic", "isapi"), upgrading, "Restore");
  await t.rejects(camera.changeNetwork({ ipv4: "127.130.0.99" }, "isapi"), upgrading, "network");
  await t.rejects(camera.userDirectory.create({ userName: "admin", peer: "127.0.0.1", loginPassword: PASSWORD }, { userName: "op1", password: "Abcdef123!", level: "Operator" }), upgrading, "users");
  camera.button.press();
  await clock.advance(10_000);
  camera.button.release();
  t.equal(camera.flash.firmware.version, "V5.7.17", "the button's reset was refused too: flash untouched");
  await clock.advance(49_000);
  t.same(await first, { version: "V5.7.18", build: "240826" }, "the first upgrade finishes");
  t.equal(camera.power, "rebooting");
});

t.test("power cut during the upgrading phase: the old firmware stays, nothing is written, the device boots it", async (t) => {
  const store = new GatedStore();
  const { fleet, clock } = await makeFleet({ specs: legacySpecs(), store });
  const legacy = deviceOf(fleet, "legacy-1");
  const saves = store.saves.length;
  const upgrade = legacy.firmware.upgrade(pkg(V550), ACTOR);
  await clock.advance(40_000);
  legacy.powerOff();
  await t.rejects(upgrade, new DeviceError("deviceError", "power lost during the upgrade; the old firmware stays"));
  t.equal(store.saves.length, saves, "nothing written");
  await clock.advance(60_000);
  t.same(clock.pendingTimers(), [], "the upgrade's timer is gone");
  legacy.powerOn();
  await bootThrough(clock, legacy);
  t.same(legacy.flash.firmware, { version: "V5.2.0", build: "140721" });
  t.equal(legacy.profile.firmware.version, "V5.2.0");
  t.same(legacy.firmware.status, { upgrading: false, percent: 0 }, "RAM progress is gone");
});

t.test("power cut while the new image is being written: the write completes and the device boots the new firmware", async (t) => {
  const store = new GatedStore();
  const { fleet, clock } = await makeFleet({ specs: legacySpecs(), store });
  const legacy = deviceOf(fleet, "legacy-1");
  const upgrade = legacy.firmware.upgrade(pkg(V550), ACTOR);
  await clock.advance(0);
  const gate = store.hold();
  const advancing = clock.advance(60_000);
  await gate.reached;
  legacy.powerOff();
  gate.open();
  await advancing;
  t.same(await upgrade, { version: "V5.5.0", build: "170725" });
  t.equal(legacy.power, "off", "no reboot for a device without power");
  legacy.powerOn();
  await bootThrough(clock, legacy);
  t.equal(legacy.profile.firmware.version, "V5.5.0", "flash is the new release whole");
});

t.test("the installed firmware survives a restart, Restore, Default and the reset button; Default follows the new firmware", async (t) => {
  const store = new MemoryStore();
  const clock = new VirtualClock();
  const first = await makeFleet({ specs: legacySpecs(), store, clock });
  const legacy = deviceOf(first.fleet, "legacy-1");
  const camera = deviceOf(first.fleet, "camera-1");
  const upgrades = [legacy.firmware.upgrade(pkg(V550), ACTOR), camera.firmware.upgrade(pkg({ model: CAMERA, version: "V5.7.18", build: "240826" }), ACTOR)];
  await clock.advance(60_000);
  await Promise.all(upgrades);
  await bootThrough(clock, legacy);

  const again = await Fleet.create({ seed: "test-seed", specs: legacySpecs(), clock, random: new SeededRandom("test"), store, logger: silentLogger });
  const restarted = deviceOf(again, "legacy-1");
  t.equal(restarted.profile.firmware.version, "V5.5.0", "a restart keeps the firmware in flash");
  t.equal(restarted.supportsActivation, true);

  await restarted.factoryReset("basic", "isapi");
  await bootThrough(clock, restarted);
  t.equal(restarted.flash.firmware.version, "V5.5.0", "Restore keeps it");
  await restarted.factoryReset("full", "isapi");
  await bootThrough(clock, restarted);
  t.equal(restarted.flash.firmware.version, "V5.5.0", "Default keeps it: a box does not downgrade on reset");
  t.equal(restarted.activated, false, "Default of V5.5.0 leaves an inactive device (activation exists now)");
  t.same(restarted.users, [], "no admin/12345 from the factory any more");

  const g2 = deviceOf(again, "camera-1");
  t.equal(g2.flash.firmware.version, "V5.7.18");
  g2.button.press();
  await clock.advance(10_000);
  g2.button.release();
  await bootThrough(clock, g2);
  t.equal(g2.activated, false, "the button reset it");
  t.same(g2.flash.firmware, { version: "V5.7.18", build: "240826" }, "the button keeps the firmware");
});

t.test("the NVR installs another build of its version", async (t) => {
  const { fleet, clock } = await makeFleet({ specs: legacySpecs() });
  const nvr = deviceOf(fleet, "nvr-1");
  const upgrade = nvr.firmware.upgrade(pkg({ model: NVR, version: "V4.62.210", build: "230612" }), { via: "control" });
  await clock.advance(60_000);
  t.same(await upgrade, { version: "V4.62.210", build: "230612" });
  await bootThrough(clock, nvr);
  t.equal(nvr.profile.firmware.build, "230612");
  t.equal(nvr.activated, true, "users and activation stay");
});

t.test("a stored record whose firmware the profile does not list is a clear StoreError", async (t) => {
  const store = new MemoryStore();
  await makeFleet({ specs: legacySpecs(), store });
  const record = (await store.load("legacy-1")) as { flash: Record<string, unknown> };
  await store.save("legacy-1", { ...record, flash: { ...record.flash, firmware: { version: "V9.9.9", build: "990101" } } });
  await t.rejects(makeFleet({ specs: legacySpecs(), store }), new StoreError(
    "stored state of legacy-1 has firmware V9.9.9 build 990101, which the DS-2CD2532F-IWS profile does not list (known: V5.2.0 build 140721, V5.4.5 build 170124, V5.5.0 build 170725); remove its state file to re-create it",
  ));
  const { firmware: _dropped, ...older } = record.flash;
  await store.save("legacy-1", { ...record, flash: older });
  const { fleet } = await makeFleet({ specs: legacySpecs(), store });
  t.same(deviceOf(fleet, "legacy-1").flash.firmware, { version: "V5.2.0", build: "140721" }, "a record from before issue #10 has the factory firmware");
});

t.test("a recorder started on V3.0.18 (no activation) upgrades to V4.62; the way back is refused", async (t) => {
  const nvr = legacyRecorder(profile(NVR));
  const { fleet, clock } = await makeFleet({ specs: [{ ...spec(NVR, "nvr-1", "127.203.0.12"), profile: nvr, initial: { activated: false } }] });
  const device = deviceOf(fleet, "nvr-1");
  t.equal(device.profile.firmware.version, "V3.0.18");
  t.equal(device.supportsActivation, false);
  t.equal(device.profile.security.session.supported, false, "no session login on firmware of that age (UNCERTAIN, as V5.2)");
  t.equal(device.flash.security.webAuth.certificateType, "digest/basic", "Basic accepted by default");
  const up = device.firmware.upgrade(pkg({ model: NVR, version: "V4.62.210", build: "230619" }), ACTOR);
  await clock.advance(device.profile.upgradeSeconds * 1000);
  t.same(await up, { version: "V4.62.210", build: "230619" });
  await bootThrough(clock, device);
  t.equal(device.supportsActivation, true);
  t.equal(device.activated, true, "an upgraded device keeps its password");
  const refused = recordEvents(device.events, ["firmwareRefused"]);
  const flash = device.flash;
  await t.rejects(device.firmware.upgrade(pkg({ model: NVR, version: "V3.0.18", build: "150113" }), ACTOR), { name: "DeviceError", code: "badVersion" });
  t.equal(device.flash, flash, "nothing written");
  t.match(refused, [["firmwareRefused", { reason: /^badVersion: V3\.0\.18 build 150113 predates activation/ }]]);
});

t.test("the rule looks at the installed firmware: V3.0.18 reinstalls on V3.0.18; the legacy camera does not go back from V5.5.0 to V5.2.0", async (t) => {
  const nvr = legacyRecorder(profile(NVR));
  const { fleet, clock } = await makeFleet({ specs: [{ ...spec(NVR, "nvr-1", "127.203.0.12"), profile: nvr, initial: { activated: false } }, ...legacySpecs().filter((s) => s.name === "legacy-1")] });
  const recorder = deviceOf(fleet, "nvr-1");
  const again = recorder.firmware.upgrade(pkg({ model: NVR, version: "V3.0.18", build: "150113" }), ACTOR);
  await clock.advance(recorder.profile.upgradeSeconds * 1000);
  t.same(await again, { version: "V3.0.18", build: "150113" }, "no activation before, none after: no boundary crossed");
  await bootThrough(clock, recorder);

  const camera = deviceOf(fleet, "legacy-1");
  const up = camera.firmware.upgrade(pkg(V550), ACTOR);
  await clock.advance(camera.profile.upgradeSeconds * 1000);
  t.same(await up, { version: "V5.5.0", build: "170725" }, "V5.2.0 → V5.5.0 (activation comes with it)");
  await bootThrough(clock, camera);
  await t.rejects(camera.firmware.upgrade(pkg({ model: LEGACY, version: "V5.2.0", build: "140721" }), ACTOR), { name: "DeviceError", code: "badVersion" }, "V5.5.0 → V5.2.0 refused");
  t.equal(camera.profile.firmware.version, "V5.5.0");
});
