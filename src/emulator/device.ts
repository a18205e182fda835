import { EventEmitter } from "node:events";
import type { KeyObject } from "node:crypto";
import type { Logger } from "pino";
import { releaseOf, type Profile } from "../profiles/index.js";
import type { Clock } from "./clock.js";
import type { Random } from "./random.js";
import type { Identity } from "./identity.js";
import type { DeviceEventMap } from "./events.js";
import type { FlashState, NetworkConfig, UserRecord } from "./state.js";
import { DeviceError } from "./errors.js";
import type { LoginContext, LoginOutcome, LoginProof } from "./auth/login.js";
import type { Accounts } from "./accounts.js";
import { isReachable, type LedState, type PowerState } from "./power.js";
import type { AesKeyMode } from "./activation.js";
import type { Activator } from "./activator.js";
import type { Lifecycle } from "./lifecycle.js";
import type { ResetButton } from "./reset-button.js";
import type { Faults } from "./faults.js";
import type { Maintenance } from "./maintenance.js";
import type { NetworkSettings, NetworkChange } from "./network-settings.js";
import type { SadpLock, SadpLoginOutcome } from "./sadp-lock.js";
import type { UserDirectory } from "./user-directory.js";
import type { DeviceLog } from "./device-log/device-log.js";
import type { SecuritySettingsModule } from "./security/security-settings.js";
import type { ConfigurationBackup } from "./configuration/configuration.js";
import type { EventSettingsModule } from "./event-settings.js";
import type { FirmwareUpgrade } from "./firmware/upgrade.js";
import type { Actor, ResetCause, ResetMode } from "./events.js";
import type { Serving } from "./placement.js";
import type { DeviceClock } from "./time/device-clock.js";
import type { AdminAccesses } from "./admin-accesses.js";
import type { HttpsCertificate, CertificateIssuer } from "./https-certificate.js";
import { buildDeviceModules } from "./device-modules.js";
import type { RecoveryModules } from "./recovery/recovery-modules.js";

export { ADMIN_USER } from "./state.js";

export interface DeviceDeps {
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** Persists flash durably; the operation that changed flash answers only after it resolves. */
  readonly persist: (flash: FlashState) => Promise<void>;
  /** Makes the device's self-signed HTTPS certificate (issue #10); absent: the device cannot. */
  readonly certificates?: CertificateIssuer | undefined;
}

export type { Serving } from "./placement.js";

/**
 * One emulated box. It knows nothing of sockets, HTTP, XML or files: every front calls
 * these operations, so a rule lives in one place (DESIGN.md "Device core").
 */
export class Device {
  readonly events = new EventEmitter<DeviceEventMap>();
  #serving: Serving;
  #httpsPort: number | undefined;
  #flash: FlashState;
  #revision = 0;
  #reachable = true;
  #queue: Promise<unknown> = Promise.resolve();
  /** Logins, lockout, web sessions and online users (accounts.ts). */
  readonly accounts: Accounts;
  /** User management (user-directory.ts): create, modify, delete, with the devices' rules. */
  readonly userDirectory: UserDirectory;
  /** Web auth, login lockout and IP filter settings (security/security-settings.ts). */
  readonly security: SecuritySettingsModule;
  /** Motion detection and notification hosts (event-settings.ts, issue #10). */
  readonly eventSettings: EventSettingsModule;
  readonly #activator: Activator;
  readonly #lifecycle: Lifecycle;
  readonly #maintenance: Maintenance;
  readonly #network: NetworkSettings;
  readonly #sadpLock: SadpLock;
  /** The virtual reset button (reset-button.ts): `press()`, `release()`, `hold()`. */
  readonly button: ResetButton;
  /** Injected faults (faults.ts): latency, failing requests, lost discovery, unplugged, slow boot. */
  readonly faults: Faults;
  /** Configuration export and import (configuration/configuration.ts, issue #10). */
  readonly configuration: ConfigurationBackup;
  /** The device log (device-log/device-log.ts): written from this device's events, kept through reboots. */
  readonly deviceLog: DeviceLog;
  /** The device's own clock and its time settings (time/device-clock.ts, issue #10). */
  readonly time: DeviceClock;
  /** Firmware upgrade (firmware/upgrade.ts): `upgrade(package, actor)`, `status`, `installed`. */
  readonly firmware: FirmwareUpgrade;

