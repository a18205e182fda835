import { createHash } from "node:crypto";

/** Nonce counts used so far per nonce: like a real client, each use of a nonce counts up (RFC 7616 §3.4). */
const used = new Map<string, number>();

/**
 * A hand-built `Authorization: Digest` (MD5, qop=auth) for a nonce the caller already holds:
 * to replay it after the clock moves, or to reuse it in a load run. Each call for the same
 * nonce takes the next nonce count, as a client reusing a nonce does; pass `nc` to choose it
 * (a replay). Ordinary requests in tests go through urllib's Digest support instead.
 */
export function digestHeader(realm: string, nonce: string, uri: string, password: string, user = "admin", method = "GET", nc?: number): string {
  const count = nc ?? (used.get(nonce) ?? 0) + 1;
  if (nc === undefined) used.set(nonce, count);
  const ncText = count.toString(16).padStart(8, "0");
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const cnonce = "0a4f113b";
  const response = md5(`${md5(`${user}:${realm}:${password}`)}:${nonce}:${ncText}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
  return `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", qop=auth, nc=${ncText}, cnonce="${cnonce}"`;
}
