import t, { type Test } from "tap";
import { sealConfiguration } from "../../../src/emulator/configuration/config-file.js";
import { NOT_CARRIED, exportPayload, importedFlash } from "../../../src/emulator/configuration/config-payload.js";
import type { Device } from "../../../src/emulator/device.js";
import { DeviceError, type ErrorCode } from "../../../src/emulator/errors.js";
import type { Actor } from "../../../src/emulator/events.js";
import type { FlashState } from "../../../src/emulator/state.js";
import type { Profile } from "../../../src/profiles/index.js";
import { CAMERA, LEGACY, NVR, makeFleet, profile, spec } from "../../helpers/harness.js";
import { recordEvents } from "../../helpers/lifecycle.js";

const PASSWORD = "Hik12345!";
const ACTOR: Actor = { via: "isapi", userName: "admin", peer: "127.0.0.1" };
const ADMIN = { userName: "admin", peer: "127.0.0.1", loginPassword: PASSWORD };

async function twoCameras(profileOf: (p: Profile) => Profile = (p) => p) {
  const camera = profileOf(profile(CAMERA));
  const harness = await makeFleet({
    specs: [
      { ...spec(CAMERA, "cam-a", "127.21.0.10", PASSWORD), profile: camera },
      { ...spec(CAMERA, "cam-b", "127.21.0.11", PASSWORD), profile: camera },
      spec(NVR, "nvr-1", "127.21.0.12", PASSWORD),
      spec(LEGACY, "legacy-1", "127.21.0.13"),
    ],
  });
  const byName = (name: string): Device => harness.fleet.byName(name) ?? (() => { throw new Error(name); })();
  return { ...harness, a: byName("cam-a"), b: byName("cam-b"), nvr: byName("nvr-1"), legacy: byName("legacy-1") };
}

/** A's settings changed away from the factory: lockout, web auth, IP filter, a second user. */
async function customise(device: Device): Promise<void> {
  await device.security.setIllegalLoginLock({ enabled: false, maxAttempts: 12, lockSeconds: 600 }, "isapi");
  await device.security.setWebAuth({ certificateType: "digest/basic", algorithm: "SHA256" }, "isapi");
  await device.security.setIpFilter({ enabled: true, permission: "deny", rules: [{ id: 1, kind: "range", start: "10.9.0.1", end: "10.9.0.99" }] }, "isapi");
  await device.userDirectory.create(ADMIN, { userName: "operator1", password: "Oper4567!", level: "Operator" });
}

async function refusedWith(t: Test, device: Device, file: Buffer, code: ErrorCode, secretKey?: string): Promise<void> {
  const flash = device.flash;
  const revision = device.revision;
  const error = await device.configuration.import(file, { secretKey }, ACTOR).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof DeviceError, `refused: ${String(error)}`);
  t.equal((error as DeviceError).code, code);
  t.equal(device.flash, flash, "flash untouched");
  t.equal(device.revision, revision, "no revision moved");
  t.equal(device.power, "running", "no reboot");
}

t.test("a file from A imported into B of the same model: A's settings, B's own address and accounts, then a reboot", async (t) => {
  const { a, b, store } = await twoCameras();
  await customise(a);
  const exported = recordEvents(a.events, ["configurationExported"]);
  const file = a.configuration.export({}, ACTOR);
  t.same(exported, [["configurationExported", { name: "cam-a", actor: ACTOR }]]);
  t.equal(a.configuration.fileName, "devCfg.bin");

  const bNetwork = b.network;
  const bUsers = b.users;
  const seen = recordEvents(b.events, ["configurationImported", "rebooted"]);
  const outcome = await b.configuration.import(file, {}, ACTOR);
  t.same(outcome, { usersRestored: false }, "another unit: B keeps its own accounts");
  t.same(b.flash.security, a.flash.security, "web auth, lockout and IP filter as on A");
  t.same(b.network, bNetwork, "B keeps its address (two boxes on one address otherwise)");
  t.same(b.users, bUsers, "B's accounts: A's password material is bound to A's realm and salt");
  t.notOk(b.users.some((u) => u.userName === "operator1"));
  t.equal(b.activated, true);
  t.same(seen, [
    ["configurationImported", { name: "cam-b", actor: ACTOR }],
    ["rebooted", { name: "cam-b", cause: "isapi" }],
  ]);
  t.equal(b.power, "rebooting");
  const stored = (await store.load("cam-b")) as { flash: FlashState };
  t.same(stored.flash.security, a.flash.security, "durable in the store before the reboot");
});

