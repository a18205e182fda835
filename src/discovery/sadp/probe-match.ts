import type { Device } from "../../emulator/device.js";
import type { RecoveryMethod } from "../../emulator/events.js";
import type { ProbeMatchFields } from "./codec.js";
import { sadpMac } from "../../util/mac.js";
import { mapIntoPrefix, type Ipv4Prefix } from "../../util/ipv4.js";

/** Modified EUI-64 link-local address, as the §1.3 capture pairs 68-6d-bc-ee-f8-f0 with fe80::6a6d:bcff:feee:f8f0. */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(/[:-]/).map((x) => parseInt(x, 16));
  const eui = [(b[0] ?? 0) ^ 0x02, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]] as number[];
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push((((eui[i] ?? 0) << 8) | (eui[i + 1] ?? 0)).toString(16));
  return `fe80::${groups.join(":")}`;
}

/** `YYYY-MM-DD HH:MM:SS`, the BootTime format of §1.3, of an instant as UTC (the device's own reading: `device.time.sadpTime`). */
export function sadpTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * The "Forgot password" flags of §1.3, from the firmware's one list of recovery methods (profile
 * `recovery`, issue #11), as SecurityCap's isSupportSecurityQuestionConfig / isSupportSecurityEmail
 * are (security-auth.ts): PasswordResetAbility (any method), PasswordResetModeSecond (the key
 * file export, §1.8.2), then SupportSecurityQuestion, SupportGUID and SupportMailBox (§1.3 "other
 * element names": sadp.dll parses it). SupportMailBox only where the firmware has the reserved
 * e-mail: older firmware does not know the element, so it is left out there rather than false.
 */
export function recoveryFlags(recovery: readonly RecoveryMethod[]): [string, string][] {
  const has = (method: RecoveryMethod) => (recovery.includes(method) ? "true" : "false");
  const flags: [string, string][] = [
    ["PasswordResetAbility", recovery.length > 0 ? "true" : "false"],
    ["PasswordResetModeSecond", has("exportKeyFile")],
    ["SupportSecurityQuestion", has("securityQuestions")],
    ["SupportGUID", has("guidFile")],
  ];
  if (recovery.includes("reservedEmail")) flags.push(["SupportMailBox", "true"]);
  return flags;
}

export interface ProbeMatchOptions {
  /**
   * NAT and bridge networks (settings.ts `advertise`, DESIGN.md "Addresses"): IPv4Address is
   * the device's address moved into this prefix, the address clients reach it at. The device's
   * flash (mask, gateway, what ISAPI reports and SADP `update` changes) is left as it is.
   */
  readonly advertise?: Ipv4Prefix | undefined;
}

/**
 * Every field of the §1.3 ProbeMatch, in the capture's order, computed from the device's
 * state at query time. `types` echoes the probe (inquiry or inquiry_v32).
 */
export function probeMatchFields(device: Device, uuid: string, types: string, options: ProbeMatchOptions = {}): ProbeMatchFields {
  const { profile, identity, network } = device;
  const { sadp, firmware } = profile;
  const bool = (v: boolean) => (v ? "true" : "false");
  const fields: [string, string][] = [
    ["Uuid", uuid],
    ["Types", types],
    ["DeviceType", String(sadp.deviceType)],
    ["DeviceDescription", profile.model],
    ["DeviceSN", identity.serial],
    // The schema requires a DEV_MANAGE entry, so this is always a number. Ports are those the
    // device booted with: an adminAccesses change shows after the next boot (issue #10).
    ["CommandPort", String(device.ports.runningPort("DEV_MANAGE"))],
    ["HttpPort", String(device.serving.httpPort)],
    ["MAC", sadpMac(identity.mac)],
    ["IPv4Address", options.advertise ? mapIntoPrefix(network.ipv4, options.advertise) : network.ipv4],
    ["IPv4SubnetMask", network.mask],
    ["IPv4Gateway", network.gateway],
    ["IPv6Address", linkLocalFromMac(identity.mac)],
    ["IPv6Gateway", "::"],
    ["IPv6MaskLen", "64"],
    ["DHCP", bool(network.dhcp)],
    ["AnalogChannelNum", String(sadp.analogChannels)],
    ["DigitalChannelNum", String(sadp.digitalChannels)],
    // "V5.5.0build 170914": no space before "build" in both captures (§1.3).
    ["SoftwareVersion", `${firmware.version}build ${firmware.build}`],
    ["DSPVersion", sadp.dspVersion],
    // On the device's own clock and wall time: 1970 on a never-set device (§1.3 capture, time/device-clock.ts).
    ["BootTime", device.time.sadpTime(device.time.bootTime())],
    ["Encrypt", "true"],
    // Both captures of §1.3 show ResetAbility false; its meaning is not known.
    ["ResetAbility", "false"],
    ["DiskNumber", String(sadp.diskNumber)],
    ["Activated", bool(device.activated)],
    ...recoveryFlags(profile.recovery).slice(0, 2),
    ["SyncIPCPassword", bool(sadp.syncIPCPassword)],
    // SADP-side lock after wrong passwords (§1.3, UNCERTAIN; emulator/sadp-lock.ts). Its
    // flips move device.revision, so cached ProbeMatches follow.
    ["DeviceLock", bool(device.sadpLocked)],
    ...recoveryFlags(profile.recovery).slice(2),
    ["SupportHCPlatform", bool(sadp.supportHCPlatform)],
    ["HCPlatformEnable", sadp.hcPlatformFalseSpelling],
    ["IsModifyVerificationCode", "false"],
    ["Salt", identity.salt],
    ["OEMInfo", "N/A"],
  ];
  const sdkOverTls = device.ports.runningPort("SDK_OVER_TLS");
  if (sdkOverTls !== undefined) fields.push(["SDKOverTLSPort", String(sdkOverTls)]);
  return fields;
}
