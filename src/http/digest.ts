/**
 * HTTP Digest as devices speak it (hik-protocols.md §2.2): MD5 (SHA-256 where offered), qop=auth. Parsing and
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

/**
 * Parses `Authorization: Digest k="v", k=v, …` (RFC 7616 §3.4); undefined for other schemes
 * or when a required field is missing. A scanner rather than a regex: it runs per request.
 */
export function parseDigestAuthorization(header: string | undefined): DigestResponse | undefined {
  if (!header) return undefined;
  let i = skipSpaces(header, 0);
  if (header.slice(i, i + 6).toLowerCase() !== "digest" || !isSpace(header.charCodeAt(i + 6))) return undefined;
  i += 6;
  const params: Record<string, string> = {};
  while (i < header.length) {
    i = skipSpaces(header, i);
    const keyStart = i;
    while (i < header.length && isTokenChar(header.charCodeAt(i))) i++;
    if (i === keyStart) break;
    const key = header.slice(keyStart, i).toLowerCase();
    i = skipSpaces(header, i);
    if (header[i] !== "=") break;
    i = skipSpaces(header, i + 1);
    let value = "";
    if (header[i] === '"') {
      i++;
      while (i < header.length && header[i] !== '"') {
        if (header[i] === "\\" && i + 1 < header.length) i++;
        value += header[i++];
      }
      i++;
    } else {
      const valueStart = i;
      while (i < header.length && header[i] !== "," && !isSpace(header.charCodeAt(i))) i++;
      value = header.slice(valueStart, i);
    }
    params[key] = value;
    i = skipSpaces(header, i);
    if (header[i] === ",") i++;
  }
  const { username, realm, nonce, uri, response } = params;
  if (!username || realm === undefined || !nonce || !uri || !response) return undefined;
  return { username, realm, nonce, uri, response, qop: params.qop, nc: params.nc, cnonce: params.cnonce, algorithm: params.algorithm, opaque: params.opaque };
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** RFC 9110 token characters as Digest parameter names use them (letters, digits, - and _). */
function isTokenChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2d || code === 0x5f;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

export type ChallengeStyle = "camera" | "recorder";
export type DigestChallengeAlgorithm = "MD5" | "SHA-256";

/**
 * The WWW-Authenticate value. Cameras: `Digest qop="auth", realm="…", nonce="…", stale="FALSE"`
 * (V5.5 cassette); NVRs add domain, opaque and algorithm (hikvision_next issue #50, §2.2).
 * A SHA-256 challenge names its algorithm in either layout (RFC 7616 §3.3); no capture shows
 * where a camera puts it (UNCERTAIN): before `stale`, as the NVR does.
 */
export function digestChallenge(style: ChallengeStyle, realm: string, nonce: string, stale: boolean, algorithm: DigestChallengeAlgorithm = "MD5"): string {
  const staleText = stale ? "TRUE" : "FALSE";
  if (style === "camera") {
    const named = algorithm === "MD5" ? "" : `, algorithm="${algorithm}"`;
    return `Digest qop="auth", realm="${realm}", nonce="${nonce}"${named}, stale="${staleText}"`;
  }
  return `Digest realm="${realm}", domain="::", qop="auth", nonce="${nonce}", opaque="", algorithm="${algorithm}", stale="${staleText}"`;
}