t.test("a file imported back into the unit that made it restores its accounts too", async (t) => {
  const { a } = await twoCameras();
  await customise(a);
  const file = a.configuration.export({}, ACTOR);
  const saved = a.flash;
  const operator = a.users.find((u) => u.userName === "operator1");
  if (!operator) throw new Error("no operator1");
  await a.userDirectory.remove(ADMIN, operator.id);
  await a.security.setIllegalLoginLock({ enabled: true, maxAttempts: 5, lockSeconds: 300 }, "isapi");
  t.same(await a.configuration.import(file, {}, ACTOR), { usersRestored: true });
  t.same(a.users, saved.users, "operator1 is back with its password");
  t.same(a.flash, saved, "flash as it was at export");
});

t.test("refusals change nothing: damaged, cut short, another model, newer format, wrong or missing key", async (t) => {
  const { a, b, nvr } = await twoCameras();
  await customise(a);
  const file = a.configuration.export({}, ACTOR);
  const tampered = Buffer.from(file);
  tampered[tampered.length - 3] = (tampered[tampered.length - 3] as number) ^ 0x40;
  await refusedWith(t, b, tampered, "configurationContent");
  await refusedWith(t, b, file.subarray(0, file.length - 10), "configurationContent");
  await refusedWith(t, b, Buffer.from("not a file"), "configurationFormat");
  await refusedWith(t, b, nvr.configuration.export({}, ACTOR), "configurationModel");
  const newer = Buffer.from(file);
  newer.writeUInt16BE(9, 8);
  await refusedWith(t, b, newer, "configurationVersion");
  const locked = a.configuration.export({ secretKey: "Backup#1" }, ACTOR);
  await refusedWith(t, b, locked, "configurationKey", "Backup#2");
  await refusedWith(t, b, locked, "badParameters");
  await b.configuration.import(locked, { secretKey: "Backup#1" }, ACTOR);
  t.same(b.flash.security, a.flash.security, "the right key opens it");
});

t.test("settings that do not validate against the record schema are damaged content, even under a valid seal", async (t) => {
  const { a, b, random } = await twoCameras();
  const payload = JSON.parse(exportPayload(a.flash, a.identity, a.profile).toString("utf8")) as { settings: { security: { illegalLoginLock: { maxAttempts: number } } } };
  payload.settings.security.illegalLoginLock.maxAttempts = -4;
  const forged = sealConfiguration(Buffer.from(JSON.stringify(payload)), { model: CAMERA }, random);
  await refusedWith(t, b, forged, "configurationContent");
  await refusedWith(t, b, sealConfiguration(Buffer.from("{not json"), { model: CAMERA }, random), "configurationContent");
  await refusedWith(t, b, sealConfiguration(Buffer.from(JSON.stringify({ settings: [] })), { model: CAMERA }, random), "configurationContent");
});

t.test("what is carried: every flash field but the unit's own; fields later modules add travel by themselves", async (t) => {
  const { a } = await twoCameras();
  const withNewField = { ...a.flash, motionDetection: { enabled: true, sensitivity: 60 } } as FlashState;
  const payload = JSON.parse(exportPayload(withNewField, a.identity, a.profile).toString("utf8")) as { settings: Record<string, unknown>; origin: Record<string, string>; users: unknown[] };
  t.same(Object.keys(payload.settings).sort(), ["eventSettings", "motionDetection", "ports", "security", "time"], "a field no one listed is carried; activation, users, network and firmware are not");
  t.same(payload.origin.serial, a.identity.serial);
  t.equal(payload.origin.model, CAMERA);
  t.equal(payload.users.length, 1, "users travel in the file, for the same unit");
  for (const key of ["activated", "users", "network", "networkSetBy"]) t.ok(key in NOT_CARRIED, `${key}: ${NOT_CARRIED[key] ?? ""}`);
});

