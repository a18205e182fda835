import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";

export interface DiscoveryScope {
  /** Addresses to join the multicast group on and send multicast from. */
  readonly multicastInterfaces: readonly string[];
  /** True when only loopback peers may talk to the fleet (the default). */
  readonly loopbackOnly: boolean;
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
  return { multicastInterfaces: multicastAddresses(interfaceAddresses(choice, table)), loopbackOnly: choice === "loopback" };
}
