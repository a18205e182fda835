import { createHash } from "node:crypto";
import { vendorSign, vendorVerify } from "./vendor-key.js";

/**
 * hikemu firmware packages: hikemu's own format, standing in for a vendor's `digicap.dav` (a
 * real one is tens of MB of proprietary image; nothing here reads or imitates its layout).
 * All integers big-endian:
 *
 *   0      8  magic "HIKEMUFW"
 *   8      2  format version (1)
 *   10     2  manifest length M (at most 1 KiB)
 *   12     M  manifest: UTF-8 JSON {"model", "version", "build"}
 *   12+M   4  payload length P (at most 64 MiB)
 *   16+M   P  payload (padding standing in for the image)
 *   16+M+P 2  signature length S: 0 (unsigned) or 64
 *   18+M+P S  Ed25519 signature by the hikemu vendor key (vendor-key.ts) of bytes 0 .. 16+M+P
 *
 * Nothing may follow the signature. Decoding is pure and never throws: a bad file is a typed
 * failure the device turns into its refusal.
 */

export const PACKAGE_MAGIC = Buffer.from("HIKEMUFW", "ascii");
export const FORMAT_VERSION = 1;
const MAX_MANIFEST = 1024;
const MAX_PAYLOAD = 64 * 1024 * 1024;
/** Default padding: a small file that still looks like a binary image. */
export const DEFAULT_PAYLOAD_BYTES = 16 * 1024;

/** What a package says it is. */
export interface FirmwareManifest {
  readonly model: string;
  readonly version: string;
  readonly build: string;
}

export type PackageFailureKind =
  /** Not a hikemu package at all (wrong magic, another format version): a vendor image, a text file. */
  | "notPackage"
  /** Cut short, or bytes after the signature. */
  | "truncated"
  /** The manifest is not the JSON object it must be. */
  | "badManifest"
  /** Well formed but carries no signature. */
  | "unsigned"
  /** The signature is not the vendor's over these bytes: tampered, or signed by someone else. */
  | "badSignature";

export type PackageResult =
  | { readonly ok: true; readonly manifest: FirmwareManifest; readonly payloadBytes: number }
  | { readonly ok: false; readonly failure: PackageFailureKind; readonly detail: string };

export interface EncodeOptions {
  /** Signs the package (default: the hikemu vendor key); `false` leaves it unsigned (tests). */
  readonly sign?: ((data: Buffer) => Buffer) | false;
}

/** A package for `manifest` with `payload` as its image. */
export function encodeFirmwarePackage(manifest: FirmwareManifest, payload: Buffer, options: EncodeOptions = {}): Buffer {
  const manifestBytes = Buffer.from(JSON.stringify({ model: manifest.model, version: manifest.version, build: manifest.build }), "utf8");
  if (manifestBytes.length > MAX_MANIFEST) throw new RangeError(`manifest is ${manifestBytes.length} bytes, at most ${MAX_MANIFEST}`);
  if (payload.length > MAX_PAYLOAD) throw new RangeError(`payload is ${payload.length} bytes, at most ${MAX_PAYLOAD}`);
  const head = Buffer.alloc(12);
  PACKAGE_MAGIC.copy(head, 0);
  head.writeUInt16BE(FORMAT_VERSION, 8);
  head.writeUInt16BE(manifestBytes.length, 10);
  const payloadLength = Buffer.alloc(4);
  payloadLength.writeUInt32BE(payload.length);
  const signed = Buffer.concat([head, manifestBytes, payloadLength, payload]);
  const sign = options.sign ?? vendorSign;
  const signature = sign === false ? Buffer.alloc(0) : sign(signed);
  const signatureLength = Buffer.alloc(2);
  signatureLength.writeUInt16BE(signature.length);
  return Buffer.concat([signed, signatureLength, signature]);
}

/**
 * Deterministic padding of `bytes` bytes for a manifest (SHA-256 in counter mode over its
 * name): two builds of the same release are the same file.
 */
export function firmwarePayload(manifest: FirmwareManifest, bytes = DEFAULT_PAYLOAD_BYTES): Buffer {
  const out = Buffer.alloc(bytes);
  const seed = `${manifest.model} ${manifest.version} build ${manifest.build}`;
  for (let offset = 0, block = 0; offset < bytes; block++, offset += 32) {
    createHash("sha256").update(`${seed}#${block}`).digest().copy(out, offset);
  }
  return out;
}

/** Reads and checks a package: structure, manifest, then the vendor signature. Never throws. */
export function decodeFirmwarePackage(bytes: Buffer, verify: (data: Buffer, signature: Buffer) => boolean = vendorVerify): PackageResult {
  const fail = (failure: PackageFailureKind, detail: string): PackageResult => ({ ok: false, failure, detail });
  if (bytes.length < PACKAGE_MAGIC.length || !bytes.subarray(0, PACKAGE_MAGIC.length).equals(PACKAGE_MAGIC)) return fail("notPackage", "not a hikemu firmware package");
  if (bytes.length < 12) return fail("truncated", "the header is cut short");
  const version = bytes.readUInt16BE(8);
  if (version !== FORMAT_VERSION) return fail("notPackage", `package format ${version} is not known`);
  const manifestLength = bytes.readUInt16BE(10);
  if (manifestLength > MAX_MANIFEST) return fail("badManifest", `manifest of ${manifestLength} bytes`);
  const payloadAt = 12 + manifestLength;
  if (bytes.length < payloadAt + 4) return fail("truncated", "cut short in the manifest");
  const manifest = parseManifest(bytes.subarray(12, payloadAt));
  if (!manifest) return fail("badManifest", "the manifest is not {model, version, build}");
  const payloadLength = bytes.readUInt32BE(payloadAt);
  if (payloadLength > MAX_PAYLOAD) return fail("truncated", `payload of ${payloadLength} bytes`);
  const signatureAt = payloadAt + 4 + payloadLength;
  if (bytes.length < signatureAt + 2) return fail("truncated", "cut short in the payload");
  const signatureLength = bytes.readUInt16BE(signatureAt);
  const end = signatureAt + 2 + signatureLength;
  if (bytes.length < end) return fail("truncated", "cut short in the signature");
  if (bytes.length > end) return fail("truncated", `${bytes.length - end} bytes after the signature`);
  if (signatureLength === 0) return fail("unsigned", "the package is not signed");
  if (!verify(bytes.subarray(0, signatureAt), bytes.subarray(signatureAt + 2, end))) return fail("badSignature", "the signature does not match the package");
  return { ok: true, manifest, payloadBytes: payloadLength };
}

const VERSION = /^V\d+\.\d+\.\d+$/;
const BUILD = /^\d{6}$/;

function parseManifest(bytes: Buffer): FirmwareManifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { model, version, build } = value as Record<string, unknown>;
  if (typeof model !== "string" || model.length === 0 || model.length > 64) return undefined;
  if (typeof version !== "string" || !VERSION.test(version) || typeof build !== "string" || !BUILD.test(build)) return undefined;
  return { model, version, build };
}
