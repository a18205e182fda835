/**
 * HTTP Digest as devices speak it (hik-protocols.md §2.2): MD5, qop=auth. Parsing and
 * formatting are here; the device keeps the nonces (RAM) and the HA1 values (flash).
 */
export interface DigestResponse {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
  readonly algorithm?: string;
  readonly opaque?: string;
}

/** Parses `Authorization: Digest k="v", k=v, …`; undefined for other schemes or junk. */
export function parseDigestAuthorization(header: string | undefined): DigestResponse | undefined {
  if (!header) return undefined;
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const pair = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/g;
  for (const m of (match[1] ?? "").matchAll(pair)) {
    const key = (m[1] ?? "").toLowerCase();
    params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
  }
  const { username, realm, nonce, uri, response } = params;
  if (!username || realm === undefined || !nonce || !uri || !response) return undefined;
  return { username, realm, nonce, uri, response, qop: params.qop, nc: params.nc, cnonce: params.cnonce, algorithm: params.algorithm, opaque: params.opaque };
}

export type ChallengeStyle = "camera" | "recorder";

/**
 * The WWW-Authenticate value. Cameras: `Digest qop="auth", realm="…", nonce="…", stale="FALSE"`
 * (V5.5 cassette); NVRs add domain, opaque and algorithm (hikvision_next issue #50, §2.2).
 */
export function digestChallenge(style: ChallengeStyle, realm: string, nonce: string, stale: boolean): string {
  const staleText = stale ? "TRUE" : "FALSE";
  return style === "camera"
    ? `Digest qop="auth", realm="${realm}", nonce="${nonce}", stale="${staleText}"`
    : `Digest realm="${realm}", domain="::", qop="auth", nonce="${nonce}", opaque="", algorithm="MD5", stale="${staleText}"`;
}
