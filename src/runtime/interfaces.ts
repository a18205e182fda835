import { networkInterfaces } from "node:os";

export interface DiscoveryScope {
  /** Addresses to join the multicast group on and send multicast from. */
  readonly multicastInterfaces: readonly string[];
  /** True when only loopback peers may talk to the fleet (the default). */
  readonly loopbackOnly: boolean;
}

/**
 * `--interface loopback|all|NAME` (DESIGN.md "Loopback unless told otherwise"): loopback
 * keeps every announcement on 127.0.0.1; `all` and a name open the fleet to a LAN.
 */
export function resolveDiscoveryScope(choice: string): DiscoveryScope {
  if (choice === "loopback") return { multicastInterfaces: ["127.0.0.1"], loopbackOnly: true };
  const all = networkInterfaces();
  const entries = choice === "all" ? Object.values(all).flat() : (all[choice] ?? []);
  const addresses = entries.flatMap((e) => (e && e.family === "IPv4" ? [e.address] : []));
  if (addresses.length === 0) throw new Error(`interface "${choice}" has no IPv4 address (known: ${Object.keys(all).join(", ")})`);
  return { multicastInterfaces: addresses, loopbackOnly: false };
}
