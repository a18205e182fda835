import t from "tap";
import type { Actor } from "../../../src/emulator/events.js";
import { MemoryStore } from "../../../src/emulator/store/memory-store.js";
import { deviceRecordSchema } from "../../../src/emulator/store/record-schema.js";
import { guidFileXml, readGuidFile } from "../../../src/support/guid-file-xml.js";
import { NVR, makeFleet, spec } from "../../helpers/harness.js";
import { recordEvents } from "../../helpers/lifecycle.js";

/**
 * The GUID file's secret stays in the file (issue #11 review): flash keeps a per-device hash;
 * every refused attempt, a malformed file or out-of-range answers included, is a recoveryFailed;
 * a stored answer hash with another work factor is refused at load. Addresses 127.175.1.x (no sockets).
 */
const PASSWORD = "Old12345!x";
const NEW = "New12345!x";
const ACTOR: Actor = { via: "control" };
const specs = () => [spec(NVR, "nvr-a", "127.175.1.10", PASSWORD), spec(NVR, "nvr-b", "127.175.1.11", PASSWORD)];

t.test("the GUID is not in flash or in the stored record; the file is, and it resets the password", async (t) => {
  const store = new MemoryStore();
  const { fleet } = await makeFleet({ store, specs: specs() });
  const nvr = fleet.byName("nvr-a")!;
  const { guid, serial } = await nvr.recovery.guid.export(ACTOR);
  t.match(guid, /^[0-9A-F]{32}$/);
  t.equal(serial, nvr.identity.serial);
  const flashJson = JSON.stringify(nvr.flash).toUpperCase();
  t.notOk(flashJson.includes(guid), "flash does not hold the GUID");
  t.notOk(JSON.stringify(await store.load("nvr-a")).toUpperCase().includes(guid), "nor does the stored record");
  t.match(nvr.flash.recovery?.guidHash, /^[0-9a-f]{64}$/, "only a SHA-256 hex");
  t.ok(nvr.recovery.guid.exported);

  const file = guidFileXml({ serial, guid });
  t.ok(file.includes(`<GUID>${guid}</GUID>`) && file.includes(`<DeviceSN>${serial}</DeviceSN>`), "the file carries the GUID and the serial");
  t.same(readGuidFile(file), { serial, guid }, "and reads back");
  await nvr.recovery.guid.resetWithFile(readGuidFile(file), NEW, ACTOR);
  t.ok(nvr.login({ kind: "plain", userName: "admin", password: NEW }, { front: "control", peer: "127.0.0.1" }).ok, "the new password is set");
  await t.rejects(nvr.recovery.guid.reset(guid, "Again1234!x", ACTOR), { code: "badResetCode" }, "the GUID rotated: the file is void");
});

t.test("the hash is bound to the device: another unit holding the same hash does not take the GUID", async (t) => {
  const store = new MemoryStore();
  const first = await makeFleet({ store, specs: specs() });
  const { guid } = await first.fleet.byName("nvr-a")!.recovery.guid.export(ACTOR);
  const a = (await store.load("nvr-a")) as { flash: { recovery: unknown } };
  const b = (await store.load("nvr-b")) as { flash: Record<string, unknown> };
  // nvr-a's recovery block copied into nvr-b's flash, as a cloned flash image would carry it.
  await store.save("nvr-b", { ...b, flash: { ...b.flash, recovery: a.flash.recovery } });
  const second = await makeFleet({ store, specs: specs() });
  const nvrB = second.fleet.byName("nvr-b")!;
  t.same(nvrB.flash.recovery, a.flash.recovery, "B holds A's hash");
  const failed = recordEvents(nvrB.events, ["recoveryFailed"]);
  await t.rejects(nvrB.recovery.guid.reset(guid, NEW, ACTOR), { code: "badResetCode" }, "A's GUID does not open B");
  t.match(failed, [["recoveryFailed", { method: "guidFile", reason: "badResetCode" }]]);
  await second.fleet.byName("nvr-a")!.recovery.guid.reset(guid, NEW, ACTOR);
  t.pass("A's GUID still opens A after the restart (the hash is durable)");
});

