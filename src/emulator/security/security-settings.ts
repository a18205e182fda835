import type { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Profile } from "../../profiles/index.js";
import type { Actor, DeviceEventMap } from "../events.js";
import type { FlashAccess, IllegalLoginLock, IpFilterRule, IpFilterSettings, SecuritySettings, WebAuthSettings } from "../state.js";
import { DeviceError } from "../errors.js";
import { ipv4ToInt, isIpv4 } from "../../util/ipv4.js";
import { admits } from "./ip-filter.js";

export interface SecuritySettingsDeps extends FlashAccess {
  readonly name: string;
  readonly profile: () => Profile;
  readonly logger: Logger;
  readonly events: EventEmitter<DeviceEventMap>;
}

/** IP filter entries a device holds (our bound; the web UI lists a few dozen at most). */
export const MAX_IP_FILTER_RULES = 64;

export type SecuritySetting = keyof SecuritySettings;

/**
 * The security settings in flash (issue #9): which HTTP auth the device offers (webCertificate,
 * §2.2), the login lockout (illegalLoginLock, §2.11) and the IP filter. Each change is
 * validated whole against the profile before anything is written.
 */
export class SecuritySettingsModule {
  constructor(private readonly deps: SecuritySettingsDeps) {}

  get current(): SecuritySettings {
    return this.deps.flash().security;
  }

  /** Whether the IP filter lets this peer reach the device (every front asks, ip-filter.ts). */
  admits(peer: string): boolean {
    const filter = this.current.ipFilter;
    return !filter.enabled || admits(filter, peer);
  }

  setWebAuth(next: WebAuthSettings, via: string, actor?: Actor): Promise<SecuritySettings> {
    const { security } = this.deps.profile();
    if (!security.webAuthOptions.includes(next.certificateType)) throw new DeviceError("badParameters", `certificateType must be one of ${security.webAuthOptions.join(", ")}`);
    if (!security.digestAlgorithmOptions.includes(next.algorithm)) throw new DeviceError("badParameters", `algorithmType must be one of ${security.digestAlgorithmOptions.join(", ")}`);
    return this.#write("webAuth", { certificateType: next.certificateType, algorithm: next.algorithm }, via, actor);
  }

  setIllegalLoginLock(next: IllegalLoginLock, via: string, actor?: Actor): Promise<SecuritySettings> {
    const { lockAttemptsRange: attempts, lockSecondsRange: seconds } = this.deps.profile().security;
    if (!inRange(next.maxAttempts, attempts)) throw new DeviceError("badParameters", `maxIllegalLoginTimes must be ${attempts.min}-${attempts.max}`);
    if (!inRange(next.lockSeconds, seconds)) throw new DeviceError("badParameters", `maxIllegalLoginLockTime must be ${seconds.min}-${seconds.max} seconds`);
    return this.#write("illegalLoginLock", { enabled: next.enabled, maxAttempts: next.maxAttempts, lockSeconds: next.lockSeconds }, via, actor);
  }

  setIpFilter(next: IpFilterSettings, via: string, actor?: Actor): Promise<SecuritySettings> {
    if (next.rules.length > MAX_IP_FILTER_RULES) throw new DeviceError("badParameters", `at most ${MAX_IP_FILTER_RULES} IP filter entries`);
    const ids = new Set<number>();
    const rules = next.rules.map((rule) => {
      if (!Number.isInteger(rule.id) || rule.id < 1 || ids.has(rule.id)) throw new DeviceError("badParameters", `id: IP filter entry ids must be distinct positive integers (got ${rule.id})`);
      ids.add(rule.id);
      return checkedRule(rule);
    });
    return this.#write("ipFilter", { enabled: next.enabled, permission: next.permission, rules }, via, actor);
  }

  #write<K extends SecuritySetting>(setting: K, value: SecuritySettings[K], via: string, actor: Actor | undefined): Promise<SecuritySettings> {
    return this.deps.exclusive(async () => {
      const flash = this.deps.flash();
      if (JSON.stringify(flash.security[setting]) === JSON.stringify(value)) return flash.security;
      const security = { ...flash.security, [setting]: value };
      await this.deps.writeFlash({ ...flash, security });
      this.deps.logger.info({ via, setting }, "security setting changed");
      this.deps.events.emit("securityChanged", { name: this.deps.name, setting, via, ...(actor ? { actor } : {}) });
      return security;
    });
  }
}

function inRange(value: number, range: { readonly min: number; readonly max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

function checkedRule(rule: IpFilterRule): IpFilterRule {
  if (rule.kind === "specific") {
    if (!isIpv4(rule.address)) throw new DeviceError("badParameters", `ipAddress "${rule.address}" is not an IPv4 address`);
    return { id: rule.id, kind: "specific", address: rule.address };
  }
  if (!isIpv4(rule.start) || !isIpv4(rule.end)) throw new DeviceError("badParameters", `AddressRange "${rule.start}"-"${rule.end}" is not an IPv4 range`);
  if (ipv4ToInt(rule.start) > ipv4ToInt(rule.end)) throw new DeviceError("badParameters", `AddressRange ${rule.start}-${rule.end} ends before it starts`);
  return { id: rule.id, kind: "range", start: rule.start, end: rule.end };
}
