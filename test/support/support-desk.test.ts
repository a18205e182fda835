import t from "tap";
import { SupportDesk, KEY_ANSWER_SECONDS } from "../../src/support/support-desk.js";
import { SupportError } from "../../src/support/support-error.js";
import { Outbox } from "../../src/mail/outbox.js";
import { decodeKeyAnswer, encodeKeyExport } from "../../src/support/key-file.js";
import { codeOfFile, deviceKeyXml } from "../../src/support/key-file-xml.js";
import { securityCode } from "../../src/support/security-code.js";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const desk = () => new SupportDesk({ now: () => NOW, mailer: new Outbox(() => NOW), from: "support@hikemu.invalid" });
const SERIAL = "DS-2CD2532F-IWS20160101AAWR123456789";

t.test("securityCode: §7 of the serial and date as given; bad input is a typed refusal", async (t) => {
  t.equal(desk().securityCode(` ${SERIAL} `, "20260101"), securityCode(SERIAL, "20260101"));
  t.throws(() => desk().securityCode("", "20260101"), new SupportError("badSerial", `serial "" is not a device serial (1-64 printable characters, no spaces)`));
  t.throws(() => desk().securityCode("DS 2CD", "20260101"), { code: "badSerial" });
  t.throws(() => desk().securityCode(SERIAL, "2026-01-01"), { code: "badDate", message: `date "2026-01-01" is not a day as YYYYMMDD` });
  t.throws(() => desk().securityCode(SERIAL, "20260230"), { code: "badDate" });
});

t.test("answerKeyFile: from DeviceKey.xml or its bare Code, a signed answer for that serial and nonce, 24 h", async (t) => {
  const code = encodeKeyExport({ serial: SERIAL, nonce: "ab".repeat(16), exportedAt: NOW - 60_000 });
  for (const input of [deviceKeyXml({ serial: SERIAL, mac: "c0-56-e3-00-00-01", exportTime: "2026-01-01 11:59:00", code }), code]) {
    const answer = desk().answerKeyFile(input);
    t.equal(answer.serial, SERIAL);
    t.equal(answer.expiresAt, NOW + KEY_ANSWER_SECONDS * 1000);
    t.equal(KEY_ANSWER_SECONDS, 86_400, "24 h");
    t.equal(codeOfFile(answer.file), answer.code, "Encrypt.xml carries the code");
    t.same(decodeKeyAnswer(answer.code), { serial: SERIAL, nonce: "ab".repeat(16), issuedAt: NOW, expiresAt: NOW + 86_400_000, authentic: true });
  }
  t.throws(() => desk().answerKeyFile("<DeviceKey><DeviceSN>x</DeviceSN></DeviceKey>"), { code: "badKeyFile", message: /no key/ });
  t.throws(() => desk().answerKeyFile("AAAA"), { code: "badKeyFile", message: /not a key exported by a device/ });
  t.throws(() => desk().answerKeyFile(""), { name: "SupportError", code: "badKeyFile" });
});
