import type { Logger } from "pino";
import type { Profile } from "../profiles/index.js";
import type { Clock } from "./clock.js";
import type { Identity } from "./identity.js";
import { randomHex, type Random } from "./random.js";
import { LEVEL_RANK, type UserLevel, type UserRecord } from "./state.js";
import { deriveCredentials, hashHex, type Credentials } from "./auth/credentials.js";
import { NonceBook, NonceSigner } from "./auth/nonces.js";
import { decideLogin, type LoginContext, type LoginOutcome, type LoginProof, type LoginSubject } from "./auth/login.js";
import { FailedLogins, type FailureRecord } from "./auth/failed-logins.js";
import { SessionChallenges, type SessionChallenge } from "./auth/session-challenges.js";
import { hasFactoryPassword } from "./auth/factory-password.js";
import { LoginLockout, type LockoutPolicy, type LockStatus } from "./auth/login-lockout.js";
import { WebSessions, type SessionCheck, type WebSession } from "./auth/web-sessions.js";
import { OnlineUsers, type OnlineUser } from "./auth/online-users.js";
import { confirmOwnPassword, type OwnPasswordProof } from "./auth/confirm-password.js";
import type { SecuritySettings } from "./state.js";
import { ADMIN_USER } from "./state.js";

export interface AccountsDeps {
  readonly profile: () => Profile;
  readonly identity: Identity;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** The users in flash and whether the device is active (owned by the device's flash). */
  readonly users: () => readonly UserRecord[];
  readonly activated: () => boolean;
  /** The security settings in flash: web auth schemes and the lockout setting. */
  readonly security: () => SecuritySettings;
  readonly onLoginFailed: (event: { readonly userName: string; readonly front: string; readonly peer: string; readonly failures: number }) => void;
  /** A client address was locked out (§2.11). */
  readonly onLocked: (event: { readonly userName: string; readonly front: string; readonly peer: string; readonly unlockSeconds: number }) => void;
  /**
   * A user logged in (the device log, issue #10): a new web session, or a Digest/Basic client
   * (user and address) new to the online users — once, never per request.
   */
  readonly onLoginSucceeded: (event: LoginEvent) => void;
  /** A web session was ended by its user (logout). */
  readonly onLoggedOut: (event: LoginEvent) => void;
}

/** Who logged in or out, by which front, from where. */
export interface LoginEvent {
  readonly userName: string;
  readonly front: string;
  readonly peer: string;
}

/** Addresses the lockout remembers per device (login-lockout.ts): a brute force costs fixed memory. */
export const LOCKOUT_CAPACITY = 1024;
/** HTTP-auth clients listed as online users at most (online-users.ts). */
const ONLINE_CAPACITY = 64;

/** The accounts module's RAM: lost at every boot (DESIGN.md "State"). */
interface AccountsRam {
  readonly nonces: NonceBook;
  readonly failures: FailedLogins;
  readonly challenges: SessionChallenges;
  readonly lockout: LoginLockout;
  readonly sessions: WebSessions;
  readonly online: OnlineUsers;
}

/**
 * Logins, for every front (issue #5): the one place a password proof is decided, failures
 * counted and challenges (Digest nonces, session challenges) issued. Users live in the
 * device's flash; this module owns the RAM around them.
 */
export class Accounts {
  #ram: AccountsRam;
  /** Password material no user has: a login for an unknown user is checked against it (same work). */
  readonly #decoy: Credentials;
  readonly #subject: LoginSubject;
  readonly #signer: NonceSigner;

  constructor(private readonly deps: AccountsDeps) {
    this.#signer = new NonceSigner(deps.random);
    this.#ram = this.#freshRam();
    this.#decoy = deriveCredentials("", randomHex(deps.random, 32), deps.identity.realm, deps.identity.salt);
    const activated = () => deps.activated();
    this.#subject = {
      get activated() {
        return activated();
      },
      realm: deps.identity.realm,
      salt: deps.identity.salt,
      decoy: this.#decoy,
      credentialsOf: (userName) => this.#credentialsOf(userName),
      nonceState: (nonce, nc) => this.#ram.nonces.check(nonce, deps.clock.now(), nc),
      nonceAccepted: (nonce, nc) => this.#ram.nonces.accept(nonce, nc),
      accepts: (scheme) => acceptsScheme(deps.security(), scheme),
      sessionChallenge: (sessionId, userName) => {
        const challenge = this.#ram.challenges.take(sessionId, userName, deps.clock.now());
        return challenge === undefined ? undefined : { challenge, iterations: this.#ram.challenges.iterations };
      },
    };
    this.sessionCookieName = `WebSession_${hashHex("sha256", deps.identity.deviceId).slice(0, 10).toUpperCase()}`;
  }

  /** The device's session cookie name, `WebSession_` + 10 hex (§2.4), stable per device. */
  readonly sessionCookieName: string;

  /** Forgets everything in RAM, as a reboot or power loss does. */
  boot(): void {
    this.#ram = this.#freshRam();
  }

