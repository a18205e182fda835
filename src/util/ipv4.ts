/** Dotted-quad IPv4 helpers shared by the core's network rules and the fronts. */

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return DOTTED_QUAD.test(text);
}

export function ipv4ToInt(text: string): number {
  return text.split(".").reduce((n, part) => (n * 256 + Number(part)) >>> 0, 0);
}

/** A mask is ones then zeros (255.255.255.0), not 0.0.0.0. */
export function isSubnetMask(text: string): boolean {
  if (!isIpv4(text)) return false;
  const n = ipv4ToInt(text);
  if (n === 0) return false;
  const inverted = ~n >>> 0;
  return (inverted & (inverted + 1)) === 0;
}

/** An address a host may own: not 0.0.0.0/8, not multicast or reserved (224/3), not broadcast. */
export function isUnicastHostAddress(text: string): boolean {
  if (!isIpv4(text)) return false;
  const first = Number(text.split(".")[0]);
  return first !== 0 && first < 224;
}

export function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** `A.B.C.D/N`, or a bare address as `/32`. */
export interface Ipv4Prefix {
  readonly address: string;
  readonly bits: number;
}

/** `192.168.50.0/24` or `192.168.50.7` (= /32); undefined when it is neither. Prefixes 1–32. */
export function parseIpv4Prefix(text: string): Ipv4Prefix | undefined {
  const match = /^([0-9.]+)(?:\/(\d{1,2}))?$/.exec(text);
  if (!match || !isIpv4(match[1] as string)) return undefined;
  const bits = match[2] === undefined ? 32 : Number(match[2]);
  if (bits < 1 || bits > 32) return undefined;
  return { address: match[1] as string, bits };
}

/**
 * `address` moved into `prefix`: the prefix's top `bits`, the address's host part below them.
 * 172.18.0.10 into 192.168.50.0/24 is 192.168.50.10; into 192.168.50.7/32 it is 192.168.50.7.
 */
export function mapIntoPrefix(address: string, prefix: Ipv4Prefix): string {
  const hostMask = prefix.bits === 32 ? 0 : 0xffffffff >>> prefix.bits;
  return intToIpv4(((ipv4ToInt(prefix.address) & ~hostMask) | (ipv4ToInt(address) & hostMask)) >>> 0);
}

/** A loopback source: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");
}
