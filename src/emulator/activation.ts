import { createDecipheriv, constants, publicEncrypt, type KeyObject } from "node:crypto";
import { randomHex, type Random } from "./random.js";

/**
 * The key exchange behind activation (hik-protocols.md §2.3 ISAPI, §1.6 SADP): the device
 * RSA-encrypts a 32-hex-character random string with the client's key; the client sends
 * back AES-128-ECB(random[0:16] + password), zero-padded.
 */
export function newChallenge(random: Random): string {
  return randomHex(random, 32);
}

/** RSA PKCS#1 v1.5 encryption of the challenge text with the client's public key. */
export function encryptChallenge(publicKey: KeyObject, challenge: string): Buffer {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(challenge, "ascii"));
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
