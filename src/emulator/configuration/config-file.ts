import { createCipheriv, createDecipheriv, createHmac, hkdfSync, scryptSync, timingSafeEqual } from "node:crypto";
import type { Random } from "../random.js";
import { DeviceError } from "../errors.js";

/**
 * The configuration file `/ISAPI/System/configurationData` hands out and takes back (issue #10):
 * hikemu's own format, opaque to the user and integrity-protected, like the real device's file
 * (whose layout is not public). All numbers big-endian:
 *
 *   offset  size  field
 *   0       8     magic "HIKEMUCF"
 *   8       2     format version (1)
 *   10      2     flags: bit 0 = encrypted with the user's secret key, else with the device key
 *   12      1     model length n (1–64)
 *   13      n     model, ASCII (deviceInfo `model`)
 *   13+n    16    key-derivation salt
 *   29+n    12    AES-GCM nonce
 *   41+n    8     key check: HMAC-SHA256(key, "key check"), first 8 bytes
 *   49+n    16    AES-GCM tag
 *   65+n    …     AES-256-GCM ciphertext of the payload
 *
 * Everything before the tag is the GCM additional data, so a changed model, flag or key check
 * breaks the tag as a changed payload byte does. The key check tells a wrong secret key from a
 * damaged file before the payload is tried.
 */
export const CONFIG_MAGIC = Buffer.from("HIKEMUCF", "ascii");
export const CONFIG_FORMAT_VERSION = 1;
export const FLAG_SECRET_KEY = 0x0001;

const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const CHECK_BYTES = 8;
const TAG_BYTES = 16;
const MAX_MODEL_BYTES = 64;
/** Fixed part before the model: magic, version, flags, model length. */
const PREFIX_BYTES = CONFIG_MAGIC.length + 2 + 2 + 1;

/**
 * The key every hikemu device derives its file key from when no secret key is given, as all
 * units of a real family share their firmware's built-in key: the file is opaque to a reader,
 * not secret from someone with this source. Bound to the model by the key derivation.
 */
const DEVICE_KEY = Buffer.from("6b0c3e9a51d27f48a3e1c09d5f7b2a6e84d1c3f05a9e27b6c4d8e1f0a3b5c7d9", "hex");

/** scrypt cost for a user's secret key (16 MiB, some tens of ms): slows guessing a short key. */
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export interface ConfigFileHeader {
  readonly version: number;
  readonly flags: number;
  readonly model: string;
}

export interface SealOptions {
  readonly model: string;
  /** The user's secret key (`secretkey`); absent: the device key. */
  readonly secretKey?: string | undefined;
}

/** Encrypts a payload into a configuration file for `model`. */
export function sealConfiguration(payload: Buffer, options: SealOptions, random: Random): Buffer {
  const model = Buffer.from(options.model, "latin1");
  if (model.length < 1 || model.length > MAX_MODEL_BYTES) throw new RangeError(`model name of ${model.length} bytes`);
  const salt = random.bytes(SALT_BYTES);
  const nonce = random.bytes(NONCE_BYTES);
  const flags = options.secretKey === undefined ? 0 : FLAG_SECRET_KEY;
  const key = fileKey(options.model, salt, options.secretKey);
  const prefix = Buffer.alloc(PREFIX_BYTES);
  CONFIG_MAGIC.copy(prefix, 0);
  prefix.writeUInt16BE(CONFIG_FORMAT_VERSION, 8);
  prefix.writeUInt16BE(flags, 10);
  prefix.writeUInt8(model.length, 12);
  const header = Buffer.concat([prefix, model, salt, nonce, keyCheck(key)]);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(payload), cipher.final()]);
  return Buffer.concat([header, cipher.getAuthTag(), body]);
}

/**
 * What a file says about itself, read before anything is decrypted. Refuses what is not a
 * configuration file (`configurationFormat`) and a newer format (`configurationVersion`);
 * a file cut short inside its header is damaged (`configurationContent`).
 */
export function readConfigurationHeader(file: Buffer): ConfigFileHeader & { readonly headerBytes: number } {
  if (file.length < PREFIX_BYTES || !file.subarray(0, CONFIG_MAGIC.length).equals(CONFIG_MAGIC)) throw new DeviceError("configurationFormat", "no configuration file header");
  const version = file.readUInt16BE(8);
  const flags = file.readUInt16BE(10);
  if (version === 0) throw new DeviceError("configurationFormat", "format version 0");
  if (version > CONFIG_FORMAT_VERSION) throw new DeviceError("configurationVersion", `format version ${version}; this firmware reads ${CONFIG_FORMAT_VERSION}`);
  if ((flags & ~FLAG_SECRET_KEY) !== 0) throw new DeviceError("configurationVersion", `unknown flags 0x${flags.toString(16)}`);
  const modelBytes = file.readUInt8(12);
  const headerBytes = PREFIX_BYTES + modelBytes + SALT_BYTES + NONCE_BYTES + CHECK_BYTES;
  if (modelBytes < 1 || modelBytes > MAX_MODEL_BYTES) throw new DeviceError("configurationContent", `model length ${modelBytes}`);
  if (file.length < headerBytes + TAG_BYTES) throw new DeviceError("configurationContent", `the file ends after ${file.length} bytes, inside its header`);
  const model = file.subarray(PREFIX_BYTES, PREFIX_BYTES + modelBytes).toString("latin1");
  return { version, flags, model, headerBytes };
}

export interface OpenOptions {
  /** The importing device's model: a file of another model is refused. */
  readonly model: string;
  readonly secretKey?: string | undefined;
}

/**
 * The payload of a configuration file, or a DeviceError: not a configuration file, newer format,
 * another model, a secret key missing (`badParameters` naming `secretkey`) or wrong
 * (`configurationKey`), or altered / cut short (`configurationContent`). A secret key given for
 * a file made with the device key is ignored.
 */
export function openConfiguration(file: Buffer, options: OpenOptions): Buffer {
  const header = readConfigurationHeader(file);
  if (header.model !== options.model) throw new DeviceError("configurationModel", `the file is for ${header.model}, this device is ${options.model}`);
  const withSecretKey = (header.flags & FLAG_SECRET_KEY) !== 0;
  if (withSecretKey && options.secretKey === undefined) throw new DeviceError("badParameters", "secretkey: the file is encrypted with a secret key");
  let offset = PREFIX_BYTES + Buffer.byteLength(header.model, "latin1");
  const salt = file.subarray(offset, (offset += SALT_BYTES));
  const nonce = file.subarray(offset, (offset += NONCE_BYTES));
  const check = file.subarray(offset, (offset += CHECK_BYTES));
  const tag = file.subarray(offset, (offset += TAG_BYTES));
  const key = fileKey(header.model, salt, withSecretKey ? options.secretKey : undefined);
  if (!timingSafeEqual(check, keyCheck(key))) {
    throw withSecretKey ? new DeviceError("configurationKey") : new DeviceError("configurationContent", "key check failed");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAAD(file.subarray(0, header.headerBytes));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(file.subarray(offset)), decipher.final()]);
  } catch {
    throw new DeviceError("configurationContent", "integrity check (AES-GCM tag) failed");
  }
}

function fileKey(model: string, salt: Buffer, secretKey: string | undefined): Buffer {
  if (secretKey !== undefined) return scryptSync(Buffer.from(secretKey, "utf8"), salt, 32, SCRYPT);
  return Buffer.from(hkdfSync("sha256", DEVICE_KEY, salt, `hikemu configuration ${model}`, 32));
}

function keyCheck(key: Buffer): Buffer {
  return createHmac("sha256", key).update("key check").digest().subarray(0, CHECK_BYTES);
}
