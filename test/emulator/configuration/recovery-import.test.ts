import t from "tap";
import { sealConfiguration } from "../../../src/emulator/configuration/config-file.js";
import { NOT_CARRIED, exportPayload } from "../../../src/emulator/configuration/config-payload.js";
import type { Device } from "../../../src/emulator/device.js";
import type { Actor } from "../../../src/emulator/events.js";
import { NVR, makeFleet, spec } from "../../helpers/harness.js";

/**
 * Recovery material (answer hashes, reserved e-mail, the GUID's hash) travels in a
 * configuration file like the accounts: restored onto the unit that exported it only; another
 * unit keeps its own (issue #11 review). Addresses 127.176.0.x (no sockets).
 */
const PASSWORD = "Hik12345!x";
const ACTOR: Actor = { via: "isapi", userName: "admin", peer: "127.176.0.1" };
const ADMIN = { userName: "admin", peer: "127.176.0.1", loginPassword: PASSWORD };
const answers = (prefix: string) => [1, 4, 7].map((id) => ({ id, answer: `${prefix} ${id}` }));

async function twoNvrs() {
  const harness = await makeFleet({ specs: [spec(NVR, "nvr-a", "127.176.0.10", PASSWORD), spec(NVR, "nvr-b", "127.176.0.11", PASSWORD)] });
  return { ...harness, a: harness.fleet.byName("nvr-a")!, b: harness.fleet.byName("nvr-b")! };
}

async function configure(device: Device, prefix: string): Promise<string> {
  await device.recovery.questions.set(answers(prefix), ACTOR);
  await device.recovery.email.set(`${prefix}@lab.example`, ADMIN, ACTOR);
  return (await device.recovery.guid.export(ACTOR)).guid;
}

t.test("an import onto another unit leaves its recovery settings unchanged", async (t) => {
  const { a, b } = await twoNvrs();
  t.equal(NOT_CARRIED["recovery"], "restored on the same device only");
  const guidA = await configure(a, "alpha");
  const guidB = await configure(b, "bravo");
  const before = b.flash.recovery;
  await b.configuration.import(a.configuration.export({}, ACTOR), {}, ACTOR);
  t.same(b.flash.recovery, before, "B keeps its questions, e-mail and GUID hash");
  t.equal(b.recovery.email.address, "bravo@lab.example");
  await t.rejects(b.recovery.guid.reset(guidA, "Reset1234!x", { via: "control" }), { code: "badResetCode" }, "A's GUID does not open B");
  await t.rejects(b.recovery.questions.reset(answers("alpha"), "Reset1234!x", { via: "control" }), { code: "wrongSecurityAnswer" }, "nor do A's answers");
  await b.recovery.guid.reset(guidB, "Reset1234!x", { via: "control" });
  t.pass("B's own GUID still works");
});

t.test("an import onto another unit that has none leaves it without any", async (t) => {
  const { a, b } = await twoNvrs();
  await configure(a, "alpha");
  await b.configuration.import(a.configuration.export({}, ACTOR), {}, ACTOR);
  t.equal(b.flash.recovery, undefined, "nothing of A's recovery on B");
  t.same(b.recovery.questions.configuredIds(), []);
});

t.test("a forged file from another unit that puts recovery among the settings does not move it either", async (t) => {
  const { a, b, random } = await twoNvrs();
  await configure(a, "alpha");
  const payload = JSON.parse(exportPayload(a.flash, a.identity, a.profile).toString("utf8")) as { settings: Record<string, unknown>; recovery?: unknown };
  t.same(payload.recovery, a.flash.recovery, "the file carries A's recovery block apart from the settings");
  t.notOk("recovery" in payload.settings);
  payload.settings["recovery"] = a.flash.recovery;
  await b.configuration.import(sealConfiguration(Buffer.from(JSON.stringify(payload)), { model: NVR }, random), {}, ACTOR);
  t.equal(b.flash.recovery, undefined, "B unchanged");
});

t.test("an import onto the unit that exported it restores its recovery settings", async (t) => {
  const { a } = await twoNvrs();
  const guid = await configure(a, "alpha");
  const file = a.configuration.export({}, ACTOR);
  const exported = a.flash.recovery;
  await a.recovery.email.set(undefined, ADMIN, ACTOR);
  await a.recovery.questions.set(answers("changed"), ACTOR);
  t.not(a.flash.recovery, exported);
  await a.configuration.import(file, {}, ACTOR);
  t.same(a.flash.recovery, exported, "the file's questions, e-mail and GUID hash are back");
  await a.recovery.guid.reset(guid, "Reset1234!x", { via: "control" });
  t.not(a.flash.recovery?.guidHash, exported?.guidHash, "the GUID file, unused at the export, worked and rotated");
});

t.test("a GUID file used since the export stays void after the unit imports its own file", async (t) => {
  const { a } = await twoNvrs();
  const guid = await configure(a, "alpha");
  const file = a.configuration.export({}, ACTOR);
  await a.recovery.guid.reset(guid, "Reset1234!x", { via: "control" });
  const rotated = a.flash.recovery?.guidHash;
  await a.configuration.import(file, {}, ACTOR);
  t.equal(a.flash.recovery?.guidHash, rotated, "the unit's current GUID hash is kept, not the file's");
  t.ok(a.flash.recovery?.email, "the file's other recovery settings are restored");
  await t.rejects(a.recovery.guid.reset(guid, "Again1234!x", { via: "control" }), { code: "badResetCode" }, "the used GUID file is refused");
});
