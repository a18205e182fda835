import { createCipheriv } from "node:crypto";
import { hashHex, passwordMatches, sameHex, type Credentials } from "./credentials.js";
import { digestResponseMatches, type DigestAlgorithm, type DigestFields } from "./digest-math.js";
import type { NonceState } from "./nonces.js";
import type { LockStatus } from "./login-lockout.js";

/**
 * What a caller offers as proof of a password (issue #5): every front hands one of these to
 * the device's `login`, which decides, counts failures and answers with a typed outcome.
 */
export type LoginProof =
  /** HTTP Digest (hik-protocols.md §2.2); `requestUri` is the request line's target, which `uri` must equal. */
  | ({ readonly kind: "digest"; readonly userName: string; readonly realm: string; readonly method: string; readonly requestUri: string; readonly algorithm: DigestAlgorithm } & DigestFields)
  /** SADP `<Password bSalt="true">` (§1.7): Base64 of AES-128-ECB over md5hex(sha256hex(user + Salt + password)). */
  | { readonly kind: "sadpSalted"; readonly userName: string; readonly password: string }
  /**
   * Web session login, irreversible mode (§2.4): sha256hex(sha256hex(user + salt + pwd) + challenge),
   * hashed again up to the device's iteration count, for a `sessionId` the device issued.
   */
  | { readonly kind: "sessionHash"; readonly userName: string; readonly sessionId: string; readonly hash: string }
  /** HTTP Basic (§2.2): accepted only while the device's web auth setting is `digest/basic`. */
  | { readonly kind: "basic"; readonly userName: string; readonly password: string }
  /** A plaintext password (control plane, fleet file, SADP fronts that carry it in clear). */
  | { readonly kind: "plain"; readonly userName: string; readonly password: string };

/** Who is trying: the front and the peer address, for counting and for the log. */
export interface LoginContext {
  readonly front: "isapi" | "sadp" | "web" | "control" | "local";
  readonly peer: string;
}

export type LoginFailure =
  /** No password exists yet (§2.3): fronts answer notActivated. */
  | "notActivated"
  /** The Digest nonce expired, or was the device's own before a reboot: the client retries with stale=TRUE (RFC 7616 §3.3). Not counted. */
  | "staleNonce"
  /** A Digest nonce or session challenge the device never issued, or used up. Not counted. */
  | "unknownNonce"
  /** A Digest nonce count not above the last one used with the nonce: a replayed request (RFC 7616 §3.4). Not counted. */
  | "replayedNonce"
  /** A scheme or Digest algorithm the device's web auth setting does not offer, or Digest without qop=auth. Not counted. */
  | "schemeRefused"
  /** The client address is locked after too many failures (§2.11): refused unchecked. */
  | "locked"
  /** Wrong user or password. Counted. */
  | "badCredentials";

export type LoginOutcome =
  | { readonly ok: true; readonly userName: string }
  | {
      readonly ok: false;
      readonly reason: LoginFailure;
      /** Whether the user name exists (counting keeps the two apart). */
      readonly knownUser: boolean;
      /** The address's lockout state after this attempt, on fronts the lockout covers (ISAPI, web). */
      readonly lock?: LockStatus;
    };

export interface LoginSubject {
  readonly activated: boolean;
  readonly realm: string;
  readonly salt: string;
  credentialsOf(userName: string): Credentials | undefined;
  /** Checks a Digest nonce and its nonce count (nonces.ts). */
  nonceState(nonce: string, nc: string | undefined): NonceState;
  /** Records a verified Digest response's nonce count, so a replay of it is refused. */
  nonceAccepted(nonce: string, nc: string | undefined): void;
  /** Whether the device's web auth setting offers this Digest algorithm, or Basic at all. */
  accepts(scheme: "basic" | DigestAlgorithm): boolean;
  /** The pending session challenge for this id and user (consumed), with the device's iteration count. */
  sessionChallenge(sessionId: string, userName: string): { readonly challenge: string; readonly iterations: number } | undefined;
  /** Password material for a user that does not exist, so unknown users cost the same work. */
  readonly decoy: Credentials;
}

