import { createDecipheriv, constants, publicEncrypt, type KeyObject } from "node:crypto";
import { DeviceError } from "./errors.js";
import { randomHex, type Random } from "./random.js";

/**
 * The key exchange behind activation (hik-protocols.md §2.3 ISAPI, §1.6 SADP): the device
 * RSA-encrypts a 32-hex-character random string with the client's key; the client sends
 * back AES-128-ECB(random[0:16] + password), zero-padded.
 */
export function newChallenge(random: Random): string {
  return randomHex(random, 32);
}

/**
 * RSA PKCS#1 v1.5 encryption of the challenge text with the client's public key. The padding
 * (RFC 8017 §7.2.1: 00 02 PS 00 M, PS non-zero random) is built here from the Random port and
 * the raw RSA operation done with RSA_NO_PADDING, so a seeded test run gets the same bytes.
 */
export function encryptChallenge(publicKey: KeyObject, challenge: string, random: Random): Buffer {
  const message = Buffer.from(challenge, "ascii");
  const size = Math.ceil((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  const padding = nonZeroBytes(random, size - message.length - 3);
  const block = Buffer.concat([Buffer.from([0x00, 0x02]), padding, Buffer.from([0x00]), message]);
  return publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, block);
}

function nonZeroBytes(random: Random, length: number): Buffer {
  const out = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    for (const byte of random.bytes(length - filled)) {
      if (byte !== 0 && filled < length) out[filled++] = byte;
    }
  }
  return out;
}

/**
 * How the AES key comes from the challenge. ISAPI hex-decodes it (§2.3, web UI); the SADP
 * Java client uses the ASCII of its first 16 characters (§1.6). The sources CONFLICT, so
 * `either` tries both and keeps the one whose plaintext starts with the challenge prefix.
 */
export type AesKeyMode = "hex" | "ascii" | "either";

/** Returns the password, or undefined when the ciphertext does not belong to this challenge. */
export function decryptActivationPassword(cipher: Buffer, challenge: string, mode: AesKeyMode): string | undefined {
  if (cipher.length === 0 || cipher.length % 16 !== 0) return undefined;
  const keys: Buffer[] = [];
  if (mode !== "ascii") keys.push(Buffer.from(challenge, "hex"));
  if (mode !== "hex") keys.push(Buffer.from(challenge.slice(0, 16), "ascii"));
  const prefix = challenge.slice(0, 16);
  for (const key of keys) {
    const decipher = createDecipheriv("aes-128-ecb", key, null);
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(cipher), decipher.final()]);
    const text = plain.toString("latin1").replace(/\0+$/, "");
    if (text.startsWith(prefix)) return text.slice(prefix.length);
  }
  return undefined;
}

/** The smallest modulus that can carry the challenge under PKCS#1 v1.5 (32 bytes + 11). */
export const MIN_RSA_MODULUS_BYTES = 43;

/**
 * The largest key accepted (our choice): clients send 1024 bits (§2.3) or 3072 for the V3
 * flow; a 32,768-bit modulus would only cost the device CPU.
 */
export const MAX_RSA_MODULUS_BITS = 8192;

/**
 * The pending key exchange of one device (RAM: a reboot forgets it). `begin` answers the
 * client's key with a fresh encrypted challenge; `passwordFrom` recovers the password the
 * client encrypted with it.
 */
export class KeyExchange {
  #challenge: string | undefined;

  constructor(private readonly random: Random) {}

  begin(publicKey: KeyObject): Buffer {
    const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (publicKey.asymmetricKeyType !== "rsa" || bits / 8 < MIN_RSA_MODULUS_BYTES || bits > MAX_RSA_MODULUS_BITS) {
      throw new DeviceError("badPublicKey", `an RSA key of ${MIN_RSA_MODULUS_BYTES * 8}-${MAX_RSA_MODULUS_BITS} bits is needed`);
    }
    const challenge = newChallenge(this.random);
    let encrypted: Buffer;
    try {
      encrypted = encryptChallenge(publicKey, challenge, this.random);
    } catch {
      // Not a usable modulus (even, or no inverse): the client's key, not the device, is at fault.
      throw new DeviceError("badPublicKey", "the key cannot encrypt");
    }
    // Only a challenge the client can read replaces the pending one.
    this.#challenge = challenge;
    return encrypted;
  }

  passwordFrom(cipher: Buffer, keyMode: AesKeyMode): string {
    if (!this.#challenge) throw new DeviceError("noChallenge");
    const password = decryptActivationPassword(cipher, this.#challenge, keyMode);
    if (password === undefined) throw new DeviceError("badEncryption");
    return password;
  }

  /** Whether a challenge is pending (issue #11: a key-file `reset` after `exchangecode`). */
  get pending(): boolean {
    return this.#challenge !== undefined;
  }

  /** Used up (activation done) or forgotten (reboot). */
  clear(): void {
    this.#challenge = undefined;
  }
}
