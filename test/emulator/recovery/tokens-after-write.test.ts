import t from "tap";
import type { Device } from "../../../src/emulator/device.js";
import type { Actor } from "../../../src/emulator/events.js";
import type { Profile } from "../../../src/profiles/index.js";
import { decodeKeyExport, encodeKeyAnswer } from "../../../src/support/key-file.js";
import { qrKeyFor } from "../../../src/support/qr-key.js";
import { CAMERA, makeFleet, profile, spec } from "../../helpers/harness.js";
import { GatedStore } from "../../helpers/gated-store.js";
import { recordEvents } from "../../helpers/lifecycle.js";

/**
 * A recovery token (the exported key file, the QR challenge) is used up only once the new
 * password is in flash (issue #11 review): a failed write or a weak password leaves it usable.
 * And the firmware's own lifetime for the support's answer (profile recoveryExpiry.keyAnswer)
 * holds besides the expiry the answer carries. Addresses 127.175.0.x (no sockets).
 */
const PASSWORD = "Old12345!x";
const NEW = "New12345!x";
const ACTOR: Actor = { via: "control" };
const HOUR = 3600 * 1000;

async function camera(profileOf: (p: Profile) => Profile = (p) => p) {
  const store = new GatedStore();
  const harness = await makeFleet({ store, specs: [{ ...spec(CAMERA, "cam", "127.175.0.10", PASSWORD), profile: profileOf(profile(CAMERA)) }] });
  const device = harness.fleet.byName("cam")!;
  /** The support desk's signed answer to the pending export, valid `hours` by its own expiry. */
  const answerTo = (code: string, hours = 24): string => {
    const exported = decodeKeyExport(code)!;
    const now = harness.clock.now();
    return encodeKeyAnswer({ serial: exported.serial, nonce: exported.nonce, issuedAt: now, expiresAt: now + hours * HOUR });
  };
  const loginWorks = (device: Device, password: string) => device.login({ kind: "plain", userName: "admin", password }, { front: "control", peer: "127.0.0.1" }).ok;
  return { ...harness, store, device, answerTo, loginWorks };
}

t.test("key file: a failed flash write keeps the export pending; the same answer works once the store does", async (t) => {
  const { device, store, answerTo, loginWorks } = await camera();
  const answer = answerTo(device.recovery.keyFile.export());
  const flash = device.flash;
  const failed = recordEvents(device.events, ["recoveryFailed", "passwordReset"]);
  store.failing = true;
  await t.rejects(device.recovery.keyFile.reset(answer, NEW, ACTOR), { code: "deviceError" }, "the write fails");
  t.equal(device.flash, flash, "flash unchanged");
  t.match(device.recovery.tokens.lookup("keyExport"), { state: "pending" }, "the export is still pending");
  t.match(failed, [["recoveryFailed", { method: "exportKeyFile", reason: "deviceError" }]]);
  store.failing = false;
  await device.recovery.keyFile.reset(answer, NEW, ACTOR);
  t.ok(loginWorks(device, NEW), "the new password is set");
  t.same(device.recovery.tokens.lookup("keyExport"), { state: "none" }, "and the export is used up");
  await t.rejects(device.recovery.keyFile.reset(answer, "Again1234!x", ACTOR), { code: "resetCodeExpired" }, "the answer works once");
});

t.test("QR key: a failed flash write keeps the challenge; a weak password neither uses it nor counts", async (t) => {
  const { device, store, loginWorks } = await camera();
  const payload = device.recovery.qr.challenge();
  const key = qrKeyFor(payload);
  const wrongKey = key.startsWith("A") ? `B${key.slice(1)}` : `A${key.slice(1)}`;
  const isapi: Actor = { via: "isapi", peer: "127.175.0.99" };
  const retries = device.accounts.lockStatus("127.175.0.99", "admin").retriesLeft;
  await t.rejects(device.recovery.qr.resetWithKey(wrongKey, "weak", isapi), { code: "riskPassword" }, "a weak password is refused before the key is looked at");
  t.equal(device.accounts.lockStatus("127.175.0.99", "admin").retriesLeft, retries, "not counted as a wrong key");
  await t.rejects(device.recovery.qr.resetWithKey(wrongKey, NEW, isapi), { code: "badResetCode" });
  t.equal(device.accounts.lockStatus("127.175.0.99", "admin").retriesLeft, retries - 1, "a wrong key with a good password counts");
  await t.rejects(device.recovery.qr.resetWithKey(key, "weak", ACTOR), { code: "riskPassword" });
  t.match(device.recovery.tokens.lookup("qrChallenge"), { state: "pending", value: { payload } }, "the challenge is still pending");

  store.failing = true;
  await t.rejects(device.recovery.qr.resetWithKey(key, NEW, ACTOR), { code: "deviceError" });
  t.match(device.recovery.tokens.lookup("qrChallenge"), { state: "pending", value: { payload } }, "still pending after a failed write");
  store.failing = false;
  await device.recovery.qr.resetWithKey(key, NEW, ACTOR);
  t.ok(loginWorks(device, NEW), "the key works once the store does");
  await t.rejects(device.recovery.qr.resetWithKey(key, "Again1234!x", ACTOR), { code: "resetCodeExpired" }, "used up by the successful reset");
});

t.test("key file: the firmware's keyAnswer lifetime refuses an answer its own expiry would still allow", async (t) => {
  const { device, clock, answerTo, loginWorks } = await camera((p) => ({ ...p, recoveryExpiry: { ...p.recoveryExpiry, keyAnswer: 600 } }));
  const answer = answerTo(device.recovery.keyFile.export(), 24);
  await clock.advance(600 * 1000);
  await t.rejects(device.recovery.keyFile.reset(answer, NEW, ACTOR), { code: "resetCodeExpired" }, "600 s after issue: past keyAnswer, within the answer's 24 h");
  t.match(device.recovery.tokens.lookup("keyExport"), { state: "pending" }, "the export itself is still pending (48 h)");

  const fresh = answerTo(device.recovery.keyFile.export(), 24);
  await clock.advance(599 * 1000);
  await device.recovery.keyFile.reset(fresh, NEW, ACTOR);
  t.ok(loginWorks(device, NEW), "599 s after issue the answer works");
});

t.test("key file: the default keyAnswer (24 h) and the answer's own expiry both hold", async (t) => {
  const { device, clock, answerTo } = await camera();
  t.equal(device.profile.recoveryExpiry.keyAnswer, 24 * 3600);
  const longLived = answerTo(device.recovery.keyFile.export(), 40);
  await clock.advance(24 * HOUR);
  await t.rejects(device.recovery.keyFile.reset(longLived, NEW, ACTOR), { code: "resetCodeExpired" }, "an answer claiming 40 h is refused after the firmware's 24 h");
  const shortLived = answerTo(device.recovery.keyFile.export(), 1);
  await clock.advance(HOUR);
  await t.rejects(device.recovery.keyFile.reset(shortLived, NEW, ACTOR), { code: "resetCodeExpired" }, "an answer expiring after 1 h is refused after 1 h");
});
