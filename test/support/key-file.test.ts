import t from "tap";
import { crc32 } from "node:zlib";
import { decodeKeyAnswer, decodeKeyExport, encodeKeyAnswer, encodeKeyExport } from "../../src/support/key-file.js";
import { codeOfFile, deviceKeyXml, encryptXml } from "../../src/support/key-file-xml.js";
import { parseXml } from "../../src/http/xml.js";

const SERIAL = "DS-2CD2146G2-ISU20210315AAWRE12345678";
const NONCE = "00112233445566778899aabbccddeeff";
const AT = Date.UTC(2026, 0, 1, 12, 0, 0);

t.test("export blob (§1.8.2): flag bytes 03 00 00 00, serial, nonce, time, CRC-32 trailer", async (t) => {
  const code = encodeKeyExport({ serial: SERIAL, nonce: NONCE, exportedAt: AT });
  const bytes = Buffer.from(code, "base64");
  t.same([...bytes.subarray(0, 4)], [3, 0, 0, 0]);
  t.equal(bytes[4], SERIAL.length, "serial length");
  t.equal(bytes.subarray(5, 5 + SERIAL.length).toString("ascii"), SERIAL);
  t.equal(bytes.subarray(5 + SERIAL.length, 21 + SERIAL.length).toString("hex"), NONCE);
  t.equal(bytes.readUInt32BE(21 + SERIAL.length), AT / 1000, "export time in seconds");
  t.equal(bytes.readUInt32BE(bytes.length - 4), crc32(bytes.subarray(0, bytes.length - 4)), "4-byte checksum");
  t.same(decodeKeyExport(code), { serial: SERIAL, nonce: NONCE, exportedAt: AT });
  bytes[6] = bytes[6]! ^ 1;
  t.equal(decodeKeyExport(bytes.toString("base64")), undefined, "a damaged blob fails its checksum");
  t.equal(decodeKeyExport("not base64!"), undefined);
  t.equal(decodeKeyAnswer(code), undefined, "an export is not an answer");
});

t.test("answer blob: signed by the support key; any change breaks the signature", async (t) => {
  const answer = { serial: SERIAL, nonce: NONCE, issuedAt: AT, expiresAt: AT + 86_400_000 };
  const code = encodeKeyAnswer(answer);
  t.same(decodeKeyAnswer(code), { ...answer, authentic: true });
  const bytes = Buffer.from(code, "base64");
  t.same([...bytes.subarray(0, 4)], [4, 0, 0, 0]);
  bytes.writeUInt32BE(bytes.readUInt32BE(bytes.length - 68) + 3600, bytes.length - 68);
  t.match(decodeKeyAnswer(bytes.toString("base64")), { authentic: false, expiresAt: AT + 86_400_000 + 3_600_000 }, "a stretched expiry is not authentic");
  t.equal(decodeKeyExport(code), undefined, "an answer is not an export");
});

t.test("XML files: DeviceKey.xml and Encrypt.xml carry the Code; a bare Code is read too", async (t) => {
  const code = encodeKeyExport({ serial: SERIAL, nonce: NONCE, exportedAt: AT });
  const file = deviceKeyXml({ serial: SERIAL, mac: "c0-56-e3-00-00-01", exportTime: "2026-01-01 20:00:00", code });
  t.same(parseXml(file), { "?xml": "", DeviceKey: { DeviceSN: SERIAL, MAC: "c0-56-e3-00-00-01", ExportTime: "2026-01-01 20:00:00", Code: code } });
  t.equal(codeOfFile(file), code);
  t.equal(codeOfFile(`  ${code}\n`), code);
  t.equal(codeOfFile("<Other><Code>abc</Code></Other>"), "abc", "any root with a Code child");
  t.equal(codeOfFile("<DeviceKey><DeviceSN>x</DeviceSN></DeviceKey>"), undefined);
  t.equal(codeOfFile("<broken"), undefined);
  const answer = { serial: SERIAL, nonce: NONCE, issuedAt: AT, expiresAt: AT + 86_400_000 };
  const encrypt = encryptXml(answer, "QUJD");
  t.same(parseXml(encrypt), { "?xml": "", EncryptFile: { DeviceSN: SERIAL, ExpireTime: "2026-01-02T12:00:00Z", Code: "QUJD" } });
});
