import { SimulatedNetwork, type SimulatedBindOptions, type SimulatedEndpoint } from "../../src/discovery/net/simulated-network.js";
import { SsdpResponder, type SsdpFleet } from "../../src/discovery/ssdp/responder.js";
import type { SsdpLimits } from "../../src/discovery/ssdp/limits.js";
import { SsdpAdvertiser, type AdvertisedFleet } from "../../src/discovery/ssdp/advertiser.js";
import { SSDP_GROUP, SSDP_PORT } from "../../src/discovery/ssdp/constants.js";
import { encodeRequest, parseMessage } from "../../src/discovery/ssdp/node-ssdp-message.js";
import type { Clock } from "../../src/emulator/clock.js";
import type { Random } from "../../src/emulator/random.js";
import { SeededRandom } from "../../src/emulator/random.js";
import { silentLogger } from "./harness.js";

export interface SimSsdpOptions {
  readonly network?: SimulatedNetwork;
  readonly loopbackOnly?: boolean;
  readonly sourceAllowed?: (address: string) => boolean;
  readonly burstSize?: number;
  readonly burstIntervalMs?: number;
  readonly limits?: Partial<SsdpLimits>;
  readonly random?: Random;
  /** Also run the advertiser (NOTIFY at start, on reachability changes and every round). */
  readonly advertise?: boolean;
}

/** A responder on a simulated network, bound as the runtime binds it: 0.0.0.0:1900, joined to the group. */
export function simSsdp(fleet: SsdpFleet & AdvertisedFleet, clock: Clock, options: SimSsdpOptions = {}) {
  const network = options.network ?? new SimulatedNetwork();
  const channel = network.bind({ address: "0.0.0.0", port: SSDP_PORT, groups: [SSDP_GROUP] });
  const random = options.random ?? new SeededRandom("ssdp");
  const responder = new SsdpResponder({
    channel,
    fleet,
    clock,
    random,
    logger: silentLogger,
    group: { address: SSDP_GROUP, port: SSDP_PORT },
    loopbackOnly: options.loopbackOnly ?? true,
    ...(options.sourceAllowed ? { sourceAllowed: options.sourceAllowed } : {}),
    burstSize: options.burstSize ?? 6,
    burstIntervalMs: options.burstIntervalMs ?? 10,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const advertiser = options.advertise ? new SsdpAdvertiser({ fleet, notify: (d, kind) => responder.notify(d, kind), clock, random }) : undefined;
  return { network, channel, responder, advertiser };
}

export interface SsdpSearchOptions {
  /** Given: a multicast search (HOST the group); omitted: a unicast one (HOST the address it goes to). */
  readonly mx?: number | undefined;
  /** HOST as sent, overriding the above. */
  readonly host?: string;
  readonly man?: string;
  /** Address the search goes to (default: the host's 127.0.0.1). */
  readonly to?: string;
}

/**
 * An M-SEARCH as control points send it (node-ssdp's Client builds the same): with an MX, a
 * multicast one (UDA 1.0 §1.2.2); without, a unicast one to `to` (UDA 1.1 §1.3.3).
 */
export function mSearch(st: string, options: SsdpSearchOptions = {}): Buffer {
  const host = options.host ?? (options.mx === undefined ? `${options.to ?? "127.0.0.1"}:${SSDP_PORT}` : `${SSDP_GROUP}:${SSDP_PORT}`);
  const headers: Record<string, string | number> = { HOST: host, MAN: options.man ?? '"ssdp:discover"' };
  if (options.mx !== undefined) headers["MX"] = options.mx;
  headers["ST"] = st;
  return encodeRequest("M-SEARCH", headers);
}

export interface Received {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Device-clock time it arrived. */
  readonly at: number;
}

/** A control point on the simulated network: sends searches, keeps what it receives. */
export class SsdpSimClient {
  readonly received: Received[] = [];

  constructor(
    readonly endpoint: SimulatedEndpoint,
    clock: Clock,
  ) {
    endpoint.onMessage((d) => {
      const text = d.data.toString("latin1");
      this.received.push({ ...parseMessage(text), text, at: clock.now() });
    });
  }

  static bind(network: SimulatedNetwork, clock: Clock, address = "127.0.0.1", more: Omit<SimulatedBindOptions, "address"> = {}): SsdpSimClient {
    return new SsdpSimClient(network.bind({ address, ...more }), clock);
  }

  /** A listener as a control point's NOTIFY socket: 0.0.0.0:1900, joined to the group. */
  static listener(network: SimulatedNetwork, clock: Clock): SsdpSimClient {
    return SsdpSimClient.bind(network, clock, "0.0.0.0", { port: SSDP_PORT, sourceAddress: "127.0.0.7", groups: [SSDP_GROUP] });
  }

  async search(st: string, options: SsdpSearchOptions = {}): Promise<void> {
    await this.endpoint.send(mSearch(st, options), options.to ?? "127.0.0.1", SSDP_PORT);
  }

  async raw(data: Buffer, to = "127.0.0.1"): Promise<void> {
    await this.endpoint.send(data, to, SSDP_PORT);
  }

  responses(st?: string): Received[] {
    return this.received.filter((r) => r.method === "http/1.1" && (st === undefined || r.headers["ST"] === st));
  }

  notifies(nts?: "ssdp:alive" | "ssdp:byebye"): Received[] {
    return this.received.filter((r) => r.method === "notify" && (nts === undefined || r.headers["NTS"] === nts));
  }

  clear(): void {
    this.received.length = 0;
  }
}
