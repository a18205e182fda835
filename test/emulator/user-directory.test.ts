import t from "tap";
import { CAMERA, LEGACY, makeFleet, profile, spec } from "../helpers/harness.js";
import type { DeviceSpec } from "../../src/emulator/fleet.js";
import type { Device } from "../../src/emulator/device.js";
import type { Profile } from "../../src/profiles/index.js";

const PASSWORD = "Hik12345!";
const PEER = "127.59.200.1";

/** The G2 camera (loginPassword required) and the V5.2 camera (not required), both activated. */
async function devices(legacyProfile?: Profile) {
  const legacy: DeviceSpec = { ...spec(LEGACY, "legacy-1", "127.59.100.11", PASSWORD), ...(legacyProfile ? { profile: legacyProfile } : {}) };
  const harness = await makeFleet({ specs: [spec(CAMERA, "camera-1", "127.59.100.10", PASSWORD), legacy] });
  return { ...harness, camera: harness.fleet.byName("camera-1")!, legacy: harness.fleet.byName("legacy-1")! };
}

const admin = (loginPassword?: string) => ({ userName: "admin", peer: PEER, ...(loginPassword === undefined ? {} : { loginPassword }) });
const loginOk = (device: Device, userName: string, password: string) => device.login({ kind: "plain", userName, password }, { front: "control", peer: PEER }).ok;
const snapshot = (device: Device) => JSON.stringify(device.flash);

t.test("the admin creates Operators and Viewers: lowest free id, written to flash, announced, and they can log in", async (t) => {
  const { camera, store } = await devices();
  const events: unknown[] = [];
  camera.events.on("userChanged", (e) => events.push(e));
  const operator = await camera.userDirectory.create(admin(PASSWORD), { userName: "op", password: "Oper1234!", level: "Operator" });
  const viewer = await camera.userDirectory.create(admin(PASSWORD), { userName: "viewer", password: "View1234!", level: "Viewer" });
  t.same([operator.id, operator.level, viewer.id, viewer.level], [2, "Operator", 3, "Viewer"]);
  t.same(events, [
    { name: "camera-1", action: "created", userName: "op", by: "admin", peer: PEER },
    { name: "camera-1", action: "created", userName: "viewer", by: "admin", peer: PEER },
  ]);
  t.ok(loginOk(camera, "op", "Oper1234!"), "the Operator logs in with the password given");
  t.notOk(loginOk(camera, "op", "View1234!"), "and not with another");
  const stored = (await store.load("camera-1")) as { flash: { users: { userName: string }[] } };
  t.same(stored.flash.users.map((u) => u.userName), ["admin", "op", "viewer"], "durable before the promise resolves");
  t.notMatch(JSON.stringify(stored), /Oper1234!/, "no plaintext password in flash");

  await camera.userDirectory.remove(admin(), 2);
  const next = await camera.userDirectory.create(admin(PASSWORD), { userName: "op2", password: "Oper1234!", level: "Operator" });
  t.equal(next.id, 2, "a freed id is taken again");
});

t.test("who may see whom: the admin sees all, others themselves", async (t) => {
  const { camera } = await devices();
  await camera.userDirectory.create(admin(PASSWORD), { userName: "op", password: "Oper1234!", level: "Operator" });
  t.same(camera.userDirectory.visibleTo("admin").map((u) => u.userName), ["admin", "op"]);
  t.same(camera.userDirectory.visibleTo("op").map((u) => u.userName), ["op"]);
  t.same(camera.userDirectory.visibleTo("nobody"), []);
});

t.test("loginPassword: required on firmware that asks for it; a wrong one is refused and counts towards the lockout", async (t) => {
  const { camera, legacy } = await devices();
  const before = snapshot(camera);
  const user = { userName: "op", password: "Oper1234!", level: "Operator" } as const;
  await t.rejects(async () => camera.userDirectory.create(admin(), user), { code: "badParameters" }, "missing on the G2 camera");
  await t.rejects(async () => camera.userDirectory.create(admin("Wrong1234!"), user), { code: "loginPasswordWrong" }, "wrong");
  t.equal(camera.accounts.failures("admin", PEER)?.count, 1, "the wrong one is a failed login of the requester");
  const lock = camera.accounts.lockStatus(PEER, "admin");
  t.equal(lock.retriesLeft, camera.accounts.lockoutPolicy().adminAttempts - 1, "one retry fewer at this address");
  t.equal(snapshot(camera), before, "nothing changed");

  for (let i = 1; i < camera.accounts.lockoutPolicy().adminAttempts; i++) {
    await t.rejects(async () => camera.userDirectory.create(admin("Wrong1234!"), user), { code: "loginPasswordWrong" });
  }
  t.ok(camera.accounts.lockStatus(PEER, "admin").locked, "enough wrong loginPasswords lock the address");
  await t.rejects(async () => camera.userDirectory.create(admin(PASSWORD), user), { code: "loginPasswordWrong" }, "then even the right one is refused");
  t.equal(snapshot(camera), before);

  t.equal((await legacy.userDirectory.create(admin(), user)).id, 2, "the V5.2 camera does not ask for it");
});

