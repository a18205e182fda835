import type { IncomingMessage } from "node:http";
import type { Device } from "../emulator/device.js";
import type { LoginProof } from "../emulator/auth/login.js";
import { acceptsScheme } from "../emulator/accounts.js";
import { digestChallenge, parseDigestAuthorization, type DigestChallengeAlgorithm } from "./digest.js";
import { sessionCookie } from "./session-cookie.js";

/**
 * What a request offers under one scheme: a password proof the device decides
 * (device.login), or a web session cookie the device looks up (accounts.useSession).
 */
export type SchemeProof = LoginProof | { readonly kind: "session"; readonly sessionId: string; readonly tag: string | undefined };

/**
 * One way an HTTP request can carry credentials. The fleet handler tries its schemes in
 * order; the device core decides. Digest is the devices' default (hik-protocols.md §2.2);
 * Basic where the web auth setting allows it; the WebSession cookie of a session login (§2.4).
 */
export interface CredentialScheme {
  /** What a route's policy calls it (`digest`, `basic`, `session`). */
  readonly name: string;
  /** The proof the request carries under this scheme, or undefined when it carries none. */
  proofFrom(request: IncomingMessage, device: Device): SchemeProof | undefined;
  /** WWW-Authenticate values this scheme offers on a 401 (none for the cookie). */
  challenges(device: Device, stale: boolean): readonly string[];
}

/**
 * Digest algorithms a challenge names, from the web auth setting. With MD5/SHA256 the device
 * sends two `WWW-Authenticate: Digest` headers, MD5 first (no capture shows a device's order:
 * our choice, tested with the clients in test/http/digest-clients.test.ts):
 * - curl 7.88 keeps the first Digest header and ignores the duplicate: it answers MD5;
 * - python-requests sees the headers joined with ", " (urllib3; fetch joins them the same way)
 *   and reads them as one dict, the later value winning: nonce and algorithm of the SHA-256
 *   challenge, a matching pair; with SHA-256 first it would pair SHA-256 with the MD5 nonce;
 * - urllib takes the first Digest header and only knows MD5: a matching pair again.
 * The device accepts any of its nonces with any algorithm it offers, so every order works here;
 * MD5 first is the one where each of these clients answers the challenge it read its nonce from.
 */
function offeredAlgorithms(device: Device): DigestChallengeAlgorithm[] {
  const settings = device.security.current;
  const offered: DigestChallengeAlgorithm[] = [];
  if (acceptsScheme(settings, "md5")) offered.push("MD5");
  if (acceptsScheme(settings, "sha256")) offered.push("SHA-256");
  return offered;
}

export const digestScheme: CredentialScheme = {
  name: "digest",
  proofFrom(request) {
    const digest = parseDigestAuthorization(request.headers.authorization);
    if (!digest) return undefined;
    const algorithm = (digest.algorithm ?? "MD5").toUpperCase();
    // Other algorithms (MD5-sess, SHA-512-256) are not offered: the request carries no usable proof.
    if (algorithm !== "MD5" && algorithm !== "SHA-256") return undefined;
    return {
      kind: "digest",
      userName: digest.username,
      realm: digest.realm,
      nonce: digest.nonce,
      uri: digest.uri,
      response: digest.response,
      qop: digest.qop,
      nc: digest.nc,
      cnonce: digest.cnonce,
      algorithm: algorithm === "SHA-256" ? "sha256" : "md5",
      method: request.method ?? "GET",
      requestUri: request.url ?? "",
    };
  },
  challenges(device, stale) {
    const { challengeStyle } = device.profile.isapi;
    // One challenge per algorithm, each with its own nonce (RFC 7616 §3.7).
    return offeredAlgorithms(device).map((algorithm) => digestChallenge(challengeStyle, device.identity.realm, device.accounts.issueNonce(), stale, algorithm));
  },
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `Authorization: Basic base64(user:password)` (RFC 7617), only while the device offers it. */
export const basicScheme: CredentialScheme = {
  name: "basic",
  proofFrom(request) {
    const header = request.headers.authorization;
    if (!header || !/^\s*basic\s+/i.test(header)) return undefined;
    const token = header.replace(/^\s*basic\s+/i, "").trim();
    // RFC 7617: one token68 of padded Base64; Node's decoder would skip stray characters, we do not.
    if (!BASE64.test(token) || token.length % 4 !== 0) return undefined;
    const decoded = Buffer.from(token, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    return { kind: "basic", userName: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  },
  challenges(device) {
    return acceptsScheme(device.security.current, "basic") ? [`Basic realm="${device.identity.realm}"`] : [];
  },
};

/** The WebSession cookie and `sessiontag` header of a session login (§2.4). */
export const sessionScheme: CredentialScheme = {
  name: "session",
  proofFrom(request, device) {
    const sessionId = sessionCookie(request.headers.cookie, device.accounts.sessionCookieName);
    if (sessionId === undefined) return undefined;
    const tag = request.headers.sessiontag;
    return { kind: "session", sessionId, tag: typeof tag === "string" ? tag : undefined };
  },
  challenges() {
    return [];
  },
};

/** The schemes of a device's HTTP front, in the order they are tried. */
export const HTTP_SCHEMES: readonly CredentialScheme[] = [sessionScheme, digestScheme, basicScheme];
