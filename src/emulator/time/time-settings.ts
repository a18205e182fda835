import type { Profile } from "../../profiles/index.js";
import { DeviceError } from "../errors.js";
import { isIpv4 } from "../../util/ipv4.js";
import { parseTimeZone } from "./time-zone.js";

/** `/ISAPI/System/time/ntpServers/1` (NTPServer): where an NTP-mode device would synchronise. */
export interface NtpServer {
  /** `addressingFormatType`: `hostname` (hostName) or `ipaddress` (ipAddress). */
  readonly addressing: "hostname" | "ipaddress";
  readonly host: string;
  readonly port: number;
  /** `synchronizeInterval`, minutes. */
  readonly intervalMinutes: number;
}

/**
 * The device's real-time clock, kept with flash: it has a battery and runs on through reboots,
 * power cuts and resets. `set: false` is a clock nobody set since hikemu first ran the device;
 * it counts from 1970-01-01T00:00:00Z (device-clock.ts). A set clock is the host clock plus
 * `offsetMs`.
 */
export type RealTimeClock = { readonly set: false } | { readonly set: true; readonly offsetMs: number };

/** The flash field `time` (issue #10): `/ISAPI/System/time` and its NTP server, and the clock. */
export interface TimeSettings {
  /** `timeMode`: `manual` (the clock as set) or `NTP` (synchronised; hikemu uses the host clock). */
  readonly mode: "manual" | "NTP";
  /** Hikvision form, e.g. `CST-8:00:00` (time-zone.ts). */
  readonly timeZone: string;
  readonly ntp: NtpServer;
  readonly clock: RealTimeClock;
}

/** Time settings as the device leaves the factory: manual, the profile's zone and NTP server, clock never set. */
export function factoryTime(profile: Profile): TimeSettings {
  const { timeZone, ntpServer } = profile.system.time;
  return { mode: "manual", timeZone, ntp: { ...ntpServer }, clock: { set: false } };
}

/**
 * Time settings after Restore or Default (maintenance.ts): mode, zone and NTP server return to
 * the factory's; the clock is a battery-backed chip, not configuration, so it keeps its time
 * (our choice: no source says what a reset does to the clock).
 */
export function resetTime(current: TimeSettings, profile: Profile): TimeSettings {
  return { ...factoryTime(profile), clock: current.clock };
}

/** The clock as a device the fleet file says is installed and activated starts: set, to host time. */
export const HOST_TIME: RealTimeClock = { set: true, offsetMs: 0 };

const HOSTNAME_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** An NTP server a PUT gives, checked whole; each failure names its ISAPI element. */
export function checkedNtpServer(server: NtpServer): NtpServer {
  const { addressing, host, port, intervalMinutes } = server;
  if (addressing !== "hostname" && addressing !== "ipaddress") throw new DeviceError("badParameters", "addressingFormatType must be hostname or ipaddress");
  if (addressing === "ipaddress" && !isIpv4(host)) throw new DeviceError("badParameters", `ipAddress "${host}" is not an IPv4 address`);
  if (addressing === "hostname" && !isHostName(host)) throw new DeviceError("badParameters", `hostName "${host}" is not a host name`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DeviceError("badParameters", `portNo must be 1-65535`);
  // 1 minute to a week, the range the web UI's field takes (our choice: no capture shows it).
  if (!Number.isInteger(intervalMinutes) || intervalMinutes < 1 || intervalMinutes > 10080) throw new DeviceError("badParameters", "synchronizeInterval must be 1-10080 minutes");
  return { addressing, host, port, intervalMinutes };
}

/** RFC 1123 host name (or a dotted IPv4 address, which is one too): labels of letters, digits, hyphens. */
function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  return host.replace(/\.$/, "").split(".").every((label) => HOSTNAME_LABEL.test(label));
}

/** A time zone a PUT gives; `badParameters` naming `timeZone` when it is not one. */
export function checkedTimeZone(text: string): string {
  if (!parseTimeZone(text)) throw new DeviceError("badParameters", `timeZone "${text}" is not a time zone (e.g. CST-8:00:00 for UTC+08:00)`);
  return text;
}
