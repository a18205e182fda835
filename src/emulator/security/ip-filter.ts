import type { IpFilterRule, IpFilterSettings } from "../state.js";
import { ipv4ToInt, isIpv4 } from "../../util/ipv4.js";

/** The IPv4 address of a socket peer, unwrapping `::ffff:a.b.c.d`; undefined for other IPv6. */
export function peerIpv4(peer: string): string | undefined {
  const address = peer.startsWith("::ffff:") ? peer.slice(7) : peer;
  return isIpv4(address) ? address : undefined;
}

function matches(rule: IpFilterRule, address: number): boolean {
  if (rule.kind === "specific") return ipv4ToInt(rule.address) === address;
  return ipv4ToInt(rule.start) <= address && address <= ipv4ToInt(rule.end);
}

/**
 * Whether the IP filter lets `peer` reach the device (`/ISAPI/System/Network/ipFilter`):
 * with `allow`, only listed addresses; with `deny`, all but the listed ones. A disabled filter
 * admits everyone. The rules are IPv4: an IPv6 peer is outside every rule.
 */
export function admits(filter: IpFilterSettings, peer: string): boolean {
  if (!filter.enabled) return true;
  const address = peerIpv4(peer);
  const listed = address !== undefined && filter.rules.some((rule) => matches(rule, ipv4ToInt(address)));
  return filter.permission === "allow" ? listed : !listed;
}
