import t from "tap";
import { startControlFixture } from "../helpers/control-api.js";
import { securityCode } from "../../src/support/security-code.js";
import { decodeKeyAnswer } from "../../src/support/key-file.js";
import { codeOfFile } from "../../src/support/key-file-xml.js";

// Devices on 127.164.0.10-12.
const OCTET = 164;

t.test("POST /api/support/code and /api/support/keyfile: the desk's answers, dated on the fleet clock; bad input is a 400 naming it", async (t) => {
  const { api, clock, emulator } = await startControlFixture(t, OCTET);
  const serial = "DS-2CD2532F-IWS20160101AAWR123456789";
  const code = await api("POST", "/api/support/code", { serial, date: "20260101" });
  t.equal(code.status, 200);
  t.same(code.body, { serial, date: "20260101", code: securityCode(serial, "20260101") });
  const badDate = await api("POST", "/api/support/code", { serial, date: "20261301" });
  t.equal(badDate.status, 400);
  t.same(badDate.body, { error: { code: "badDate", message: `date "20261301" is not a day as YYYYMMDD` } });
  const unknownField = await api("POST", "/api/support/code", { serial, date: "20260101", extra: 1 });
  t.equal(unknownField.status, 400);
  t.equal(unknownField.body.error.code, "badRequest");

  const camera = emulator.fleet.byName("camera-1")!;
  await camera.activate("Old12345!", "isapi");
  await clock!.advance(3600_000);
  const exported = camera.recovery.keyFile.export();
  const answer = await api("POST", "/api/support/keyfile", { file: exported });
  t.equal(answer.status, 200);
  t.equal(answer.body.serial, camera.identity.serial);
  t.equal(answer.body.expiresAt, new Date(clock!.now() + 86_400_000).toISOString(), "24 h from the fleet's (virtual) clock");
  t.equal(codeOfFile(answer.body.file), answer.body.code);
  t.match(decodeKeyAnswer(answer.body.code), { serial: camera.identity.serial, issuedAt: clock!.now(), authentic: true });
  const bad = await api("POST", "/api/support/keyfile", { file: "<DeviceKey/>" });
  t.equal(bad.status, 400);
  t.equal(bad.body.error.code, "badKeyFile");
  const missing = await api("POST", "/api/support/keyfile", {});
  t.equal(missing.status, 400);
  t.match(missing.body.error.message, /^file: /);
});
