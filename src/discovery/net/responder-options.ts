import type { Logger } from "pino";
import type { Clock } from "../../emulator/clock.js";
import { isLoopback, type Ipv4Prefix } from "../../util/ipv4.js";
import type { UdpChannel } from "./udp-channel.js";
import type { DiscoveryFleet } from "./device-datagrams.js";

/** What the SADP and SSDP responders are both built from (the runtime wires them alike). */
export interface DiscoveryResponderOptions {
  readonly channel: UdpChannel;
  readonly fleet: DiscoveryFleet;
  /** Host time for transport pacing (bursts, sender budgets, windows). */
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where answers or announcements are multicast; undefined sends nothing to the group. */
  readonly group: { readonly address: string; readonly port: number } | undefined;
  /** Drop datagrams from non-loopback sources (DESIGN.md "Loopback unless told otherwise"). */
  readonly loopbackOnly: boolean;
  /** Off loopback, which sources are answered (runtime/interfaces.ts discoverySourceAllowed); absent: all. */
  readonly sourceAllowed?: (address: string) => boolean;
  /**
   * Datagrams per burst and the pause between bursts. A real LAN spreads answers over many
   * devices; one process answering for 1,000 must pace itself or clients drop datagrams
   * (hik-protocols.md §1.10 advises jitter).
   */
  readonly burstSize?: number;
  readonly burstIntervalMs?: number;
  /** The address reported for a device mapped into this prefix (settings.ts `advertise`); undefined: the device's own. */
  readonly advertise?: Ipv4Prefix | undefined;
}

/** Whether a responder with these options answers a datagram from `address`. */
export function acceptsSource(options: DiscoveryResponderOptions, address: string): boolean {
  return options.loopbackOnly ? isLoopback(address) : options.sourceAllowed?.(address) !== false;
}
