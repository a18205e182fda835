import t from "tap";
import { CONFIG_MAGIC, openConfiguration, readConfigurationHeader, sealConfiguration } from "../../../src/emulator/configuration/config-file.js";
import { DeviceError, type ErrorCode } from "../../../src/emulator/errors.js";
import { SeededRandom } from "../../../src/emulator/random.js";

const MODEL = "DS-2CD2146G2-ISU";
const PAYLOAD = Buffer.from(JSON.stringify({ settings: { illegalLoginLock: { maxAttempts: 9 } }, marker: "plain-text-marker" }), "utf8");
/** Bytes before the tag for MODEL: prefix 13 + model + salt 16 + nonce 12 + key check 8. */
const HEADER_BYTES = 13 + MODEL.length + 16 + 12 + 8;

function refusal(fn: () => unknown): { code: ErrorCode; detail: string | undefined } | undefined {
  try {
    fn();
  } catch (error) {
    DeviceError.accept(error);
    return { code: error.code, detail: error.detail };
  }
  return undefined;
}

function flipped(file: Buffer, at: number): Buffer {
  const copy = Buffer.from(file);
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
}

t.test("a file opens back to its payload; the header names format 1, the flags and the model", (t) => {
  const file = sealConfiguration(PAYLOAD, { model: MODEL }, new SeededRandom("a"));
  t.same(file.subarray(0, 8), CONFIG_MAGIC, "magic HIKEMUCF");
  t.equal(file.readUInt16BE(8), 1, "format version 1");
  t.equal(file.readUInt16BE(10), 0, "flags: device key");
  t.equal(file.readUInt8(12), MODEL.length);
  t.equal(file.subarray(13, 13 + MODEL.length).toString("latin1"), MODEL);
  t.equal(file.length, HEADER_BYTES + 16 + PAYLOAD.length, "header, tag, ciphertext as long as the payload");
  t.same(readConfigurationHeader(file), { version: 1, flags: 0, model: MODEL, headerBytes: HEADER_BYTES });
  t.same(openConfiguration(file, { model: MODEL }), PAYLOAD);
  t.notOk(file.includes(Buffer.from("plain-text-marker")), "opaque: the payload does not show in the file");
  t.notOk(file.includes(Buffer.from("illegalLoginLock")), "nor do setting names");
  t.end();
});

t.test("salt and nonce come from the Random port: the same payload makes different files", (t) => {
  const one = sealConfiguration(PAYLOAD, { model: MODEL }, new SeededRandom("a"));
  const again = sealConfiguration(PAYLOAD, { model: MODEL }, new SeededRandom("a"));
  const other = sealConfiguration(PAYLOAD, { model: MODEL }, new SeededRandom("b"));
  t.same(one, again, "deterministic under a seeded Random");
  t.notSame(one, other);
  t.same(openConfiguration(other, { model: MODEL }), PAYLOAD);
  t.end();
});

t.test("one flipped byte anywhere is refused; in the ciphertext, tag or key check it is damaged content", (t) => {
  const file = sealConfiguration(PAYLOAD, { model: MODEL }, new SeededRandom("a"));
  /** What each header byte is, flipped (bit 0): the file no longer says what it is, or says something else. */
  const expected = (at: number): ErrorCode => {
    if (at < 8) return "configurationFormat"; // magic
    if (at === 8) return "configurationVersion"; // version 257
    if (at === 9) return "configurationFormat"; // version 0
    if (at === 10) return "configurationVersion"; // an unknown flag
    if (at === 11) return "badParameters"; // the secret-key flag: secretkey missing
    if (at < 13 + MODEL.length) return "configurationModel"; // model length or name
    return "configurationContent"; // salt, nonce, key check, tag, ciphertext
  };
  for (let at = 0; at < file.length; at++) {
    const result = refusal(() => openConfiguration(flipped(file, at), { model: MODEL }));
    t.equal(result?.code, expected(at), `byte ${at}: ${result?.detail ?? "accepted"}`);
  }
  t.end();
});

t.test("a file cut short is refused at every length", (t) => {
  const file = sealConfiguration(PAYLOAD, { model: MODEL }, new SeededRandom("a"));
  for (let length = 0; length < file.length; length++) {
    const result = refusal(() => openConfiguration(file.subarray(0, length), { model: MODEL }));
    const expected: ErrorCode = length < 13 ? "configurationFormat" : "configurationContent";
    t.equal(result?.code, expected, `${length} bytes`);
  }
  t.same(refusal(() => openConfiguration(Buffer.concat([file, Buffer.from([0])]), { model: MODEL }))?.code, "configurationContent", "a byte appended too");
  t.end();
});

t.test("another model, a newer format, unknown flags, a version of 0", (t) => {
  const file = sealConfiguration(PAYLOAD, { model: "DS-7608NXI-I2/8P/S" }, new SeededRandom("a"));
  t.same(refusal(() => openConfiguration(file, { model: MODEL })), { code: "configurationModel", detail: `the file is for DS-7608NXI-I2/8P/S, this device is ${MODEL}` });
  const ours = sealConfiguration(PAYLOAD, { model: MODEL }, new SeededRandom("a"));
  const newer = Buffer.from(ours);
  newer.writeUInt16BE(2, 8);
  t.equal(refusal(() => openConfiguration(newer, { model: MODEL }))?.code, "configurationVersion");
  const flags = Buffer.from(ours);
  flags.writeUInt16BE(0x0004, 10);
  t.equal(refusal(() => openConfiguration(flags, { model: MODEL }))?.code, "configurationVersion", "flags a newer firmware would set");
  const zero = Buffer.from(ours);
  zero.writeUInt16BE(0, 8);
  t.equal(refusal(() => openConfiguration(zero, { model: MODEL }))?.code, "configurationFormat");
  t.equal(refusal(() => openConfiguration(Buffer.from("<?xml version=\"1.0\"?><ResponseStatus/>"), { model: MODEL }))?.code, "configurationFormat", "an XML body");
  t.end();
});

t.test("a file locked with a secret key opens only with it", (t) => {
  const file = sealConfiguration(PAYLOAD, { model: MODEL, secretKey: "Backup#2024" }, new SeededRandom("k"));
  t.equal(file.readUInt16BE(10), 1, "flag bit 0: secret key");
  t.same(openConfiguration(file, { model: MODEL, secretKey: "Backup#2024" }), PAYLOAD);
  t.same(refusal(() => openConfiguration(file, { model: MODEL })), { code: "badParameters", detail: "secretkey: the file is encrypted with a secret key" });
  t.equal(refusal(() => openConfiguration(file, { model: MODEL, secretKey: "backup#2024" }))?.code, "configurationKey", "a wrong key is told apart from damage");
  t.equal(refusal(() => openConfiguration(flipped(file, file.length - 1), { model: MODEL, secretKey: "Backup#2024" }))?.code, "configurationContent", "the right key on a damaged file");
  const cleared = Buffer.from(file);
  cleared.writeUInt16BE(0, 10);
  t.equal(refusal(() => openConfiguration(cleared, { model: MODEL }))?.code, "configurationContent", "clearing the flag does not open it with the device key");
  const plain = sealConfiguration(PAYLOAD, { model: MODEL }, new SeededRandom("k"));
  t.same(openConfiguration(plain, { model: MODEL, secretKey: "anything" }), PAYLOAD, "a key given for a device-key file is ignored");
  t.end();
});
