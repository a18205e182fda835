import t from "tap";
import { generateKeyPairSync, sign } from "node:crypto";
import { DEFAULT_PAYLOAD_BYTES, decodeFirmwarePackage, encodeFirmwarePackage, firmwarePayload, type FirmwareManifest } from "../../src/firmware/package.js";

const MANIFEST: FirmwareManifest = { model: "DS-2CD2532F-IWS", version: "V5.5.0", build: "170725" };
const signed = encodeFirmwarePackage(MANIFEST, firmwarePayload(MANIFEST));

t.test("round trip: a signed package reads back as its manifest; the layout starts with the magic", (t) => {
  t.same(decodeFirmwarePackage(signed), { ok: true, manifest: MANIFEST, payloadBytes: DEFAULT_PAYLOAD_BYTES });
  t.equal(signed.subarray(0, 8).toString("ascii"), "HIKEMUFW");
  t.equal(signed.readUInt16BE(8), 1, "format version 1");
  const manifestLength = signed.readUInt16BE(10);
  t.same(JSON.parse(signed.subarray(12, 12 + manifestLength).toString("utf8")), MANIFEST);
  t.equal(signed.readUInt16BE(signed.length - 66), 64, "an Ed25519 signature closes the file");
  t.ok(signed.equals(encodeFirmwarePackage(MANIFEST, firmwarePayload(MANIFEST))), "the same release builds the same bytes");
  t.end();
});

t.test("tampered: any changed byte before the signature fails the signature check", (t) => {
  const manifestEnd = 12 + signed.readUInt16BE(10);
  for (const at of [manifestEnd + 4, manifestEnd + 100, signed.length - 70]) {
    const copy = Buffer.from(signed);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    t.match(decodeFirmwarePackage(copy), { ok: false, failure: "badSignature" }, `byte ${at}`);
  }
  // The model renamed in place, same length: the manifest still parses, the signature does not match.
  const renamed = Buffer.from(signed.toString("latin1").replace("DS-2CD2532F-IWS", "DS-2CD2532F-IWX"), "latin1");
  t.match(decodeFirmwarePackage(renamed), { ok: false, failure: "badSignature" });
  const flippedSignature = Buffer.from(signed);
  flippedSignature[signed.length - 1] = (flippedSignature[signed.length - 1] ?? 0) ^ 0x80;
  t.match(decodeFirmwarePackage(flippedSignature), { ok: false, failure: "badSignature" });
  t.end();
});

t.test("unsigned, or signed by another key, is refused", (t) => {
  t.match(decodeFirmwarePackage(encodeFirmwarePackage(MANIFEST, firmwarePayload(MANIFEST), { sign: false })), { ok: false, failure: "unsigned" });
  const other = generateKeyPairSync("ed25519").privateKey;
  const foreign = encodeFirmwarePackage(MANIFEST, firmwarePayload(MANIFEST), { sign: (data) => sign(null, data, other) });
  t.match(decodeFirmwarePackage(foreign), { ok: false, failure: "badSignature" });
  t.end();
});

t.test("truncated or extended: every cut is a typed failure, never a throw", (t) => {
  const kinds = new Set<string>();
  const small = encodeFirmwarePackage(MANIFEST, Buffer.alloc(64, 1));
  t.equal(decodeFirmwarePackage(small).ok, true);
  for (let length = 0; length < small.length; length++) {
    const result = decodeFirmwarePackage(small.subarray(0, length));
    t.equal(result.ok, false);
    if (!result.ok) kinds.add(result.failure);
  }
  t.same([...kinds].sort(), ["notPackage", "truncated"], "short of the magic: not a package; after it: truncated");
  t.match(decodeFirmwarePackage(Buffer.concat([signed, Buffer.from([0])])), { ok: false, failure: "truncated", detail: /1 bytes after the signature/ });
  t.end();
});

t.test("not a package: a vendor image, text, another format version, a bad manifest", (t) => {
  t.match(decodeFirmwarePackage(Buffer.from("<?xml version=\"1.0\"?><x/>")), { ok: false, failure: "notPackage" });
  t.match(decodeFirmwarePackage(Buffer.alloc(4096, 0x5a)), { ok: false, failure: "notPackage" });
  const v2 = Buffer.from(signed);
  v2.writeUInt16BE(2, 8);
  t.match(decodeFirmwarePackage(v2), { ok: false, failure: "notPackage", detail: /format 2/ });
  for (const manifest of [{ model: "", version: "V5.5.0", build: "170725" }, { model: "X", version: "5.5", build: "170725" }, { model: "X", version: "V5.5.0", build: "1707" }]) {
    t.match(decodeFirmwarePackage(encodeFirmwarePackage(manifest, Buffer.alloc(8))), { ok: false, failure: "badManifest" }, JSON.stringify(manifest));
  }
  const notJson = Buffer.from(signed);
  notJson[12] = 0x7e;
  t.match(decodeFirmwarePackage(notJson), { ok: false, failure: "badManifest" });
  t.end();
});
