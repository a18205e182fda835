import { firmwareOf, type FirmwareId, type Profile } from "../profiles/index.js";
import type { Identity } from "./identity.js";
import { deriveCredentials, type Credentials } from "./auth/credentials.js";
import { assessPassword } from "./auth/password-policy.js";
import { DeviceError } from "./errors.js";
import { factoryTime, type TimeSettings } from "./time/time-settings.js";
import { factoryPorts, type PortSettings } from "./ports.js";

/**
 * Flash vs RAM (DESIGN.md "State: flash and RAM"). Flash is persisted by the Store on
 * every change and survives restarts and `kill -9`; RAM is rebuilt at every boot.
 */

/** The network a device believes it has: what SADP and ISAPI report. */
export interface NetworkConfig {
  readonly ipv4: string;
  readonly mask: string;
  readonly gateway: string;
  readonly dhcp: boolean;
}

export type UserLevel = "Administrator" | "Operator" | "Viewer";

/** What each level may do, in order: a level includes everything below it. */
export const LEVEL_RANK: Readonly<Record<UserLevel, number>> = { Viewer: 1, Operator: 2, Administrator: 3 };

export interface UserRecord {
  readonly id: number;
  readonly userName: string;
  readonly level: UserLevel;
  /** Derived password material only; the plaintext is never stored (see credentials.ts). */
  readonly credentials: Credentials;
}

/**
 * Who last set the network in flash (issue #8): the fleet file gives a device's address until
 * the device itself changes it (SADP `update`, ISAPI, a Default reset); from then on flash wins.
 */
export type NetworkOrigin = "fleet" | "device";

export interface FlashState {
  readonly activated: boolean;
  readonly users: readonly UserRecord[];
  readonly network: NetworkConfig;
  readonly networkSetBy: NetworkOrigin;
  /** Web authentication, lockout and IP filter settings (issue #9, security-settings.ts). */
  readonly security: SecuritySettings;
  /** Motion detection and notification hosts as changed over ISAPI (issue #10, event-settings.ts). */
  readonly eventSettings: EventSettings;
  /**
   * Time mode, zone, NTP server and the clock (issue #10, time/device-clock.ts). Restore and
   * Default return mode, zone and NTP server to the factory's and keep the clock (time-settings.ts resetTime).
   */
  readonly time: TimeSettings;
  /**
   * The firmware release installed (issue #10, firmware/upgrade.ts): the device's profile is
   * this release's. Restore and Default keep it: a reset does not downgrade a real box.
   */
  readonly firmware: FirmwareId;
  /** `/ISAPI/Security/adminAccesses` (issue #10, admin-accesses.ts); in force from the next boot. */
  readonly ports: PortSettings;
  /**
   * The device's self-signed HTTPS certificate (issue #10, https-certificate.ts): made once, when
   * first needed, then kept; absent until then. Restore keeps it, Default removes it.
   */
  readonly certificate?: TlsCertificate | undefined;
  /**
   * Password recovery material the user set while logged in (issue #11, recovery/): security
   * question answers, the reserved e-mail, the hash of the last exported GUID file's GUID. Absent until
   * something is set. Restore keeps it (account security, like the users); Default removes it.
   */
  readonly recovery?: RecoverySettings | undefined;
}

/** One security question the user answered: the question's id and the answer's derived hash. */
export interface SecurityAnswerRecord {
  readonly id: number;
  /** Derived from the answer (recovery/security-questions.ts); the plaintext is never stored. */
  readonly answerHash: string;
}

/** Flash of the recovery methods (issue #11); each field absent until set. */
export interface RecoverySettings {
  readonly questions?: readonly SecurityAnswerRecord[] | undefined;
  readonly email?: string | undefined;
  /**
   * SHA-256 (hex) of the device's serial and the GUID of the exported GUID file, never the GUID
   * itself (recovery/guid-file.ts); a reset with it rotates it (hik-protocols.md §2.8).
   */
  readonly guidHash?: string | undefined;
}