  /**
   * Decides a login. On the HTTP fronts (ISAPI, web) the client address's lockout applies
   * first (§2.11): a locked address is refused without the proof being looked at; a wrong
   * password counts towards the lock and the answer carries the lock state. SADP has its own
   * lock (sadp-lock.ts) and the control plane none.
   */
  login(proof: LoginProof, context: LoginContext): LoginOutcome {
    const now = this.deps.clock.now();
    // Issue #12: the recorder's local GUI (front "local", one seat: peer "local") is locked as an address is.
    const covered = context.front === "isapi" || context.front === "web" || context.front === "local";
    const admin = proof.userName === ADMIN_USER;
    if (covered) {
      const lock = this.#ram.lockout.status(context.peer, admin, this.lockoutPolicy(), now);
      if (lock.locked) return { ok: false, reason: "locked", knownUser: this.#credentialsOf(proof.userName) !== undefined, lock };
    }
    const outcome = decideLogin(this.#subject, proof);
    if (outcome.ok) {
      this.#ram.failures.succeeded(proof.userName, context.peer);
      if (covered) this.#ram.lockout.succeeded(context.peer, admin);
      if ((proof.kind === "digest" || proof.kind === "basic") && this.#ram.online.seen(`api\n${proof.userName}\n${context.peer}`, proof.userName, context.peer, "api", now)) {
        this.deps.onLoginSucceeded({ userName: proof.userName, front: context.front, peer: context.peer });
      }
      // The local GUI's login window: each login is one (the device log's `localLogin`).
      if (context.front === "local") this.deps.onLoginSucceeded({ userName: proof.userName, front: context.front, peer: context.peer });
      return outcome;
    }
    if (outcome.reason !== "badCredentials") {
      return covered ? { ...outcome, lock: this.#ram.lockout.status(context.peer, admin, this.lockoutPolicy(), now) } : outcome;
    }
    const record = this.#ram.failures.record(proof.userName, outcome.knownUser, context, now);
    this.deps.logger.info({ user: proof.userName, front: context.front, peer: context.peer, failures: record.count }, "login failed");
    this.deps.onLoginFailed({ userName: proof.userName, front: context.front, peer: context.peer, failures: record.count });
    if (!covered) return outcome;
    const lock = this.#ram.lockout.failed(context.peer, admin, this.lockoutPolicy(), now);
    if (lock.locked) {
      this.deps.logger.warn({ peer: context.peer, user: proof.userName, front: context.front, unlockSeconds: lock.unlockSeconds }, "client address locked out");
      this.deps.onLocked({ userName: proof.userName, front: context.front, peer: context.peer, unlockSeconds: lock.unlockSeconds });
    }
    return { ...outcome, lock };
  }

  /**
   * The lockout in force: the illegalLoginLock setting's count for the admin, and for other
   * users the profile's count (§2.11: 5 on cameras) but never more than the admin's.
   */
  lockoutPolicy(): LockoutPolicy {
    const setting = this.deps.security().illegalLoginLock;
    return {
      enabled: setting.enabled,
      adminAttempts: setting.maxAttempts,
      userAttempts: Math.min(this.deps.profile().lockout.userAttempts, setting.maxAttempts),
      lockSeconds: setting.lockSeconds,
    };
  }

  /** The lockout state of a client address for `userName` (userCheck and sessionLogin answers). */
  lockStatus(peer: string, userName: string): LockStatus {
    return this.#ram.lockout.status(peer, userName === ADMIN_USER, this.lockoutPolicy(), this.deps.clock.now());
  }

  /**
   * A wrong recovery proof (security answers, GUID file; recovery/attempt-gate.ts) sent from
   * `peer` over an HTTP front: it counts towards the address's admin lockout like a wrong admin
   * password (§2.11; the NVR manuals: 7 wrong GUID files lock the reset for 30 minutes).
   * Answers the lock status after it.
   */
  recoveryFailed(peer: string, front: string): LockStatus {
    const lock = this.#ram.lockout.failed(peer, true, this.lockoutPolicy(), this.deps.clock.now());
    if (lock.locked) this.deps.onLocked({ userName: ADMIN_USER, front, peer, unlockSeconds: lock.unlockSeconds });
    return lock;
  }

  /**
   * The requester's own password for a change made while logged in, where the firmware asks for
   * it (auth/confirm-password.ts): checked as an ISAPI login from `proof.peer`. Throws
   * `badParameters` naming `field` when missing, `loginPasswordWrong` when wrong.
   */
  confirmOwnPassword(proof: OwnPasswordProof, field = "loginPassword"): void {
    confirmOwnPassword(this.deps.profile(), (userName, password, peer) => this.login({ kind: "plain", userName, password }, { front: "isapi", peer }).ok, proof, field);
  }

  /** Client addresses the lockout table holds now (bounded by LOCKOUT_CAPACITY). */
  get lockoutEntries(): number {
    return this.#ram.lockout.size;
  }

  /**
   * Session login (§2.4): a `sessionHash` proof for a challenge the device issued; on success a
   * new session, with a sessiontag when the client asked for one.
   */
  openSession(proof: Extract<LoginProof, { kind: "sessionHash" }>, peer: string, withTag: boolean): { readonly outcome: LoginOutcome; readonly session?: WebSession } {
    const outcome = this.login(proof, { front: "web", peer });
    if (!outcome.ok) return { outcome };
    const now = this.deps.clock.now();
    const session = this.#ram.sessions.open(outcome.userName, peer, withTag, this.#markOf(outcome.userName) ?? "", now);
    this.#ram.online.seen(`web\n${session.id}`, session.userName, peer, "web", now);
    this.deps.onLoginSucceeded({ userName: session.userName, front: "web", peer });
    return { outcome, session };
  }

  /** A request with a session cookie: the session, kept alive, or why not. */
  useSession(id: string, tag: string | undefined): SessionCheck {
    const now = this.deps.clock.now();
    const check = this.#ram.sessions.use(id, tag, now, (userName) => this.#markOf(userName));
    if (check.ok) this.#ram.online.seen(`web\n${id}`, check.session.userName, check.session.peer, "web", now);
    return check;
  }

  /** A user's account changed or went away: their web sessions end at once. */
  endSessionsOf(userName: string): void {
    for (const id of this.#ram.sessions.closeUser(userName)) this.#ram.online.drop(`web\n${id}`);
  }

  /** Logout: the session ends at once. */
  closeSession(id: string): boolean {
    this.#ram.online.drop(`web\n${id}`);
    const session = this.#ram.sessions.get(id);
    if (!this.#ram.sessions.close(id) || session === undefined) return false;
    this.deps.onLoggedOut({ userName: session.userName, front: "web", peer: session.peer });
    return true;
  }

  /** Sessions and recent HTTP-auth clients (`/ISAPI/Security/onlineUser`). */
  onlineUsers(): OnlineUser[] {
    const now = this.deps.clock.now();
    const live = new Set(this.#ram.sessions.list(now, (userName) => this.#markOf(userName)).map((s) => `web\n${s.id}`));
    return this.#ram.online.list(now, (key) => !key.startsWith("web\n") || live.has(key));
  }

  /** Failed attempts of a user from a peer since its last success or the last boot. */
  failures(userName: string, peer: string): FailureRecord | undefined {
    return this.#ram.failures.of(userName, peer);
  }

  /** Whether the user exists and has at least `level` (Viewer < Operator < Administrator). */
  hasLevel(userName: string, level: UserLevel): boolean {
    const user = this.deps.users().find((u) => u.userName === userName);
    return user !== undefined && LEVEL_RANK[user.level] >= LEVEL_RANK[level];
  }

  /**
   * Whether the user's password is still the profile's factory password (userCheck
   * isDefaultPassword, §2.2): only firmware before activation has one, the admin's (admin / 12345, §1.8).
   * Checked against the stored hash; the plaintext is the profile's, never flash's.
   */
  hasFactoryPassword(userName: string): boolean {
    const user = this.deps.users().find((u) => u.userName === userName);
    return user !== undefined && hasFactoryPassword(this.deps.profile().activation, user, this.deps.identity.salt);
  }

  issueNonce(): string {
    return this.#ram.nonces.issue(this.deps.clock.now());
  }

  /** A web-session challenge for one login attempt by `userName` (§2.4). */
  beginSession(userName: string): SessionChallenge {
    return this.#ram.challenges.issue(userName, this.deps.clock.now());
  }

  #credentialsOf(userName: string): Credentials | undefined {
    return this.deps.users().find((u) => u.userName === userName)?.credentials;
  }

  #markOf(userName: string): string | undefined {
    return this.#credentialsOf(userName)?.irreversible;
  }

  #freshRam(): AccountsRam {
    const { isapi, security } = this.deps.profile();
    const idleMs = security.session.idleSeconds * 1000;
    return {
      nonces: new NonceBook(this.#signer, this.deps.random, isapi.nonceLifetimeSeconds * 1000),
      failures: new FailedLogins(),
      challenges: new SessionChallenges(this.deps.random, undefined, undefined, security.session.iterations),
      lockout: new LoginLockout(LOCKOUT_CAPACITY),
      sessions: new WebSessions(this.deps.random, idleMs, security.session.capacity),
      online: new OnlineUsers(idleMs, ONLINE_CAPACITY),
    };
  }
}

/** Whether the web auth setting offers a scheme (§2.2, SecurityCap WebCertificateCap). */
export function acceptsScheme(settings: SecuritySettings, scheme: "basic" | "md5" | "sha256"): boolean {
  const { certificateType, algorithm } = settings.webAuth;
  if (scheme === "basic") return certificateType === "digest/basic";
  if (algorithm === "MD5/SHA256") return true;
  return scheme === "md5" ? algorithm === "MD5" : algorithm === "SHA256";
}
