import { ED25519_SIGNATURE_BYTES, embeddedEd25519 } from "../util/embedded-ed25519.js";

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

const key = embeddedEd25519(PRIVATE_KEY_PEM, PUBLIC_KEY_PEM);

/** Ed25519 signature length in bytes (RFC 8032). */
export const SUPPORT_SIGNATURE_BYTES = ED25519_SIGNATURE_BYTES;

/** Signs `data` as hikemu's support desk. */
export function supportSign(data: Buffer): Buffer {
  return key.sign(data);
}

/** Whether `signature` is hikemu's support desk's signature of `data`; never throws. */
export function supportVerify(data: Buffer, signature: Buffer): boolean {
  return key.verify(data, signature);
}
