import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";
import { ipv4ToInt, isIpv4 } from "../util/ipv4.js";

export interface DiscoveryScope {
  /** Addresses to join the multicast group on and send multicast from. */
  readonly multicastInterfaces: readonly string[];
  /** True when only loopback peers may talk to the fleet (the default). */
  readonly loopbackOnly: boolean;
  /** The subnets of the chosen interfaces (127.0.0.0/8 for loopback): where devices may be served. */
  readonly subnets: readonly { readonly address: string; readonly netmask: string }[];
}

/** One IPv4 address of a host interface, with its mask (for the subnet's broadcast address). */
export interface InterfaceAddress {
  readonly name: string;
  readonly address: string;
  readonly netmask: string;
}

type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** `--interface` names no interface with an IPv4 address: a usage error of the command line or file. */
export class InterfaceError extends Error {
  override name = "InterfaceError";
}

/**
 * The IPv4 addresses `--interface loopback|all|NAME` stands for (DESIGN.md "Loopback unless
 * told otherwise"). An unknown name, or one without IPv4, is an InterfaceError naming the
 * interfaces that would do.
 */
export function interfaceAddresses(choice: string, table: InterfaceTable = networkInterfaces()): InterfaceAddress[] {
  if (choice === "loopback") return [{ name: "loopback", address: "127.0.0.1", netmask: "255.0.0.0" }];
  const names = choice === "all" ? Object.keys(table) : [choice];
  const found = names.flatMap((name) => (table[name] ?? []).flatMap((e) => (e.family === "IPv4" ? [{ name, address: e.address, netmask: e.netmask }] : [])));
  if (found.length > 0) return found;
  const usable = Object.keys(table).filter((name) => table[name]?.some((e) => e.family === "IPv4"));
  const known = `known: loopback, all${usable.length > 0 ? `, ${usable.join(", ")}` : ""}`;
  if (choice !== "all" && !(choice in table)) throw new InterfaceError(`no interface named "${choice}" (${known})`);
  throw new InterfaceError(`interface "${choice}" has no IPv4 address (${known})`);
}

/**
 * The first address of each interface: a group is joined, and multicast sent, once per
 * interface. An interface with secondary addresses (a lab's devices on one veth) would
 * otherwise join twice, which the kernel refuses (EADDRINUSE).
 */
export function multicastAddresses(addresses: readonly InterfaceAddress[]): string[] {
  const seen = new Map<string, string>();
  for (const a of addresses) if (!seen.has(a.name)) seen.set(a.name, a.address);
  return [...seen.values()];
}

/**
 * `--interface loopback|all|NAME`: loopback keeps every announcement on 127.0.0.1; `all` and a
 * name open the fleet to a LAN.
 */
export function resolveDiscoveryScope(choice: string, table: InterfaceTable = networkInterfaces()): DiscoveryScope {
  const addresses = interfaceAddresses(choice, table);
  return {
    multicastInterfaces: multicastAddresses(addresses),
    loopbackOnly: choice === "loopback",
    subnets: addresses.map(({ address, netmask }) => ({ address, netmask })),
  };
}

/**
 * Why a device may not be served at `address` under this scope, or undefined when it may. An
 * address a device sets itself (SADP `update`, a Default reset) is held to the same rule as
 * the fleet file: with `--interface loopback` only 127.0.0.0/8, otherwise a subnet of the
 * chosen interfaces — so a device never opens the fleet to a network nobody chose.
 */
export function outsideScope(scope: DiscoveryScope, choice: string, address: string): string | undefined {
  if (!isIpv4(address)) return `${address} is not an IPv4 address`;
  return inSubnets(scope, address) ? undefined : `${address} is outside --interface ${choice}`;
}

/**
 * Whether discovery answers a datagram from `address` (an IPv4 or v4-mapped source): local
 * tools always; LAN peers only on a subnet of the chosen interfaces, and never on a
 * loopback-only fleet. One probe or search makes the fleet answer once per device (5,000
 * answers to one ssdp:all), so a source that is not on the link — a spoofed one among them —
 * must not get them: SADP and SSDP are link-local protocols (§1.1 multicast, TTL 1).
 */
export function discoverySourceAllowed(scope: DiscoveryScope, address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (v4.startsWith("127.") || address === "::1") return true;
  return !scope.loopbackOnly && isIpv4(v4) && inSubnets(scope, v4);
}

function inSubnets(scope: DiscoveryScope, address: string): boolean {
  const n = ipv4ToInt(address);
  return scope.subnets.some((s) => ((n ^ ipv4ToInt(s.address)) & ipv4ToInt(s.netmask)) >>> 0 === 0);
}
