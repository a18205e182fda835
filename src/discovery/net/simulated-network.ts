import type { Datagram, UdpChannel } from "./udp-channel.js";

/**
 * An in-memory IPv4 UDP network (DESIGN.md layout "net/ (udp port + in-memory simulator)",
 * after matter.js's NetworkSimulator in style-anchors.md §1). Endpoints implement the
 * UdpChannel port, so a responder and any number of clients can talk without sockets or root.
 *
 * Delivery follows Linux as far as discovery cares:
 * - unicast to address:port reaches one endpoint bound to that port on that address, or on
 *   0.0.0.0 — the exact address wins, then the most recently bound (SO_REUSEADDR);
 * - multicast to group:port reaches every endpoint on that port that joined the group and is
 *   bound to 0.0.0.0 or the group address, the sender included (IP_MULTICAST_LOOP is on, as
 *   DgramChannel sets it);
 * - 255.255.255.255:port reaches every endpoint bound to 0.0.0.0 on that port;
 * - nothing listening: the datagram is gone, and the sender is not told (UDP).
 * Delivery happens in a microtask after `send`, never inside it, as a socket's does.
 */

export interface SimulatedPacket {
  readonly data: Buffer;
  readonly from: { readonly address: string; readonly port: number };
  readonly to: { readonly address: string; readonly port: number };
}

export interface SimulatedNetworkOptions {
  /**
   * Optional loss: asked once per receiving endpoint; true drops that copy. Deterministic by
   * construction (tests pass e.g. "every third packet"), so no seeded randomness is needed.
   */
  readonly lose?: (packet: SimulatedPacket) => boolean;
}

export interface SimulatedBindOptions {
  /** A unicast address of the simulated host, or 0.0.0.0 for every address and the groups. */
  readonly address: string;
  /** 0 or omitted: the next free ephemeral port. */
  readonly port?: number;
  /** Source address of datagrams from a 0.0.0.0 endpoint (default 127.0.0.1). */
  readonly sourceAddress?: string;
  /** Groups joined at bind time (more with `join`). */
  readonly groups?: readonly string[];
}

export interface SimulatedNetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  /** Unicast with no endpoint on that address and port. */
  unreachable: number;
}

const WILDCARD = "0.0.0.0";
const BROADCAST = "255.255.255.255";
const FIRST_EPHEMERAL = 49152;

export function isMulticast(address: string): boolean {
  const first = Number(address.split(".")[0]);
  return first >= 224 && first <= 239;
}

export class SimulatedNetwork {
  readonly stats: SimulatedNetworkStats = { sent: 0, delivered: 0, lost: 0, unreachable: 0 };
  #endpoints: SimulatedEndpoint[] = [];
  #nextEphemeral = FIRST_EPHEMERAL;
  #inFlight = 0;

  constructor(private readonly options: SimulatedNetworkOptions = {}) {}

  bind(options: SimulatedBindOptions): SimulatedEndpoint {
    const port = options.port || this.#ephemeralPort();
    const endpoint = new SimulatedEndpoint(this, options.address, port, options.sourceAddress ?? (options.address === WILDCARD ? "127.0.0.1" : options.address));
    for (const group of options.groups ?? []) endpoint.join(group);
    this.#endpoints.push(endpoint);
    return endpoint;
  }

  /** Called by endpoints; routes one datagram (see the class comment for the rules). */
  route(from: SimulatedEndpoint, data: Buffer, address: string, port: number): void {
    this.stats.sent++;
    const receivers = this.#receivers(address, port);
    if (receivers.length === 0) {
      this.stats.unreachable++;
      return;
    }
    const packet: SimulatedPacket = { data, from: { address: from.sourceAddress, port: from.port }, to: { address, port } };
    this.#inFlight++;
    queueMicrotask(() => {
      this.#inFlight--;
      for (const receiver of receivers) {
        if (receiver.closed) continue;
        if (this.options.lose?.(packet)) {
          this.stats.lost++;
          continue;
        }
        this.stats.delivered++;
        receiver.deliver({ data: Buffer.from(data), address: packet.from.address, port: packet.from.port });
      }
    });
  }

  /**
   * Resolves once every datagram sent so far, and every reply a listener sent in turn, has
   * been delivered. Tests on a VirtualClock do not need it: `advance` settles deliveries too.
   */
  async settle(): Promise<void> {
    do await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#inFlight > 0);
  }

  /** Called by an endpoint's close(). */
  remove(endpoint: SimulatedEndpoint): void {
    this.#endpoints = this.#endpoints.filter((e) => e !== endpoint);
  }

  #receivers(address: string, port: number): SimulatedEndpoint[] {
    const onPort = this.#endpoints.filter((e) => e.port === port);
    if (isMulticast(address)) return onPort.filter((e) => e.groups.has(address) && (e.address === WILDCARD || e.address === address));
    if (address === BROADCAST) return onPort.filter((e) => e.address === WILDCARD);
    const exact = onPort.filter((e) => e.address === address);
    const chosen = exact.at(-1) ?? onPort.filter((e) => e.address === WILDCARD).at(-1);
    return chosen ? [chosen] : [];
  }

  #ephemeralPort(): number {
    for (;;) {
      const port = this.#nextEphemeral++;
      if (this.#nextEphemeral > 65535) this.#nextEphemeral = FIRST_EPHEMERAL;
      if (!this.#endpoints.some((e) => e.port === port)) return port;
    }
  }
}

/** One bound socket on the simulated network. */
export class SimulatedEndpoint implements UdpChannel {
  readonly groups = new Set<string>();
  #listeners: ((d: Datagram) => void)[] = [];
  #closed = false;

  constructor(
    private readonly network: SimulatedNetwork,
    readonly address: string,
    readonly port: number,
    readonly sourceAddress: string,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  join(group: string): void {
    if (!isMulticast(group)) throw new Error(`${group} is not a multicast group`);
    this.groups.add(group);
  }

  leave(group: string): void {
    this.groups.delete(group);
  }

  onMessage(listener: (datagram: Datagram) => void): void {
    this.#listeners.push(listener);
  }

  /** Resolves once the datagram is on the network; rejects after close, as dgram does. */
  async send(data: Buffer, address: string, port: number): Promise<void> {
    if (this.#closed) throw new Error("simulated endpoint is closed");
    this.network.route(this, data, address, port);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.network.remove(this);
  }

  /** Called by the network. */
  deliver(datagram: Datagram): void {
    for (const listener of this.#listeners) listener(datagram);
  }
}
