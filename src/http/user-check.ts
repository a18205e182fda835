import type { Device } from "../emulator/device.js";
import type { LockStatus } from "../emulator/auth/login-lockout.js";
import { buildXml, type XmlChildren } from "./xml.js";

export interface UserCheckFields {
  readonly statusValue: 200 | 401;
  /** The lockout state, shown after a counted failure or while locked (§2.2, §2.4). */
  readonly lock?: LockStatus | undefined;
  /** isDefaultPassword / isRiskPassword / isActivated, on success where the firmware has them. */
  readonly passwordFlags?: { readonly isDefault: boolean } | undefined;
}

/**
 * The `<userCheck>` document (hik-protocols.md §2.2): the NVR 401 body as captured
 * (hikvision_next issue #50, no attributes), `/ISAPI/Security/userCheck`'s 200 answer, and —
 * with `lockStatus`, `unlockTime` (seconds left), `retryLoginTime` (attempts left) — the
 * locked answer of the §2.2 capture. Showing the lock fields after an unlocked failure too is
 * our reading of the web UI, which reads them from every failed login (§2.4 step 5).
 */
export function userCheckXml(device: Device, fields: UserCheckFields): string {
  const children: [string, string | XmlChildren][] = [
    ["statusValue", String(fields.statusValue)],
    ["statusString", fields.statusValue === 200 ? "OK" : "Unauthorized"],
  ];
  if (fields.passwordFlags && device.profile.security.userCheckFlags) {
    const risky = fields.passwordFlags.isDefault;
    children.push(["isDefaultPassword", String(fields.passwordFlags.isDefault)], ["isRiskPassword", String(risky)], ["isActivated", String(device.activated)]);
  }
  children.push(...lockElements(fields.lock));
  return buildXml({ name: "userCheck", children });
}

/** `lockStatus`, `unlockTime` (seconds left), `retryLoginTime` (attempts left): §2.2, §2.4 step 5; none without a lock state. */
export function lockElements(lock: LockStatus | undefined): [string, string][] {
  if (!lock) return [];
  return [
    ["lockStatus", lock.locked ? "lock" : "unlock"],
    ["unlockTime", String(lock.unlockSeconds)],
    ["retryLoginTime", String(lock.retriesLeft)],
  ];
}
