import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";

/**
 * hikemu's support-desk signing key (Ed25519): the emulator's OWN key pair, made for hikemu, not
 * Hikvision's and not a secret. The simulated support desk signs its key-file answers
 * (Encrypt.xml, hik-protocols.md §1.8.2) with it and emulated devices check them, as a real
 * device checks what its vendor's support issued. Anyone can issue answers with it; that is
 * the point of a lab (DESIGN.md "Support desk"): every flow runs offline.
 */
const PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEICKStXDUY821lwPWPHCOGwTxh7WKKacOgFFgqL0pvOVr
-----END PRIVATE KEY-----
`;

const PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAFPG6XnP2JWdjpg8DJtV25zhwLUliTEgUVy+QM5He6OI=
-----END PUBLIC KEY-----
`;

const privateKey = createPrivateKey(PRIVATE_KEY_PEM);
const publicKey = createPublicKey(PUBLIC_KEY_PEM);

/** Ed25519 signature length in bytes (RFC 8032). */
export const SUPPORT_SIGNATURE_BYTES = 64;

/** Signs `data` as hikemu's support desk. */
export function supportSign(data: Buffer): Buffer {
  return sign(null, data, privateKey);
}

/** Whether `signature` is the support desk's signature of `data`; never throws. */
export function supportVerify(data: Buffer, signature: Buffer): boolean {
  if (signature.length !== SUPPORT_SIGNATURE_BYTES) return false;
  try {
    return verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}
