import { ED25519_SIGNATURE_BYTES, embeddedEd25519 } from "../util/embedded-ed25519.js";

/**
 * hikemu's firmware signing key (Ed25519): the emulator's OWN key pair, made for hikemu, not
 * Hikvision's and not a secret — it is here so `hikemu firmware build` can sign packages and
 * emulated devices can check them, the way a real device checks its vendor's signature. Anyone
 * can build packages with it; that is the point. Like the support desk's keys (DESIGN.md
 * "Support desk"), it lets the whole flow run offline.
 */
const PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIILvSlKkiEWAuddXVFFsxlWEwfapF6wbs4SlpGw4IQ5F
-----END PRIVATE KEY-----
`;

const PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAXW42Cpml9ZgkEbKj7vtgcOcwOgOV8HZE9rftUAjal8g=
-----END PUBLIC KEY-----
`;

const key = embeddedEd25519(PRIVATE_KEY_PEM, PUBLIC_KEY_PEM);

/** Ed25519 signature length in bytes (RFC 8032). */
export const SIGNATURE_BYTES = ED25519_SIGNATURE_BYTES;

/** Signs `data` as the hikemu vendor. */
export function vendorSign(data: Buffer): Buffer {
  return key.sign(data);
}

/** Whether `signature` is the hikemu vendor's signature of `data`; never throws. */
export function vendorVerify(data: Buffer, signature: Buffer): boolean {
  return key.verify(data, signature);
}