t.test("only the admin creates and deletes; new users are never Administrators; names are unique and well-formed", async (t) => {
  const { camera } = await devices();
  await camera.userDirectory.create(admin(PASSWORD), { userName: "op", password: "Oper1234!", level: "Operator" });
  const before = snapshot(camera);
  const asOperator = { userName: "op", peer: PEER, loginPassword: "Oper1234!" };
  await t.rejects(async () => camera.userDirectory.create(asOperator, { userName: "x1", password: "Xpass1234!", level: "Viewer" }), { code: "lowPrivilege" });
  await t.rejects(async () => camera.userDirectory.remove(asOperator, 1), { code: "lowPrivilege" });
  await t.rejects(async () => camera.userDirectory.create(admin(PASSWORD), { userName: "boss", password: "Boss1234!", level: "Administrator" }), { code: "invalidOperation" });
  await t.rejects(async () => camera.userDirectory.create(admin(PASSWORD), { userName: "op", password: "Other1234!", level: "Viewer" }), { code: "userExists" });
  await t.rejects(async () => camera.userDirectory.create(admin(PASSWORD), { userName: "admin", password: "Other1234!", level: "Viewer" }), { code: "userExists" });
  for (const bad of ["", "has space", "a/b", "x".repeat(33), "naïve"]) {
    await t.rejects(async () => camera.userDirectory.create(admin(PASSWORD), { userName: bad, password: "Other1234!", level: "Viewer" }), { code: "badParameters" }, JSON.stringify(bad));
  }
  t.equal(snapshot(camera), before, "nothing changed");
});

t.test("every new password meets the §2.10 rules", async (t) => {
  const { camera } = await devices();
  const before = snapshot(camera);
  const risky = ["Ab1!", "abcdefgh", "12345678", "ABCDEFGHIJ", "carol123", "xCarol12!"];
  for (const password of risky) {
    await t.rejects(async () => camera.userDirectory.create(admin(PASSWORD), { userName: "carol", password, level: "Viewer" }), { code: "riskPassword" }, password);
  }
  await t.rejects(async () => camera.userDirectory.create(admin(PASSWORD), { userName: "caroline1", password: "1ENILORAC", level: "Viewer" }), { code: "riskPassword" }, "the name reversed");
  for (const password of ["Abcdefgh1234567!x", "Pässwort123"]) {
    await t.rejects(async () => camera.userDirectory.create(admin(PASSWORD), { userName: "carol", password, level: "Viewer" }), { code: "badPasswordFormat" }, password);
  }
  await t.rejects(async () => camera.userDirectory.modify(admin(PASSWORD), 1, { password: "admin" }), { code: "riskPassword" }, "changes too");
  t.equal(snapshot(camera), before);
  t.equal((await camera.userDirectory.create(admin(PASSWORD), { userName: "carol", password: "abcd1234", level: "Viewer" })).userName, "carol", "weak (level 1) is accepted");
});

