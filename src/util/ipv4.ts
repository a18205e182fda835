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