  readonly #factoryProfile: Profile;
  /** The profile of the firmware in flash, kept for the flash image it was looked up for. */
  #profileFor: { readonly flash: FlashState; readonly profile: Profile } | undefined;
  /** `/ISAPI/Security/adminAccesses` (admin-accesses.ts): ports in flash, in force from the next boot. */
  readonly ports: AdminAccesses;
  /** The self-signed HTTPS certificate in flash, made when first needed (https-certificate.ts). */
  readonly https: HttpsCertificate;
  /** Password recovery, one module per method (recovery/recovery-modules.ts, issue #11). */
  readonly recovery: RecoveryModules;

  constructor(
    readonly name: string,
    factoryProfile: Profile,
    readonly identity: Identity,
    flash: FlashState,
    serving: Serving,
    private readonly deps: DeviceDeps,
  ) {
    this.#flash = flash;
    this.#serving = serving;
    this.#factoryProfile = factoryProfile;
    const modules = buildDeviceModules({
      name,
      identity,
      events: this.events,
      clock: deps.clock,
      random: deps.random,
      logger: deps.logger,
      certificates: deps.certificates,
      flashAccess: { flash: () => this.#flash, writeFlash: (next: FlashState) => this.#writeFlash(next), exclusive: <T>(operation: () => Promise<T>) => this.#exclusive(operation) },
      profile: () => this.profile,
      changed: () => this.#changed(),
      deviceTime: () => this.deviceTime(),
      servedPorts: () => ({ http: this.#serving.httpPort, https: this.#httpsPort }),
      login: (proof, context) => this.login(proof, context),
      factoryReset: (mode, cause) => this.factoryReset(mode, cause),
    });
    this.recovery = modules.recovery;
    ({ deviceLog: this.deviceLog, accounts: this.accounts, userDirectory: this.userDirectory, security: this.security, eventSettings: this.eventSettings } = modules);
    ({ ports: this.ports, https: this.https, faults: this.faults, firmware: this.firmware, configuration: this.configuration, time: this.time, button: this.button } = modules);
    ({ activator: this.#activator, sadpLock: this.#sadpLock, lifecycle: this.#lifecycle, maintenance: this.#maintenance, network: this.#network } = modules);
  }

  /**
   * The profile of the firmware release in flash (issue #10): the model's factory profile, or the
   * release an upgrade installed (profiles/releases.ts). Fronts read it at use time, never keep it.
   */
  get profile(): Profile {
    const cached = this.#profileFor;
    if (cached?.flash === this.#flash) return cached.profile;
    // Flash never names a release the profile lacks: the fleet checks stored records, upgrades check packages.
    const profile = releaseOf(this.#factoryProfile, this.#flash.firmware) ?? this.#factoryProfile;
    this.#profileFor = { flash: this.#flash, profile };
    return profile;
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

  /** Lifecycle state (power.ts): off, booting, running, rebooting. */
  get power(): PowerState {
    return this.#lifecycle.state;
  }

  get led(): LedState {
    return this.#lifecycle.led;
  }

  /** Epoch ms the device answers (again) once booted; in the past while running. */
  get readyAt(): number {
    return this.#lifecycle.readyAt;
  }

  /** Fronts answer only while this holds: running, and the network cable in (faults). */
  get reachable(): boolean {
    return this.#reachable;
  }

  powerOn(): void {
    this.#lifecycle.powerOn();
  }

  /** A power cut: RAM is lost, flash stays (DESIGN.md "State"). */
  powerOff(): void {
    this.#lifecycle.powerOff();
  }

  /** Goes down and boots again (§2.6); fronts answer before it goes (a reply in flight is sent). */
  reboot(cause: ResetCause, actor?: Actor): void {
    if (this.firmware.upgrading) throw new DeviceError("upgrading", "the device reboots by itself once the upgrade is written");
    this.#maintenance.reboot(cause, actor);
  }

  /** Restore (`basic`) or Default (`full`), then reboot (§2.6, maintenance.ts). */
  factoryReset(mode: ResetMode, cause: ResetCause, actor?: Actor): Promise<void> {
    return this.#exclusive(() => this.#maintenance.factoryReset(mode, cause, actor));
  }

  /** The HTTP front reports the port it actually bound, which SADP and ISAPI then show. */
  reportServedPort(httpPort: number): void {
    if (httpPort === this.#serving.httpPort) return;
    this.#serving = { ...this.#serving, httpPort };
    this.#changed();
  }

  /** The HTTPS front reports the port it serves TLS on, or undefined when it serves none (issue #10). */
  reportServedHttpsPort(httpsPort: number | undefined): void {
    if (httpsPort === this.#httpsPort) return;
    this.#httpsPort = httpsPort;
    this.#changed();
  }

  /** The port HTTPS is served on at the device's address (issue #10), while it is. */
  get httpsPort(): number | undefined {
    return this.#httpsPort;
  }

  /**
   * The HTTP front (through Fleet.relocate) reports the address it serves the device at and,
   * when that is not the address flash says, why (placement.ts, issue #8).
   */
  reportServedAddress(address: string, blocked?: string): void {
    if (address === this.#serving.address && blocked === this.#serving.blocked) return;
    const { httpPort, fleetAddress } = this.#serving;
    this.#serving = { address, httpPort, fleetAddress, ...(blocked === undefined ? {} : { blocked }) };
    this.#changed();
  }

  get activated(): boolean {
    return this.#flash.activated;
  }

  /** Whether this firmware has activation at all (profile `activation`, issue #5). */
  get supportsActivation(): boolean {
    return this.#activator.supported;
  }

  get network(): NetworkConfig {
    return this.#flash.network;
  }

  /** Changes the IPv4 settings in flash (network-settings.ts); validated whole, `badParameters` otherwise. */
  changeNetwork(change: NetworkChange, via: string, actor?: Actor): Promise<NetworkConfig> {
    return this.#network.change(change, via, actor);
  }

  /** Epoch ms of the last boot (SADP `BootTime`). */
  get bootedAt(): number {
    return this.#lifecycle.bootedAt;
  }

  get users(): readonly UserRecord[] {
    return this.#flash.users;
  }

  /** The flash image, for persistence and the control plane. */
  get flash(): FlashState {
    return this.#flash;
  }

  /** First half of activation: the challenge, RSA-encrypted for the client's key (activator.ts). */
  beginKeyExchange(publicKey: KeyObject): Buffer {
    return this.#activator.beginKeyExchange(publicKey);
  }

  /** Issue #11: a password encrypted with the pending exchangecode challenge, or undefined when none is pending (activator.ts). */
  exchangedPassword(cipher: Buffer): string | undefined {
    return this.#activator.exchangedPassword(cipher);
  }

  /** Second half: decrypts the password with the pending challenge and activates with it. */
  activateEncrypted(cipher: Buffer, keyMode: AesKeyMode, via: string): Promise<void> {
    return this.#activator.activateEncrypted(cipher, keyMode, via);
  }

  /** Sets the admin password on an inactive device (every activation path ends here). */
  activate(password: string, via: string): Promise<void> {
    return this.#activator.activate(password, via);
  }

  /**
   * Every login decision, whatever the front (issue #5): Digest, SADP salted password, web
   * session hash or plain password (accounts.ts). Failures are counted per peer and user in
   * RAM and announced as `loginFailed`; on the HTTP fronts the address lockout applies (accounts.ts).
   */
  login(proof: LoginProof, context: LoginContext): LoginOutcome {
    return this.accounts.login(proof, context);
  }

  /**
   * A SADP command's admin password proof (§1.7), behind the SADP lock (sadp-lock.ts): refused
   * unchecked while locked; wrong ones counted towards the lock, a right one resets the count.
   */
  sadpLogin(proof: LoginProof, peer: string): SadpLoginOutcome {
    return this.#sadpLock.check(() => this.login(proof, { front: "sadp", peer }));
  }

  /** ProbeMatch `DeviceLock`: SADP password commands are locked after too many wrong passwords. */
  get sadpLocked(): boolean {
    return this.#sadpLock.locked;
  }





  /** The host (or virtual) clock: what durations, lockouts and expiries run on. */
  now(): number {
    return this.deps.clock.now();
  }

  /**
   * Epoch ms of the device's own clock: what its Date header, log entries and
   * `/ISAPI/System/time` show (time/device-clock.ts: 1970 on a never-set device, host time
   * plus the set offset, the host clock in NTP mode). Format it in the device's zone with
   * `device.time.isapiTime()`.
   */
  deviceTime(): number {
    return this.time.now();
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
    const reachable = isReachable(this.#lifecycle.state) && !this.faults.current.unplugged;
    if (reachable !== this.#reachable) {
      this.#reachable = reachable;
      this.events.emit("reachable", { name: this.name, reachable });
    }
  }

  /**
   * Flash-changing operations run one at a time per device; none starts while a firmware upgrade
   * is writing (the upgrade's own write is the one flash change then).
   */
  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const busy = () => (this.firmware.upgrading ? new DeviceError("upgrading", "a firmware upgrade is in progress") : undefined);
    const refused = busy();
    if (refused) return Promise.reject(refused);
    const guarded = () => {
      const late = busy();
      return late ? Promise.reject(late) : operation();
    };
    const run = this.#queue.then(guarded, guarded);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