t.test("modify: the admin changes others' passwords, levels and names; admin stays admin", async (t) => {
  const { camera } = await devices();
  await camera.userDirectory.create(admin(PASSWORD), { userName: "op", password: "Oper1234!", level: "Operator" });
  const changed = await camera.userDirectory.modify(admin(PASSWORD), 2, { password: "Newop1234!", level: "Viewer" });
  t.same([changed.level, loginOk(camera, "op", "Newop1234!"), loginOk(camera, "op", "Oper1234!")], ["Viewer", true, false]);
  const relevelled = await camera.userDirectory.modify(admin(), 2, { level: "Operator" });
  t.equal(relevelled.level, "Operator", "a level change alone needs no loginPassword");
  await t.rejects(async () => camera.userDirectory.modify(admin(), 2, { userName: "renamed" }), { code: "badParameters" }, "a rename needs a new password (Digest material depends on the name)");
  const renamed = await camera.userDirectory.modify(admin(PASSWORD), 2, { userName: "renamed", password: "Fresh1234!" });
  t.same([renamed.userName, loginOk(camera, "renamed", "Fresh1234!"), loginOk(camera, "op", "Newop1234!")], ["renamed", true, false]);

  const before = snapshot(camera);
  await t.rejects(async () => camera.userDirectory.modify(admin(), 1, { level: "Operator" }), { code: "invalidOperation" }, "admin cannot be re-levelled");
  await t.rejects(async () => camera.userDirectory.modify(admin(), 1, { userName: "root", password: "Root12345!" }), { code: "invalidOperation" }, "nor renamed");
  await t.rejects(async () => camera.userDirectory.modify(admin(PASSWORD), 2, { level: "Administrator" }), { code: "invalidOperation" }, "nobody else becomes Administrator");
  await t.rejects(async () => camera.userDirectory.modify(admin(), 9, { level: "Viewer" }), { code: "badParameters" }, "unknown id");
  await t.rejects(async () => camera.userDirectory.remove(admin(), 1), { code: "invalidOperation" }, "admin cannot be deleted");
  await t.rejects(async () => camera.userDirectory.remove(admin(), 9), { code: "badParameters" });
  t.equal(snapshot(camera), before, "nothing changed");

  await camera.userDirectory.modify(admin(PASSWORD), 1, { password: "Chief9876!" });
  t.ok(loginOk(camera, "admin", "Chief9876!"), "the admin changes their own password");
});

t.test("others change only their own password, with their own loginPassword", async (t) => {
  const { camera } = await devices();
  await camera.userDirectory.create(admin(PASSWORD), { userName: "op", password: "Oper1234!", level: "Operator" });
  await camera.userDirectory.create(admin(PASSWORD), { userName: "viewer", password: "View1234!", level: "Viewer" });
  const before = snapshot(camera);
  const op = (loginPassword: string) => ({ userName: "op", peer: PEER, loginPassword });
  await t.rejects(async () => camera.userDirectory.modify(op("Oper1234!"), 3, { password: "Other1234!" }), { code: "lowPrivilege" }, "another user's password");
  await t.rejects(async () => camera.userDirectory.modify(op("Oper1234!"), 1, { password: "Other1234!" }), { code: "lowPrivilege" }, "the admin's");
  await t.rejects(async () => camera.userDirectory.modify(op("Oper1234!"), 2, { level: "Administrator" }), { code: "lowPrivilege" }, "their own level");
  await t.rejects(async () => camera.userDirectory.modify(op("Oper1234!"), 2, { userName: "op2", password: "Other1234!" }), { code: "lowPrivilege" }, "their own name");
  await t.rejects(async () => camera.userDirectory.modify(op("Wrong1234!"), 2, { password: "Other1234!" }), { code: "loginPasswordWrong" });
  t.equal(camera.accounts.failures("op", PEER)?.count, 1, "a wrong loginPassword counts for the requester");
  t.equal(snapshot(camera), before, "nothing changed");
  await camera.userDirectory.modify(op("Oper1234!"), 2, { password: "Other1234!" });
  t.ok(loginOk(camera, "op", "Other1234!"), "their own password: changed");
});

t.test("deleted users cannot log in", async (t) => {
  const { camera } = await devices();
  await camera.userDirectory.create(admin(PASSWORD), { userName: "viewer", password: "View1234!", level: "Viewer" });
  const events: unknown[] = [];
  camera.events.on("userChanged", (e) => events.push(e));
  await camera.userDirectory.remove(admin(), 2);
  t.notOk(loginOk(camera, "viewer", "View1234!"));
  t.same(camera.users.map((u) => u.userName), ["admin"]);
  t.same(events, [{ name: "camera-1", action: "deleted", userName: "viewer", by: "admin", peer: PEER }]);
});

t.test("the profile's user limit (SecurityCap supportUserNums) counts the admin", async (t) => {
  const small = { ...profile(LEGACY), security: { ...profile(LEGACY).security, maxUsers: 3 } };
  const { legacy } = await devices(small);
  await legacy.userDirectory.create(admin(), { userName: "u2", password: "User21234!", level: "Viewer" });
  await legacy.userDirectory.create(admin(), { userName: "u3", password: "User31234!", level: "Viewer" });
  const before = snapshot(legacy);
  await t.rejects(async () => legacy.userDirectory.create(admin(), { userName: "u4", password: "User41234!", level: "Viewer" }), { code: "invalidOperation" });
  t.equal(snapshot(legacy), before);
  await legacy.userDirectory.remove(admin(), 3);
  t.equal((await legacy.userDirectory.create(admin(), { userName: "u4", password: "User41234!", level: "Viewer" })).id, 3, "room again after a delete");
});