/** Decides a login attempt. Pure: counting and events are the caller's (auth/failed-logins.ts). */
export function decideLogin(subject: LoginSubject, proof: LoginProof): LoginOutcome {
  const known = subject.credentialsOf(proof.userName);
  const fail = (reason: LoginFailure): LoginOutcome => ({ ok: false, reason, knownUser: known !== undefined });
  if (!subject.activated) return fail("notActivated");
  if (proof.kind === "basic" && !subject.accepts("basic")) return fail("schemeRefused");
  if (proof.kind === "digest") {
    // qop=auth is what devices offer (§2.2); without it there is no nonce count to stop replays.
    if (!subject.accepts(proof.algorithm) || proof.qop !== "auth") return fail("schemeRefused");
    const state = subject.nonceState(proof.nonce, proof.nc);
    if (state === "stale") return fail("staleNonce");
    if (state === "unknown") return fail("unknownNonce");
    if (state === "replayed") return fail("replayedNonce");
  }
  let session: { readonly challenge: string; readonly iterations: number } | undefined;
  if (proof.kind === "sessionHash") {
    session = subject.sessionChallenge(proof.sessionId, proof.userName);
    if (!session) return fail("unknownNonce");
  }
  // An unknown user is checked against the decoy: the same hashing, never a success.
  const matches = proofMatches(subject, known ?? subject.decoy, proof, session);
  if (!matches || known === undefined) return fail("badCredentials");
  if (proof.kind === "digest") subject.nonceAccepted(proof.nonce, proof.nc);
  return { ok: true, userName: proof.userName };
}

function proofMatches(subject: LoginSubject, credentials: Credentials, proof: LoginProof, session: { readonly challenge: string; readonly iterations: number } | undefined): boolean {
  switch (proof.kind) {
    case "digest": {
      const ha1 = proof.algorithm === "md5" ? credentials.digestMd5 : credentials.digestSha256;
      const response = digestResponseMatches(proof, proof.method, ha1, proof.algorithm);
      return response && proof.realm === subject.realm && proof.uri === proof.requestUri;
    }
    case "plain":
    case "basic":
      return passwordMatches(credentials, proof.userName, proof.password, subject.salt);
    case "sadpSalted": {
      const offered = proof.password.trim();
      const matches = SADP_SALT_KEYS.map((keying) => sameHex(sadpSaltedPassword(credentials.irreversible, keying), offered));
      return matches.includes(true);
    }
    case "sessionHash":
      return session !== undefined && sameHex(sessionHash(credentials.irreversible, session.challenge, session.iterations), proof.hash.toLowerCase());
  }
}

/**
 * How the §1.7 salted password is keyed. §1.7 reads the Java client as "the first 16
 * characters of k = md5hex(…) are the AES key and k starts the 64-byte buffer" (`text`); the
 * Java code itself hex-decodes k (`Hex.decodeHex`) and uses those 16 raw bytes as the key and
 * buffer start (`raw`). The readings CONFLICT and no capture settles it, so both are accepted.
 */
export type SadpSaltKeying = "text" | "raw";
const SADP_SALT_KEYS: readonly SadpSaltKeying[] = ["text", "raw"];

/**
 * §1.7: k = md5hex(irreversible); AES-128-ECB with zero padding over a 64-byte buffer that
 * starts with k, keyed by k (see SadpSaltKeying); Base64. LIKELY (Java client), not captured.
 */
export function sadpSaltedPassword(irreversible: string, keying: SadpSaltKeying = "text"): string {
  const k = hashHex("md5", irreversible);
  const kBytes = keying === "text" ? Buffer.from(k, "ascii") : Buffer.from(k, "hex");
  const plain = Buffer.alloc(64);
  kBytes.copy(plain);
  const cipher = createCipheriv("aes-128-ecb", kBytes.subarray(0, 16), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
}

/** §2.4 irreversible: r = sha256hex(irreversible + challenge), then sha256hex(r) for i = 2 … iterations - 1. */
export function sessionHash(irreversible: string, challenge: string, iterations: number): string {
  let r = hashHex("sha256", `${irreversible}${challenge}`);
  for (let i = 2; i < iterations; i++) r = hashHex("sha256", r);
  return r;
}