t.test("secretkey per firmware: cfgFileSecretKeyLenLimit 1-16, none on V5.2, required where a profile says so", async (t) => {
  const { a, legacy } = await twoCameras();
  const sixteen = a.configuration.export({ secretKey: "x".repeat(16) }, ACTOR);
  t.equal(sixteen.readUInt16BE(10), 1, "16 characters: encrypted with the key");
  for (const bad of ["", "x".repeat(17), "caf\u00e9"]) {
    t.throws(() => a.configuration.export({ secretKey: bad }, ACTOR), { code: "badParameters", detail: "secretkey must be 1-16 printable ASCII characters" }, JSON.stringify(bad));
  }
  const old = legacy.configuration.export({ secretKey: "ignored" }, ACTOR);
  t.equal(old.readUInt16BE(10), 0, "V5.2 has no secret key: the device key");
  const strict = await twoCameras((p) => ({ ...p, configurationFile: { ...p.configurationFile, secretKey: "required" } }));
  t.throws(() => strict.a.configuration.export({}, ACTOR), { code: "badParameters", detail: "secretkey is required to export the configuration" });
});

t.test("a device that is off or rebooting neither exports nor imports", async (t) => {
  const { a, b } = await twoCameras();
  const file = a.configuration.export({}, ACTOR);
  b.powerOff();
  await refusedWithPower(t, b, file, "off");
  b.powerOn();
  b.reboot("control");
  await refusedWithPower(t, b, file, "rebooting");
  t.throws(() => b.configuration.export({}, ACTOR), { code: "invalidOperation" });
});

async function refusedWithPower(t: Test, device: Device, file: Buffer, power: string): Promise<void> {
  const flash = device.flash;
  await t.rejects(device.configuration.import(file, {}, ACTOR), { code: "invalidOperation" });
  t.equal(device.flash, flash);
  t.equal(device.power, power);
}

t.test("a file that carries the unit's own fields anyway (forged under a valid seal) does not move them", async (t) => {
  const { a, b, random } = await twoCameras();
  const payload = JSON.parse(exportPayload(a.flash, a.identity, a.profile).toString("utf8")) as { settings: Record<string, unknown>; users: unknown[] };
  payload.settings["network"] = { ipv4: "10.66.0.5", mask: "255.255.0.0", gateway: "10.66.0.1", dhcp: false };
  payload.settings["activated"] = false;
  payload.settings["users"] = [];
  await b.configuration.import(sealConfiguration(Buffer.from(JSON.stringify(payload)), { model: CAMERA }, random), {}, ACTOR);
  t.equal(b.network.ipv4, "127.21.0.11", "network, activation and accounts stay B's");
  t.equal(b.activated, true);
  t.equal(b.users.length, 1);

  const own = JSON.parse(exportPayload(a.flash, a.identity, a.profile).toString("utf8")) as { users: unknown[] };
  own.users = [];
  const before = a.users;
  t.same(await a.configuration.import(sealConfiguration(Buffer.from(JSON.stringify(own)), { model: CAMERA }, random), {}, ACTOR), { usersRestored: false }, "a same-unit file without accounts leaves the current ones");
  t.same(a.users, before);
});

t.test("time settings travel, the clock does not: the target keeps its own reading", async (t) => {
  const { a, b } = await twoCameras();
  const actor: Actor = { via: "isapi", userName: "admin" };
  await a.time.setTime({ timeZone: "CST-1:00:00", localTime: "2030-06-01T12:00:00+01:00", mode: "manual" }, actor);
  const before = b.flash.time.clock;
  const payload = JSON.parse(exportPayload(a.flash, a.identity, a.profile).toString("utf8")) as { settings: { time: { clock: unknown } } };
  t.same(payload.settings.time.clock, a.flash.time.clock, "the exporter's clock is in the file");
  const imported = importedFlash({ origin: { serial: a.identity.serial, model: CAMERA, firmware: "", binding: "" }, settings: payload.settings, users: [] }, b.flash, b.identity, b.profile);
  t.equal(imported.time.timeZone, "CST-1:00:00", "A zone");
  t.same(imported.time.clock, before, "B's own clock");
});
