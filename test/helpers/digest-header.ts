import { createHash } from "node:crypto";

/**
 * A hand-built `Authorization: Digest` (MD5, qop=auth, nc 1) for a nonce the caller already
 * holds: to replay it after the clock moves, or to reuse it in a load run. Ordinary requests
 * in tests go through urllib's Digest support instead.
 */
export function digestHeader(realm: string, nonce: string, uri: string, password: string, user = "admin", method = "GET"): string {
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const cnonce = "0a4f113b";
  const response = md5(`${md5(`${user}:${realm}:${password}`)}:${nonce}:00000001:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
  return `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", qop=auth, nc=00000001, cnonce="${cnonce}"`;
}
