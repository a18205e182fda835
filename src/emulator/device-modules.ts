import type { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Profile } from "../profiles/index.js";
import type { Clock } from "./clock.js";
import type { Random } from "./random.js";
import type { Identity } from "./identity.js";
import type { DeviceEventMap, ResetCause, ResetMode } from "./events.js";
import type { FlashAccess } from "./state.js";
import type { LoginContext, LoginOutcome, LoginProof } from "./auth/login.js";
import { Accounts } from "./accounts.js";
import { Activator } from "./activator.js";
import { Lifecycle } from "./lifecycle.js";
import { ResetButton } from "./reset-button.js";
import { Faults } from "./faults.js";
import { Maintenance } from "./maintenance.js";
import { NetworkSettings } from "./network-settings.js";
import { SadpLock } from "./sadp-lock.js";
import { UserDirectory } from "./user-directory.js";
import { DeviceLog } from "./device-log/device-log.js";
import { SecuritySettingsModule } from "./security/security-settings.js";
import { ConfigurationBackup } from "./configuration/configuration.js";
import { EventSettingsModule } from "./event-settings.js";
import { FirmwareUpgrade } from "./firmware/upgrade.js";
import { DeviceClock } from "./time/device-clock.js";
import { AdminAccesses } from "./admin-accesses.js";
import { HttpsCertificate, type CertificateIssuer } from "./https-certificate.js";
import { buildRecoveryModules } from "./recovery/recovery-modules.js";

/** What the modules of one device need from the device itself (device.ts); every value is read at use time. */
export interface ModuleHost {
  readonly name: string;
  readonly identity: Identity;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly certificates: CertificateIssuer | undefined;
  /** Flash through the device: one image, written durably, one change at a time. */
  readonly flashAccess: FlashAccess;
  /** The profile of the firmware in flash: an upgrade changes it (issue #10). */
  readonly profile: () => Profile;
  /** Something fronts show changed (the device's revision). */
  readonly changed: () => void;
  readonly deviceTime: () => number;
  readonly servedPorts: () => { readonly http: number; readonly https: number | undefined };
  readonly login: (proof: LoginProof, context: LoginContext) => LoginOutcome;
  readonly factoryReset: (mode: ResetMode, cause: ResetCause) => Promise<void>;
}

export type DeviceModules = ReturnType<typeof buildDeviceModules>;

/**
 * The modules one device is made of (DESIGN.md "The core grows by modules"), wired to each other
 * and to their device. The device log comes first so it hears every event the others emit.
 */
export function buildDeviceModules(host: ModuleHost) {
  const { name, identity, events, clock, random, logger, profile, flashAccess } = host;
  const common = { name, profile, events };
  const deviceLog = new DeviceLog({ events, now: host.deviceTime, capacity: () => profile().deviceLog.capacity });
  const accounts = new Accounts({
    profile,
    identity,
    clock,
    random,
    logger,
    users: () => flashAccess.flash().users,
    activated: () => flashAccess.flash().activated,
    security: () => flashAccess.flash().security,
    onLoginFailed: (event) => events.emit("loginFailed", { name, ...event }),
    onLocked: (event) => events.emit("loginLocked", { name, ...event }),
    onLoginSucceeded: (event) => events.emit("loginSucceeded", { name, ...event }),
    onLoggedOut: (event) => events.emit("loggedOut", { name, ...event }),
  });
  const userDirectory = new UserDirectory({
    ...common,
    ...flashAccess,
    identity,
    confirmOwnPassword: (requester, field) => accounts.confirmOwnPassword(requester, field),
    endSessions: (userName) => accounts.endSessionsOf(userName),
  });
  const security = new SecuritySettingsModule({ ...common, ...flashAccess, logger });
  const eventSettings = new EventSettingsModule({ ...common, ...flashAccess });
  const activator = new Activator({ ...common, ...flashAccess, identity, random, logger });
  const sadpLock = new SadpLock({
    clock,
    policy: () => ({ attempts: profile().sadp.commands.lockAttempts, seconds: profile().sadp.commands.lockSeconds }),
    onChange: host.changed,
  });
  const ports = new AdminAccesses({ ...common, ...flashAccess, logger, served: host.servedPorts });
  const https = new HttpsCertificate({ ...flashAccess, logger, issuer: host.certificates, address: () => flashAccess.flash().network.ipv4, now: () => clock.now() });
  const recovery = buildRecoveryModules({ name, identity, events, clock, random, logger, profile, flashAccess, deviceTime: host.deviceTime, accounts, sadpLock });
  const faults = new Faults({ name, random, events, onChange: host.changed });
  const lifecycle: Lifecycle = new Lifecycle({
    ...common,
    clock,
    extraBootSeconds: () => faults.current.extraBootSeconds,
    onBoot: () => {
      accounts.boot();
      activator.boot();
      sadpLock.boot();
      firmware.boot();
      ports.boot();
      recovery.boot();
    },
    onChange: host.changed,
  });
  const maintenance = new Maintenance({ ...common, identity, lifecycle, flash: flashAccess.flash, writeFlash: flashAccess.writeFlash });
  const firmware = new FirmwareUpgrade({ ...common, ...flashAccess, clock, logger, lifecycle, onChange: host.changed });
  const network = new NetworkSettings({ name, events, logger, ...flashAccess });
  const configuration = new ConfigurationBackup({ ...common, ...flashAccess, identity, random, logger, lifecycle });
  const time = new DeviceClock({ ...common, ...flashAccess, logger, clock, bootedAt: () => lifecycle.bootedAt });
  const button = new ResetButton({ ...common, clock, logger, lifecycle, resetToFactory: () => host.factoryReset("full", "button") });
  return { recovery, deviceLog, accounts, userDirectory, security, eventSettings, activator, sadpLock, ports, https, faults, lifecycle, maintenance, firmware, network, configuration, time, button };
}
