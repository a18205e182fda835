/**
 * Hikvision's time zone strings and the device's wall-clock formats.
 *
 * `/ISAPI/System/time` `timeZone` is POSIX-like: a name, then the offset to ADD to local time to
 * get UTC, so `CST-8:00:00` is UTC+08:00 and `CST+5:00:00` is UTC-05:00 (the sign is inverted
 * against the usual "UTC+8"). A daylight-saving rule may follow (`…DST01:00:00,M3.5.0/02:00:00,
 * M10.5.0/03:00:00`). Shapes from public ISAPI client code (Time examples with `CST-8:00:00`,
 * `CST+5:00:00`, `CST+6:00:00`); the real-responses cassettes show a camera at +08:00
 * (DS-2CD2155FWD-I System_status: `currentDeviceTime` …`+08:00`).
 */

export interface TimeZone {
  /** The string as the device keeps and shows it. */
  readonly text: string;
  /** Minutes east of UTC (`CST-8:00:00` → 480). */
  readonly offsetMinutes: number;
  /**
   * The daylight-saving rule as given, if any. hikemu keeps and shows it but does not apply it:
   * the wall clock always runs on the standard offset (our simplification).
   */
  readonly dst: string | undefined;
}

const ZONE = /^([A-Z]{3,6})([+-])(\d{1,2}):(\d{2}):(\d{2})(DST.*)?$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
/** `M<month>.<week>.<weekday>/<hh:mm:ss>`, the POSIX month-week-day form. */
const DST_DATE = /^M(1[0-2]|[1-9])\.[1-5]\.[0-6]\/([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

/** The offsets real zones have: UTC-12:00 … UTC+14:00, on whole quarter hours. */
const WEST_MOST = -12 * 60;
const EAST_MOST = 14 * 60;

/** A Hikvision time zone string, or undefined when it is not one (bad form or offset). */
export function parseTimeZone(text: string): TimeZone | undefined {
  const match = ZONE.exec(text);
  if (!match) return undefined;
  const [, , sign, h, m, s, dst] = match as unknown as [string, string, string, string, string, string, string | undefined];
  const hours = Number(h);
  const minutes = Number(m);
  if (minutes % 15 !== 0 || Number(s) !== 0) return undefined;
  const posix = hours * 60 + minutes;
  const offsetMinutes = sign === "-" ? posix : -posix;
  if (offsetMinutes < WEST_MOST || offsetMinutes > EAST_MOST) return undefined;
  if (dst !== undefined && !validDst(dst)) return undefined;
  return { text, offsetMinutes: offsetMinutes === 0 ? 0 : offsetMinutes, dst };
}

/** `DST[hh:mm:ss],<start>,<end>`: the saving and the two change dates. */
function validDst(rule: string): boolean {
  const parts = rule.slice(3).split(",");
  if (parts.length !== 3) return false;
  const [saving, start, end] = parts as [string, string, string];
  return (saving === "" || TIME_OF_DAY.test(saving)) && DST_DATE.test(start) && DST_DATE.test(end);
}

/** `+08:00`, `-05:30`, `+00:00`. */
export function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * An instant as the device's wall clock reads it, as if that reading were UTC: what a device
 * writes where it has no offset to write (SADP BootTime, its HTTP `Date`).
 */
export function wallClock(epochMs: number, offsetMinutes: number): number {
  return epochMs + offsetMinutes * 60_000;
}

/** `YYYY-MM-DDTHH:MM:SS+hh:mm`, the ISAPI time form (`localTime`, `currentDeviceTime`). */
export function isapiLocalTime(epochMs: number, offsetMinutes: number): string {
  return `${new Date(wallClock(epochMs, offsetMinutes)).toISOString().slice(0, 19)}${offsetText(offsetMinutes)}`;
}

/** `YYYY-MM-DD HH:MM:SS` on the wall clock, the SADP BootTime form (hik-protocols.md §1.3). */
export function sadpLocalTime(epochMs: number, offsetMinutes: number): string {
  return new Date(wallClock(epochMs, offsetMinutes)).toISOString().slice(0, 19).replace("T", " ");
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The instant a `localTime` names: with its own offset (`+08:00`, `Z`) as written, without
 * one on the device's wall clock (`offsetMinutes`). Undefined for a malformed or impossible
 * date (2023-02-30, 24:00:00).
 */
export function parseLocalTime(text: string, offsetMinutes: number): number | undefined {
  const match = LOCAL_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, zone] = match as unknown as [string, string, string, string, string, string, string, string | undefined];
  const fields = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = fields;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(asUtc);
  // Date.UTC rolls 2023-02-30 over to March: a rolled date was not a real one.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = zone === undefined ? offsetMinutes : zone === "Z" ? 0 : zoneMinutes(zone);
  if (offset === undefined) return undefined;
  return asUtc - offset * 60_000;
}

function zoneMinutes(zone: string): number | undefined {
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return undefined;
  return (zone.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
