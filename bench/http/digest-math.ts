import { createHash } from "node:crypto";

/** RFC 7616 MD5, qop=auth: what a Digest client computes and a bare Digest server checks. */
export const md5 = (text: string): string => createHash("md5").update(text).digest("hex");

export function digestResponse(ha1: string, nonce: string, nc: string, cnonce: string, method: string, uri: string): string {
  return md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
}
