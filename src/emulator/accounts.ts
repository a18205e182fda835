import type { Logger } from "pino";
import type { Profile } from "../profiles/index.js";
import type { Clock } from "./clock.js";
import type { Identity } from "./identity.js";
import { randomHex, type Random } from "./random.js";
import { LEVEL_RANK, type UserLevel, type UserRecord } from "./state.js";
import { deriveCredentials, type Credentials } from "./auth/credentials.js";
import { NonceBook, NonceSigner } from "./auth/nonces.js";
import { decideLogin, type LoginContext, type LoginOutcome, type LoginProof, type LoginSubject } from "./auth/login.js";
import { FailedLogins, type FailureRecord } from "./auth/failed-logins.js";
import { SessionChallenges, type SessionChallenge } from "./auth/session-challenges.js";

export interface AccountsDeps {
  readonly profile: Profile;
  readonly identity: Identity;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** The users in flash and whether the device is active (owned by the device's flash). */
  readonly users: () => readonly UserRecord[];
  readonly activated: () => boolean;
  readonly onLoginFailed: (event: { readonly userName: string; readonly front: string; readonly peer: string; readonly failures: number }) => void;
}

/** The accounts module's RAM: lost at every boot (DESIGN.md "State"). */
interface AccountsRam {
  readonly nonces: NonceBook;
  readonly failures: FailedLogins;
  readonly sessions: SessionChallenges;
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
      nonceState: (nonce) => this.#ram.nonces.check(nonce, deps.clock.now()),
      sessionChallenge: (sessionId, userName) => {
        const challenge = this.#ram.sessions.take(sessionId, userName, deps.clock.now());
        return challenge === undefined ? undefined : { challenge, iterations: this.#ram.sessions.iterations };
      },
    };
  }

  /** Forgets everything in RAM, as a reboot or power loss does. */
  boot(): void {
    this.#ram = this.#freshRam();
  }

  login(proof: LoginProof, context: LoginContext): LoginOutcome {
    const outcome = decideLogin(this.#subject, proof);
    if (outcome.ok) {
      this.#ram.failures.succeeded(proof.userName, context.peer);
    } else if (outcome.reason === "badCredentials") {
      const record = this.#ram.failures.record(proof.userName, outcome.knownUser, context, this.deps.clock.now());
      this.deps.logger.info({ user: proof.userName, front: context.front, peer: context.peer, failures: record.count }, "login failed");
      this.deps.onLoginFailed({ userName: proof.userName, front: context.front, peer: context.peer, failures: record.count });
    }
    return outcome;
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

  issueNonce(): string {
    return this.#ram.nonces.issue(this.deps.clock.now());
  }

  /** A web-session challenge for one login attempt by `userName` (§2.4). */
  beginSession(userName: string): SessionChallenge {
    return this.#ram.sessions.issue(userName, this.deps.clock.now());
  }

  #credentialsOf(userName: string): Credentials | undefined {
    return this.deps.users().find((u) => u.userName === userName)?.credentials;
  }

  #freshRam(): AccountsRam {
    return {
      nonces: new NonceBook(this.#signer, this.deps.random, this.deps.profile.isapi.nonceLifetimeSeconds * 1000),
      failures: new FailedLogins(),
      sessions: new SessionChallenges(this.deps.random),
    };
  }
}
