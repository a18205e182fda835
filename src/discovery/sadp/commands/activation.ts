import { createPublicKey, type KeyObject } from "node:crypto";
import type { Device } from "../../../emulator/device.js";
import { DeviceError } from "../../../emulator/errors.js";
import { answer, type CommandAnswer } from "./reply.js";

/**
 * Activation over SADP (hik-protocols.md §1.6): `exchangecode` then `activate`, through the
 * same device operations as ISAPI activation (§2.3), so both fronts share one user store.
 */

/** `exchangecode`: the challenge, RSA-encrypted for the client's key, in `<Code>` (§1.6 step 3). */
export function exchangeCode(device: Device, code: string | undefined): CommandAnswer {
  // Firmware without activation refuses the command itself, whatever the key (denied).
  if (!device.supportsActivation) throw new DeviceError("notSupport", "this firmware has no activation");
  if (!code?.trim()) throw new DeviceError("badPublicKey", "Code is missing");
  const encrypted = device.beginKeyExchange(sadpPublicKey(code));
  return answer("ok", [["Code", encrypted.toString("base64")]]);
}

/**
 * `activate`: the password, AES-encrypted with the challenge. The AES key is the ASCII of the
 * challenge's first 16 characters in the SADP Java client (§1.6) but the hex-decoded challenge
 * in ISAPI (§2.3): the sources CONFLICT, so both are tried ("either") and the one whose
 * plaintext starts with the challenge prefix wins. Errors: no exchange → "Empty encrypt
 * string!" (noChallenge), weak → "Risk password!", active → "Has activated!".
 */
export async function activate(device: Device, password: string | undefined): Promise<CommandAnswer> {
  if (!device.supportsActivation) throw new DeviceError("notSupport", "this firmware has no activation");
  if (!password?.trim()) throw new DeviceError("badEncryption", "Password is missing");
  await device.activateEncrypted(sadpCipher(password), "either", "sadp");
  return answer("ok");
}

/**
 * `<Code>` = Base64 of the DER PKCS#1 RSAPublicKey (§1.6 step 2: "MIGJ…" for 1024 bits); a
 * DER SubjectPublicKeyInfo ("MIGf…") is accepted too, as scripts export that more easily.
 */
export function sadpPublicKey(code: string): KeyObject {
  const der = Buffer.from(code.trim(), "base64");
  for (const type of ["pkcs1", "spki"] as const) {
    try {
      return createPublicKey({ key: der, format: "der", type });
    } catch {
      // try the next encoding
    }
  }
  throw new DeviceError("badPublicKey", "Code is not a DER RSA public key");
}

/**
 * `<Password>` = Base64 of the ciphertext (§1.6 step 4). Base64 of its hex, the ISAPI form
 * (§2.3), is accepted too, in case a client reuses the ISAPI code path.
 */
export function sadpCipher(password: string): Buffer {
  const decoded = Buffer.from(password.trim(), "base64");
  const text = decoded.toString("latin1");
  return /^[0-9a-fA-F]+$/.test(text) && text.length % 32 === 0 ? Buffer.from(text, "hex") : decoded;
}
