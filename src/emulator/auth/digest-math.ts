import { hashHex, sameHex } from "./credentials.js";

/**
 * RFC 7616 response arithmetic (hik-protocols.md §2.2): pure, no parsing and no state. The
 * HTTP front parses the header; the login decision (auth/login.ts) calls this.
 */
export interface DigestFields {
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly qop?: string | undefined;
  readonly nc?: string | undefined;
  readonly cnonce?: string | undefined;
}

export type DigestAlgorithm = "md5" | "sha256";

export function expectedDigestResponse(fields: Omit<DigestFields, "response">, method: string, ha1: string, algorithm: DigestAlgorithm): string {
  const ha2 = hashHex(algorithm, `${method}:${fields.uri}`);
  return fields.qop
    ? hashHex(algorithm, `${ha1}:${fields.nonce}:${fields.nc ?? ""}:${fields.cnonce ?? ""}:${fields.qop}:${ha2}`)
    : hashHex(algorithm, `${ha1}:${fields.nonce}:${ha2}`);
}

export function digestResponseMatches(fields: DigestFields, method: string, ha1: string, algorithm: DigestAlgorithm): boolean {
  return sameHex(expectedDigestResponse(fields, method, ha1, algorithm), fields.response.toLowerCase());
}
