// HTTP authentication for firmware without the web session login (V5.2: hik-protocols.md §2.4
// step 7, "if sessionLogin/capabilities fails, the UI uses Digest"). The page signs each ISAPI
// request itself with Digest (RFC 7616, qop=auth, MD5 or SHA-256). Never Basic: its header is
// the password itself, which the page would have to keep; every profile's firmware offers Digest
// (Basic only next to it), so a device offering only Basic gets a message instead (BASIC_ONLY).
//
// Such requests go out with `credentials: "omit"`: Chromium holds a same-origin fetch that gets
// a 401 with WWW-Authenticate for its own credentials prompt (headless: forever), even when the
// request carried an Authorization header; with "omit" the 401 and its challenge reach the page.
//
// This module has no imports, so Node tests load it as is; hash functions are passed in.

/**
 * The challenges of a WWW-Authenticate value (several may be joined with ", "):
 * [{scheme: "digest" | "basic" | …, params: {realm, nonce, qop, stale, algorithm, opaque, …}}].
 */
export function parseChallenges(header) {
  const challenges = [];
  const text = header ?? "";
  const token = /[!#$%&'*+.^_`|~\w-]+/y;
  let i = 0;
  let current;
  while (i < text.length) {
    while (i < text.length && /[\s,]/.test(text[i])) i++;
    token.lastIndex = i;
    const name = token.exec(text)?.[0];
    if (!name) break;
    i = token.lastIndex;
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] !== "=") {
      current = { scheme: name.toLowerCase(), params: {} };
      challenges.push(current);
      continue;
    }
    i++;
    while (i < text.length && /\s/.test(text[i])) i++;
    let value = "";
    if (text[i] === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) value += text[i] === "\\" ? text[++i] ?? "" : text[i];
      i++;
    } else {
      while (i < text.length && text[i] !== ",") value += text[i++];
      value = value.trim();
    }
    if (current) current.params[name.toLowerCase()] = value;
  }
  return challenges;
}

/** The Digest challenge the page answers: MD5 first (every firmware has it), else SHA-256. */
export function pickDigest(challenges) {
  const digests = challenges.filter((c) => c.scheme === "digest" && c.params.nonce && /(^|,)\s*auth\s*(,|$)/.test(c.params.qop ?? ""));
  const algorithmOf = (c) => (c.params.algorithm ?? "MD5").toUpperCase();
  return digests.find((c) => algorithmOf(c) === "MD5") ?? digests.find((c) => algorithmOf(c) === "SHA-256");
}

const QUOTE = (value) => `"${String(value).replace(/["\\]/g, "\\$&")}"`;

/**
 * `Digest username=…, response=…` for one request (RFC 7616 §3.4, qop=auth): HA1 is
 * H(user:realm:password) the page computed once at login, `hash` the algorithm's hex function.
 */
export function digestAuthorization({ user, ha1, realm, nonce, algorithm, opaque }, method, uri, nc, cnonce, hash) {
  const ncText = nc.toString(16).padStart(8, "0");
  const ha2 = hash(`${method}:${uri}`);
  const response = hash(`${ha1}:${nonce}:${ncText}:${cnonce}:auth:${ha2}`);
  const fields = [`username=${QUOTE(user)}`, `realm=${QUOTE(realm)}`, `nonce=${QUOTE(nonce)}`, `uri=${QUOTE(uri)}`, `algorithm=${algorithm}`, `response=${QUOTE(response)}`, `qop=auth`, `nc=${ncText}`, `cnonce=${QUOTE(cnonce)}`];
  if (opaque !== undefined) fields.push(`opaque=${QUOTE(opaque)}`);
  return `Digest ${fields.join(", ")}`;
}

/**
 * The statuses with which sessionLogin/capabilities says "no session login here": firmware
 * without it (V5.2) challenges an anonymous request first (401, as for any resource it does not
 * reveal), and once authenticated answers 403 notSupport (404 notFound on firmware that answers
 * unknown resources so). Any other refusal is not taken for it.
 */
export const NO_SESSION_LOGIN = new Set([401, 403, 404]);

/** What the login shows when the device's challenge offers Basic and no Digest the page speaks. */
export const BASIC_ONLY =
  "The device offers only Basic authentication, which this page does not use (it would have to keep your password). Set the device's web authentication to digest (ISAPI /ISAPI/Security/webCertificate) and log in again.";

/**
 * What the page keeps to sign requests, from the device's challenge: the Digest HA1 (never the
 * password), or undefined when the challenge offers no Digest (`basicOnly` when it offers Basic:
 * the login shows BASIC_ONLY). `hashes` = {MD5: md5Hex, "SHA-256": sha256Hex}.
 */
export function httpAuthFrom(header, user, password, hashes) {
  const challenges = parseChallenges(header);
  const digest = pickDigest(challenges);
  if (!digest) return undefined;
  const algorithm = (digest.params.algorithm ?? "MD5").toUpperCase();
  const realm = digest.params.realm ?? "";
  return { scheme: "digest", user, algorithm, realm, ha1: hashes[algorithm](`${user}:${realm}:${password}`), nonce: digest.params.nonce, opaque: digest.params.opaque, nc: 0 };
}

/** Whether a challenge offers Basic but no Digest the page can answer. */
export function basicOnly(header) {
  const challenges = parseChallenges(header);
  return !pickDigest(challenges) && challenges.some((c) => c.scheme === "basic");
}

/**
 * A 401's challenge renews the nonce when the device says only the nonce was wrong (stale=TRUE,
 * RFC 7616 §3.3): returns the renewed auth, or undefined when the 401 refuses the credentials.
 */
export function renewedAuth(auth, header) {
  if (auth?.scheme !== "digest") return undefined;
  const digest = pickDigest(parseChallenges(header));
  if (!digest || String(digest.params.stale).toUpperCase() !== "TRUE") return undefined;
  return { ...auth, nonce: digest.params.nonce, opaque: digest.params.opaque, nc: 0 };
}

/** A fresh client nonce: 16 random hex characters. */
export function newCnonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