/** A PEM private key and its self-signed certificate. */
export interface TlsCertificate {
  readonly key: string;
  readonly cert: string;
}

/**
 * How a core module reads and changes flash: through its device (device.ts), which writes the
 * one image durably and runs flash-changing operations one at a time.
 */
export interface FlashAccess {
  readonly flash: () => FlashState;
  /** Persists the new flash durably (device.ts #writeFlash). */
  readonly writeFlash: (next: FlashState) => Promise<void>;
  /** Runs a flash-changing operation after the device's others (one at a time). */
  readonly exclusive: <T>(operation: () => Promise<T>) => Promise<T>;
}

/** `/ISAPI/Security/webCertificate`: which HTTP schemes and Digest algorithms the device offers (§2.2). */
export interface WebAuthSettings {
  readonly certificateType: "digest" | "digest/basic";
  readonly algorithm: "MD5" | "SHA256" | "MD5/SHA256";
}

/** `/ISAPI/Security/illegalLoginLock` (§2.11): lock a client address after so many failed logins. */
export interface IllegalLoginLock {
  readonly enabled: boolean;
  /** Failed admin logins before the lock; other users lock after min(this, profile userAttempts). */
  readonly maxAttempts: number;
  readonly lockSeconds: number;
}

/** One `/ISAPI/System/Network/ipFilter` entry: a single IPv4 address or an inclusive range. */
export type IpFilterRule =
  | { readonly id: number; readonly kind: "specific"; readonly address: string }
  | { readonly id: number; readonly kind: "range"; readonly start: string; readonly end: string };

export interface IpFilterSettings {
  readonly enabled: boolean;
  /** `allow`: only listed addresses reach the device; `deny`: listed addresses do not. */
  readonly permission: "allow" | "deny";
  readonly rules: readonly IpFilterRule[];
}

export interface SecuritySettings {
  readonly webAuth: WebAuthSettings;
  readonly illegalLoginLock: IllegalLoginLock;
  readonly ipFilter: IpFilterSettings;
}

/** A motion detection polygon: normalised 0–1000 coordinates, as the layout's RegionList (issue #10). */
export interface MotionRegion {
  readonly id: number;
  readonly points: readonly (readonly [x: number, y: number])[];
}

/** What `PUT …/channels/<id>/motionDetection` changes; the rest of the document stays as captured. */
export interface MotionSettings {
  readonly enabled: boolean;
  readonly sensitivityLevel: number;
  /** The grid's cells, a row per `ceil(columns / 8)` bytes, hex. */
  readonly gridMap: string;
  /** Present where the model's layout has a RegionList. */
  readonly regions?: readonly MotionRegion[];
}

/** One `HttpHostNotification` (an alarm server the device posts events to) as changed over ISAPI. */
export interface HttpHostSettings {
  readonly url: string;
  readonly protocolType: "HTTP" | "HTTPS";
  readonly parameterFormatType: "XML" | "JSON";
  readonly addressingFormatType: "ipaddress";
  readonly ipAddress: string;
  readonly portNo: number;
  readonly httpAuthenticationMethod: "none" | "MD5digest";
}

/**
 * Settings of the event pages (issue #10), by channel and host id. Only what was changed is kept:
 * a channel or host absent here is as the profile's captured document shows it (the factory state).
 */
export interface EventSettings {
  readonly motionDetection: Readonly<Record<string, MotionSettings>>;
  readonly httpHosts: Readonly<Record<string, HttpHostSettings>>;
}

/** Nothing changed: every channel and host as the captures show them. */
export function factoryEventSettings(): EventSettings {
  return { motionDetection: {}, httpHosts: {} };
}

