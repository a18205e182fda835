import t from "tap";
import { makeFleet } from "../../helpers/harness.js";
import { securityCode } from "../../../src/support/security-code.js";
import { decodeKeyExport } from "../../../src/support/key-file.js";

const ACTOR = { via: "control" } as const;

t.test("security code: the date is the device clock's in its own zone, not UTC's", async (t) => {
  const { fleet } = await makeFleet();
  const legacy = fleet.byName("legacy-1")!;
  // 2019-07-04 01:30 at UTC+08:00 is still 2019-07-03 in UTC.
  await legacy.time.setTime({ mode: "manual", timeZone: "CST-8:00:00", localTime: "2019-07-04T01:30:00+08:00" }, ACTOR);
  t.equal(legacy.recovery.securityCode.currentDate(legacy.flash), "20190704");
  const before = legacy.flash;
  await t.rejects(legacy.recovery.securityCode.reset(securityCode(legacy.identity.serial, "20190703"), ACTOR), { code: "badResetCode" }, "the UTC date's code is refused");
  t.equal(legacy.flash, before);
  await legacy.recovery.securityCode.reset(` ${securityCode(legacy.identity.serial, "20190704")} `, ACTOR);
  t.not(legacy.flash, before, "the local date's code is taken (surrounding blanks ignored)");
});

t.test("key file export: a fresh nonce each time, the device's serial and clock; refused before activation and on V5.2", async (t) => {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  t.throws(() => camera.recovery.keyFile.export(), { code: "notActivated" }, "nothing to recover on an inactive device");
  await camera.activate("Old12345!", "isapi");
  const first = decodeKeyExport(camera.recovery.keyFile.export());
  const second = decodeKeyExport(camera.recovery.keyFile.export());
  t.equal(first?.serial, camera.identity.serial);
  t.equal(first?.exportedAt, Math.floor(camera.deviceTime() / 1000) * 1000, "export time on the device's clock");
  t.match(first?.nonce, /^[0-9a-f]{32}$/);
  t.not(first?.nonce, second?.nonce, "each export has its own nonce");
  t.match(camera.recovery.tokens.lookup("keyExport"), { state: "pending", value: { nonce: second?.nonce } }, "the newest export is the pending one");
  t.throws(() => fleet.byName("legacy-1")!.recovery.keyFile.export(), { code: "notSupport" });
  await t.rejects(fleet.byName("camera-1")!.recovery.securityCode.reset("QRS", ACTOR), { code: "notSupport" }, "no security code on V5.7");
});
