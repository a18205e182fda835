import { crc32 } from "node:zlib";
import { supportSign, supportVerify, SUPPORT_SIGNATURE_BYTES } from "./support-key.js";

/**
 * The key-file recovery's formats (hik-protocols.md §1.8.2), shared by the device and the
 * support desk. Only the export's frame is known (§1.8.2: Base64 of a blob that starts with the
 * flag bytes 03 00 00 00 and ends with a 4-byte checksum); what lies between, the answer and
 * both XML files (key-file-xml.ts) are hikemu's own design, documented in docs/recovery.md.
 *
 * Export (the device's `getcode` `<Code>`), big-endian:
 *   flags 03 00 00 00 | serial length (1 byte) | serial (ASCII DeviceSN) | nonce (16 bytes)
 *   | export time (u32, seconds of the device's clock) | CRC-32 of all bytes before (u32)
 *
 * Answer (the desk's Encrypt.xml `<Code>`, sent back in `reset`), big-endian:
 *   flags 04 00 00 00 (ours) | serial length | serial | nonce (the export's) | issued (u32 s)
 *   | expires (u32 s, the desk's clock) | Ed25519 signature by the support key over all bytes before
 */

export const EXPORT_FLAGS = Buffer.from([0x03, 0x00, 0x00, 0x00]);
export const ANSWER_FLAGS = Buffer.from([0x04, 0x00, 0x00, 0x00]);
export const NONCE_BYTES = 16;
/** Longest serial a blob carries (DeviceSN is under 64 characters, §1.3). */
const MAX_SERIAL = 64;
const SERIAL = /^[\x21-\x7e]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** What the device exported. Times are epoch ms (whole seconds on the wire). */
export interface KeyExport {
  readonly serial: string;
  /** Lower-case hex of the 16 nonce bytes. */
  readonly nonce: string;
  readonly exportedAt: number;
}

/** What the support desk answered. */
export interface KeyAnswer {
  readonly serial: string;
  readonly nonce: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** A decoded answer and whether the support key signed it. */
export interface ReadKeyAnswer extends KeyAnswer {
  readonly authentic: boolean;
}

export function encodeKeyExport(value: KeyExport): string {
  const body = Buffer.concat([EXPORT_FLAGS, serialField(value.serial), nonceField(value.nonce), seconds(value.exportedAt)]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return Buffer.concat([body, checksum]).toString("base64");
}

/** The export a `<Code>` carries, or undefined when it is not one (frame, length or checksum). */
export function decodeKeyExport(code: string): KeyExport | undefined {
  const bytes = base64(code);
  if (!bytes || bytes.length < 4 + 1 + 1 + NONCE_BYTES + 4 + 4 || !bytes.subarray(0, 4).equals(EXPORT_FLAGS)) return undefined;
  const body = bytes.subarray(0, bytes.length - 4);
  if (crc32(body) !== bytes.readUInt32BE(bytes.length - 4)) return undefined;
  const fields = readFields(body.subarray(4), 1);
  if (!fields || fields.rest.length !== 0) return undefined;
  return { serial: fields.serial, nonce: fields.nonce, exportedAt: fields.times[0]! };
}

export function encodeKeyAnswer(value: KeyAnswer): string {
  const body = Buffer.concat([ANSWER_FLAGS, serialField(value.serial), nonceField(value.nonce), seconds(value.issuedAt), seconds(value.expiresAt)]);
  return Buffer.concat([body, supportSign(body)]).toString("base64");
}

/** The answer a `<Code>` carries (signed or not: see `authentic`), or undefined when it is not one. */
export function decodeKeyAnswer(code: string): ReadKeyAnswer | undefined {
  const bytes = base64(code);
  if (!bytes || bytes.length < 4 + 1 + 1 + NONCE_BYTES + 8 + SUPPORT_SIGNATURE_BYTES || !bytes.subarray(0, 4).equals(ANSWER_FLAGS)) return undefined;
  const body = bytes.subarray(0, bytes.length - SUPPORT_SIGNATURE_BYTES);
  const fields = readFields(body.subarray(4), 2);
  if (!fields || fields.rest.length !== 0) return undefined;
  const authentic = supportVerify(body, bytes.subarray(body.length));
  return { serial: fields.serial, nonce: fields.nonce, issuedAt: fields.times[0]!, expiresAt: fields.times[1]!, authentic };
}

function serialField(serial: string): Buffer {
  if (serial.length < 1 || serial.length > MAX_SERIAL || !SERIAL.test(serial)) throw new RangeError(`serial "${serial}" cannot go in a key file`);
  return Buffer.concat([Buffer.from([serial.length]), Buffer.from(serial, "ascii")]);
}

function nonceField(nonce: string): Buffer {
  const bytes = Buffer.from(nonce, "hex");
  if (bytes.length !== NONCE_BYTES || bytes.toString("hex") !== nonce.toLowerCase()) throw new RangeError("a key-file nonce is 16 bytes of hex");
  return bytes;
}

function seconds(epochMs: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(Math.min(0xffffffff, Math.max(0, Math.floor(epochMs / 1000))));
  return out;
}

function readFields(bytes: Buffer, timeCount: number): { serial: string; nonce: string; times: number[]; rest: Buffer } | undefined {
  const length = bytes[0];
  if (length === undefined || length < 1 || length > MAX_SERIAL || bytes.length < 1 + length + NONCE_BYTES + 4 * timeCount) return undefined;
  const serial = bytes.subarray(1, 1 + length).toString("latin1");
  if (!SERIAL.test(serial)) return undefined;
  let at = 1 + length;
  const nonce = bytes.subarray(at, at + NONCE_BYTES).toString("hex");
  at += NONCE_BYTES;
  const times: number[] = [];
  for (let i = 0; i < timeCount; i++, at += 4) times.push(bytes.readUInt32BE(at) * 1000);
  return { serial, nonce, times, rest: bytes.subarray(at) };
}

function base64(code: string): Buffer | undefined {
  const text = code.replace(/\s+/g, "");
  if (text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  return Buffer.from(text, "base64");
}