/** Security settings as the device leaves the factory: the profile's defaults, no IP filter. */
export function factorySecurity(profile: Profile): SecuritySettings {
  const { security, lockout } = profile;
  return {
    webAuth: { certificateType: security.webAuthDefault, algorithm: security.digestAlgorithmDefault },
    illegalLoginLock: { enabled: true, maxAttempts: lockout.adminAttempts, lockSeconds: lockout.lockSeconds },
    ipFilter: { enabled: false, permission: "deny", rules: [] },
  };
}

/**
 * Flash as loaded from a record that may predate some fields (record-schema.ts marks them
 * optional): each absent field takes the profile's factory value. Modules that add a flash field
 * add its fill here.
 */
export function completeFlash(stored: StoredFlash, profile: Profile): FlashState {
  return {
    ...stored,
    security: stored.security ?? factorySecurity(profile),
    eventSettings: stored.eventSettings ?? factoryEventSettings(),
    time: stored.time ?? factoryTime(profile),
    firmware: stored.firmware ?? firmwareOf(profile),
    ports: stored.ports ?? factoryPorts(profile),
  };
}

/** A flash image as a record stores it: fields added after version 2 may be absent. */
export type StoredFlash = Omit<FlashState, "security" | "eventSettings" | "time" | "firmware" | "ports"> & {
  readonly security?: SecuritySettings | undefined;
  readonly eventSettings?: EventSettings | undefined;
  readonly time?: TimeSettings | undefined;
  readonly firmware?: FirmwareId | undefined;
  readonly ports?: PortSettings | undefined;
};

/** What the Store keeps per device: identity (burned in) and flash. */
export interface DeviceRecord {
  readonly version: number;
  readonly model: string;
  readonly identity: Identity;
  readonly flash: FlashState;
}

export const ADMIN_USER = "admin";

/** The built-in administrator, user id 1, with password material for `password`. */
export function adminUser(password: string, identity: Identity): UserRecord {
  return { ...ADMIN_ACCOUNT, credentials: deriveCredentials(ADMIN_USER, password, identity.realm, identity.salt) };
}

/** The built-in administrator's account: user id 1, the one Administrator. */
export const ADMIN_ACCOUNT = { id: 1, userName: ADMIN_USER, level: "Administrator" } as const satisfies Omit<UserRecord, "credentials">;

/**
 * `account` with the password material of `password`, held to the password rules (§2.10): the one
 * check every chosen password passes (activation, user management, password recovery).
 */
export function userWithPassword(account: Omit<UserRecord, "credentials">, password: string, profile: Profile, identity: Identity): UserRecord {
  const verdict = assessPassword(password, account.userName, profile.passwordPolicy);
  if (!verdict.accepted) throw new DeviceError(verdict.code, verdict.reason);
  return { ...account, credentials: deriveCredentials(account.userName, password, identity.realm, identity.salt) };
}

/**
 * Flash as it leaves the factory with `profile`'s firmware installed (Default passes the installed
 * release's profile, so the firmware stays). Firmware with activation (V5.3.0 on, hik-protocols.md §2.3):
 * inactive, no users. Older firmware has no activation: active, admin with the factory
 * password (12345, §1.8 and §7: the security-code reset returns it there).
 */
export function factoryFlash(profile: Profile, identity: Identity, network: NetworkConfig, networkSetBy: NetworkOrigin): FlashState {
  const { activation } = profile;
  const security = factorySecurity(profile);
  const eventSettings = factoryEventSettings();
  const time = factoryTime(profile);
  const firmware = firmwareOf(profile);
  const ports = factoryPorts(profile);
  if (activation.mode === "none") return { activated: true, users: [adminUser(activation.factoryPassword, identity)], network, networkSetBy, security, eventSettings, time, firmware, ports };
  return { activated: false, users: [], network, networkSetBy, security, eventSettings, time, firmware, ports };
}

/** Flash after the admin password is set to `password`, held to the password rules (§2.10). */
export function activatedFlash(flash: FlashState, password: string, profile: Profile, identity: Identity): FlashState {
  return { ...flash, activated: true, users: [userWithPassword(ADMIN_ACCOUNT, password, profile, identity)] };
}
