/**
 * The legacy security code of firmware before V5.3.0 (hik-protocols.md §7): what the vendor's
 * support desk computes from a device's serial and its current date, and what the device
 * recomputes to check a `reset` (§1.8.1). Pure.
 *
 * 1. seed = serial + date (`YYYYMMDD`, the device's own date);
 * 2. magic = Σ ((i+1) · code(seed[i])) XOR (i+1), i from 0;
 * 3. secret = magic · 0x686B7773 ("hkws") mod 2^32;
 * 4. the decimal digits of secret, each mapped through `QRSqrdeyz9`.
 */

/** §7 step 3: the multiplier, ASCII "hkws". */
const HKWS = 0x686b7773;

/** §7 step 4: digit d becomes DIGIT_MAP[d] (9 stays 9). */
const DIGIT_MAP = "QRSqrdeyz9";

/** `YYYYMMDD` of a real calendar day. */
const DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** The security code of `serial` on `date` (`YYYYMMDD`). The caller checks its inputs (isSecurityCodeDate). */
export function securityCode(serial: string, date: string): string {
  const seed = serial + date;
  let magic = 0;
  for (let i = 0; i < seed.length; i++) {
    const n = i + 1;
    // Kept below 2^32 as it goes: only the product's low 32 bits survive step 3 anyway.
    magic = (magic + ((n * seed.charCodeAt(i)) ^ n)) >>> 0;
  }
  const secret = Math.imul(magic, HKWS) >>> 0;
  return [...String(secret)].map((digit) => DIGIT_MAP[Number(digit)]).join("");
}

/** Whether `date` is `YYYYMMDD` naming a real day (20230230 is not). */
export function isSecurityCodeDate(date: string): boolean {
  const match = DATE.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const back = new Date(Date.UTC(year, month - 1, day));
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
}

/** A wall-clock reading (epoch ms as if UTC, time-zone.ts `wallClock`) as the `YYYYMMDD` of §7. */
export function securityCodeDate(wallClockMs: number): string {
  return new Date(wallClockMs).toISOString().slice(0, 10).replaceAll("-", "");
}