t.test("every refusal is a recoveryFailed: a malformed GUID file, answers out of range, a locked address", async (t) => {
  const { fleet } = await makeFleet({ specs: specs() });
  const nvr = fleet.byName("nvr-a")!;
  await nvr.recovery.guid.export(ACTOR);
  const failed = recordEvents(nvr.events, ["recoveryFailed"]);
  const isapi: Actor = { via: "isapi", peer: "127.175.1.99" };

  const malformed = readGuidFile("<GUIDFile><DeviceSN>x</DeviceSN><GUID>not-hex</GUID></GUIDFile>");
  t.equal(malformed, undefined, "not a GUID file");
  t.equal(readGuidFile("garbage"), undefined);
  const attempt = nvr.recovery.guid.resetWithFile(malformed, NEW, isapi);
  t.ok(attempt instanceof Promise, "no synchronous throw: the refusal comes as a rejection");
  await t.rejects(attempt, { code: "badXmlContent" });
  t.match(failed.at(-1), ["recoveryFailed", { method: "guidFile", reason: "badXmlContent", actor: isapi }]);

  await t.rejects(nvr.recovery.questions.reset([{ id: 1, answer: "a" }], NEW, isapi), { code: "badParameters" }, "two answers short");
  t.match(failed.at(-1), ["recoveryFailed", { method: "securityQuestions", reason: "badParameters" }]);
  await t.rejects(nvr.recovery.questions.reset([1, 2, 3].map((id) => ({ id, answer: "x".repeat(129) })), NEW, isapi), { code: "badParameters" }, "answers too long");
  t.equal(failed.length, 3, "the file and both answer sets logged");
  t.equal(nvr.accounts.lockStatus("127.175.1.99", "admin").retriesLeft, 7, "validation refusals are not guesses: nothing counted");

  for (let i = 0; i < 7; i++) await t.rejects(nvr.recovery.guid.reset("0".repeat(32), NEW, isapi), { code: "badResetCode" });
  t.equal(nvr.accounts.lockStatus("127.175.1.99", "admin").locked, true, "7 wrong GUIDs lock the address");
  await t.rejects(nvr.recovery.guid.resetWithFile(malformed, NEW, isapi), { code: "deviceLocked" });
  t.match(failed.at(-1), ["recoveryFailed", { method: "guidFile", reason: "deviceLocked" }], "the locked refusal is logged");
  t.equal(failed.length, 3 + 7 + 1, "every refusal logged once");
});

t.test("a stored answer hash must have the device's own work factor and shape", async (t) => {
  const { fleet } = await makeFleet({ specs: specs() });
  const nvr = fleet.byName("nvr-a")!;
  await nvr.recovery.questions.set([1, 2, 3].map((id) => ({ id, answer: `answer ${id}` })), ACTOR);
  const flashSchema = deviceRecordSchema.shape.flash;
  t.ok(flashSchema.safeParse(nvr.flash).success, "what the device writes validates");
  const stored = nvr.flash.recovery!.questions![0]!.answerHash;
  t.match(stored, /^pbkdf2-sha256:1000:[0-9a-f]{32}:[0-9a-f]{64}$/);
  const crafted = stored.replace(":1000:", ":2000000000:");
  const withCrafted = { ...nvr.flash, recovery: { questions: [{ id: 1, answerHash: crafted }] } };
  t.notOk(flashSchema.safeParse(withCrafted).success, "an enormous iteration count is refused at load");
  t.notOk(flashSchema.safeParse({ ...nvr.flash, recovery: { guidHash: "ABC" } }).success, "so is a GUID hash that is no SHA-256 hex");
  t.notOk(flashSchema.safeParse({ ...nvr.flash, recovery: { guid: "0".repeat(32) } }).success, "and a plain GUID field");
});
