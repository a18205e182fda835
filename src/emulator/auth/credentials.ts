import { createHash } from "node:crypto";

/**
 * Password material kept in flash instead of the plaintext: enough to check Digest
 * (MD5 and SHA-256 HA1, RFC 7616) and the irreversible hash that session login and
 * SADP `update` build on (hik-protocols.md §1.7, §2.4: sha256hex(user + salt + password)).
 */
export interface Credentials {
  readonly digestMd5: string;
  readonly digestSha256: string;
  readonly irreversible: string;
}

export function deriveCredentials(userName: string, password: string, realm: string, salt: string): Credentials {
  return {
    digestMd5: hashHex("md5", `${userName}:${realm}:${password}`),
    digestSha256: hashHex("sha256", `${userName}:${realm}:${password}`),
    irreversible: hashHex("sha256", `${userName}${salt}${password}`),
  };
}

export function passwordMatches(credentials: Credentials, userName: string, password: string, salt: string): boolean {
  return sameHex(credentials.irreversible, hashHex("sha256", `${userName}${salt}${password}`));
}

export function hashHex(algorithm: "md5" | "sha256", text: string): string {
  return createHash(algorithm).update(text, "utf8").digest("hex");
}

/**
 * Equality of two digests in hex, in time that depends only on the length (which is public):
 * every character is compared, without allocating, since it runs on every login.
 */
export function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
