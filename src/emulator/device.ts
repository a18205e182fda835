import { EventEmitter } from "node:events";
import type { KeyObject } from "node:crypto";
import type { Logger } from "pino";
import type { Profile } from "../profiles/index.js";
import type { Clock } from "./clock.js";
import type { Random } from "./random.js";
import type { Identity } from "./identity.js";
import type { DeviceEventMap } from "./events.js";
import { activatedFlash, type UserLevel, type FlashState, type NetworkConfig, type UserRecord } from "./state.js";
import { DeviceError } from "./errors.js";
import type { LoginContext, LoginOutcome, LoginProof } from "./auth/login.js";
import type { FailureRecord } from "./auth/failed-logins.js";
import type { SessionChallenge } from "./auth/session-challenges.js";
import { Accounts } from "./accounts.js";
import { isReachable, type PowerState } from "./power.js";
import { KeyExchange, type AesKeyMode } from "./activation.js";

export { ADMIN_USER } from "./state.js";

export interface DeviceDeps {
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** Persists flash durably; the operation that changed flash answers only after it resolves. */
  readonly persist: (flash: FlashState) => Promise<void>;
}

/** Where hikemu actually serves the device; reported by SADP and ISAPI (issue #2). */
export interface Serving {
  readonly address: string;
  readonly httpPort: number;
}

/** The facade's own state lost at every reboot or power loss (DESIGN.md); modules keep theirs. */
interface Ram {
  readonly bootedAt: number;
}

/**
 * One emulated box. It knows nothing of sockets, HTTP, XML or files: every front calls
 * these operations, so a rule lives in one place (DESIGN.md "Device core").
 */
export class Device {
  readonly events = new EventEmitter<DeviceEventMap>();
  #serving: Serving;
  #flash: FlashState;
  #ram: Ram;
  #power: PowerState = "on";
  #revision = 0;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #accounts: Accounts;
  readonly #keyExchange: KeyExchange;

  constructor(
    readonly name: string,
    readonly profile: Profile,
    readonly identity: Identity,
    flash: FlashState,
    serving: Serving,
    private readonly deps: DeviceDeps,
  ) {
    this.#flash = flash;
    this.#serving = serving;
    this.#ram = this.#freshRam();
    this.#keyExchange = new KeyExchange(deps.random);
    this.#accounts = new Accounts({
      profile,
      identity,
      clock: deps.clock,
      random: deps.random,
      logger: deps.logger,
      users: () => this.#flash.users,
      activated: () => this.#flash.activated,
      onLoginFailed: (event) => this.events.emit("loginFailed", { name: this.name, ...event }),
    });
  }

  /** The device's child logger (device name and model bound), for fronts that log about it. */
  get log(): Logger {
    return this.deps.logger;
  }

  get serving(): Serving {
    return this.#serving;
  }

  /**
   * Counts every change a front could show (flash, power, served port, boot): fronts cache
   * what they render from the device and re-render when this moves.
   */
  get revision(): number {
    return this.#revision;
  }

  get power(): PowerState {
    return this.#power;
  }

  /** Fronts answer only while this holds (issue #5): otherwise the box is not on the network. */
  get reachable(): boolean {
    return isReachable(this.#power);
  }

  /** Switches power; RAM does not survive a power loss (DESIGN.md "State"). */
  setPower(state: PowerState): void {
    if (state === this.#power) return;
    this.#power = state;
    if (state === "on") {
      this.#ram = this.#freshRam();
      this.#accounts.boot();
      this.#keyExchange.clear();
    }
    this.#changed();
    this.events.emit("power", { name: this.name, state });
  }

  /** The HTTP front reports the port it actually bound, which SADP and ISAPI then show. */
  reportServedPort(httpPort: number): void {
    if (httpPort === this.#serving.httpPort) return;
    this.#serving = { ...this.#serving, httpPort };
    this.#changed();
  }

  get activated(): boolean {
    return this.#flash.activated;
  }

  /** Whether this firmware has activation at all (profile `activation`, issue #5). */
  get supportsActivation(): boolean {
    return this.profile.activation.mode === "rsa";
  }

  get network(): NetworkConfig {
    return this.#flash.network;
  }

  /** Epoch ms of the last boot (SADP `BootTime`). */
  get bootedAt(): number {
    return this.#ram.bootedAt;
  }

  get users(): readonly UserRecord[] {
    return this.#flash.users;
  }

  /** The flash image, for persistence and the control plane. */
  get flash(): FlashState {
    return this.#flash;
  }

  /**
   * First half of activation (hik-protocols.md §2.3 step 3–4, §1.6 step 2–3): remembers a
   * fresh random string in RAM and returns it RSA-encrypted for the client's key.
   */
  beginKeyExchange(publicKey: KeyObject): Buffer {
    this.#requireActivation();
    return this.#keyExchange.begin(publicKey);
  }

  /** Second half: decrypts the password with the pending challenge and activates with it. */
  async activateEncrypted(cipher: Buffer, keyMode: AesKeyMode, via: string): Promise<void> {
    this.#requireActivation();
    if (this.#flash.activated) throw new DeviceError("hasActivated");
    await this.activate(this.#keyExchange.passwordFrom(cipher, keyMode), via);
    this.#keyExchange.clear();
  }

  /** Sets the admin password on an inactive device (every activation path ends here). */
  async activate(password: string, via: string): Promise<void> {
    await this.#exclusive(async () => {
      this.#requireActivation();
      if (this.#flash.activated) throw new DeviceError("hasActivated");
      await this.#writeFlash(activatedFlash(this.#flash, password, this.profile, this.identity));
      this.deps.logger.info({ via }, "activated");
      this.events.emit("activated", { name: this.name, via });
    });
  }

  /**
   * Every login decision, whatever the front (issue #5): Digest, SADP salted password, web
   * session hash or plain password (accounts.ts). Failures are counted per peer and user in
   * RAM and announced as `loginFailed`; lockout rules build on the counts.
   */
  login(proof: LoginProof, context: LoginContext): LoginOutcome {
    return this.#accounts.login(proof, context);
  }

  /** Failed attempts of a user from a peer since its last success or the last boot. */
  failedLogins(userName: string, peer: string): FailureRecord | undefined {
    return this.#accounts.failures(userName, peer);
  }

  /** Whether the user exists with at least this level. */
  hasLevel(userName: string, level: UserLevel): boolean {
    return this.#accounts.hasLevel(userName, level);
  }

  /** A fresh Digest nonce (RAM, §2.2). */
  issueNonce(): string {
    return this.#accounts.issueNonce();
  }

  /** A web-session challenge for one login attempt (§2.4). */
  beginSession(userName: string): SessionChallenge {
    return this.#accounts.beginSession(userName);
  }

  now(): number {
    return this.deps.clock.now();
  }

  #requireActivation(): void {
    if (!this.supportsActivation) throw new DeviceError("notSupport", "this firmware has no activation");
  }

  async #writeFlash(next: FlashState): Promise<void> {
    try {
      await this.deps.persist(next);
    } catch (error) {
      this.deps.logger.error({ err: error }, "flash write failed; state unchanged");
      throw new DeviceError("deviceError", "flash write failed");
    }
    this.#flash = next;
    this.#changed();
    this.events.emit("flashChanged", { name: this.name });
  }

  #changed(): void {
    this.#revision++;
    this.events.emit("changed", { name: this.name, revision: this.#revision });
  }

  /** Flash-changing operations run one at a time per device. */
  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #freshRam(): Ram {
    return { bootedAt: this.deps.clock.now() };
  }
}
