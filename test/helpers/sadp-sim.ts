import { randomUUID } from "node:crypto";
import { SimulatedNetwork, type SimulatedBindOptions, type SimulatedEndpoint } from "../../src/discovery/net/simulated-network.js";
import { SADP_GROUP, SadpResponder, type SadpFleet } from "../../src/discovery/sadp/responder.js";
import type { SadpLimits } from "../../src/discovery/sadp/limits.js";
import type { CommandHandler } from "../../src/discovery/sadp/commands/dispatch.js";
import { decodeProbeMatch, encodeProbe, type ProbeMatchFields } from "../../src/discovery/sadp/codec.js";
import type { Clock } from "../../src/emulator/clock.js";
import { silentLogger } from "./harness.js";

export const SADP = 37020;

export interface SimResponderOptions {
  readonly network?: SimulatedNetwork;
  readonly loopbackOnly?: boolean;
  readonly sourceAllowed?: (address: string) => boolean;
  readonly burstSize?: number;
  readonly burstIntervalMs?: number;
  readonly limits?: Partial<SadpLimits>;
  /** Source address of the responder's datagrams (its host). */
  readonly host?: string;
  /** A stand-in for the command dispatcher. */
  readonly commands?: CommandHandler;
}

/** A responder on a simulated network, bound as the runtime binds it: 0.0.0.0:37020, joined to the group. */
export function simResponder(fleet: SadpFleet, clock: Clock, options: SimResponderOptions = {}) {
  const network = options.network ?? new SimulatedNetwork();
  const channel = network.bind({ address: "0.0.0.0", port: SADP, groups: [SADP_GROUP], ...(options.host ? { sourceAddress: options.host } : {}) });
  const responder = new SadpResponder({
    channel,
    fleet,
    clock,
    logger: silentLogger,
    group: { address: SADP_GROUP, port: SADP },
    loopbackOnly: options.loopbackOnly ?? true,
    burstSize: options.burstSize ?? 4,
    burstIntervalMs: options.burstIntervalMs ?? 10,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.commands ? { commands: options.commands } : {}),
    ...(options.sourceAllowed ? { sourceAllowed: options.sourceAllowed } : {}),
  });
  return { network, channel, responder };
}

export interface Reply {
  readonly fields: Map<string, string>;
  readonly from: string;
}

/** A SADP client endpoint: sends probes, keeps every ProbeMatch it receives. */
export class SimClient {
  readonly replies: Reply[] = [];

  constructor(readonly endpoint: SimulatedEndpoint) {
    endpoint.onMessage((d) => {
      const fields = decodeProbeMatch(d.data);
      if (fields) this.replies.push({ fields, from: `${d.address}:${d.port}` });
    });
  }

  static bind(network: SimulatedNetwork, address = "127.0.0.1", more: Omit<SimulatedBindOptions, "address"> = {}): SimClient {
    return new SimClient(network.bind({ address, ...more }));
  }

  /** Sends a probe (to the responder's unicast address by default); returns its Uuid. */
  async probe(types = "inquiry", options: { uuid?: string; to?: string; extra?: ProbeMatchFields } = {}): Promise<string> {
    const uuid = options.uuid ?? randomUUID().toUpperCase();
    await this.endpoint.send(encodeProbe(uuid, types, options.extra ?? []), options.to ?? "127.0.0.1", SADP);
    return uuid;
  }

  /** Every ProbeMatch received for `uuid`. */
  to(uuid: string): Map<string, string>[] {
    return this.replies.filter((r) => r.fields.get("Uuid") === uuid).map((r) => r.fields);
  }

  macs(uuid: string): string[] {
    return this.to(uuid)
      .map((f) => f.get("MAC") ?? "")
      .sort();
  }
}

export const dashed = (mac: string) => mac.replaceAll(":", "-");
