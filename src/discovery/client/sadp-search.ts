import { randomUUID } from "node:crypto";
import { decodeProbeMatch, encodeProbe } from "../sadp/codec.js";
import { SADP_GROUP, SADP_PORT } from "../sadp/responder.js";
import { sadpMac } from "../../util/mac.js";
import { MAX_ANSWERS, udpSearch, type SearchDestinations } from "./udp-search.js";

/** One device's ProbeMatch (hik-protocols.md §1.3), the fields a tool shows first, and every field. */
export interface SadpAnswer {
  /** Lower case, dashes, as SADP writes it (§1.4): the key a tool dedupes on. */
  readonly mac: string;
  readonly model: string | undefined;
  readonly serial: string | undefined;
  /** `IPv4Address`, or `Ipv4Address` as some firmware spells it (§1.3). */
  readonly ipv4: string | undefined;
  readonly httpPort: number | undefined;
  readonly commandPort: number | undefined;
  /** Undefined when the reply has no `Activated` element (old firmware). */
  readonly activated: boolean | undefined;
  readonly softwareVersion: string | undefined;
  /** Where the reply came from (a NAT or one host answering for many devices may differ from ipv4). */
  readonly from: string;
  readonly fields: ReadonlyMap<string, string>;
}

export interface SadpSearchOptions extends SearchDestinations {
  /** The devices' SADP port (default 37020, §1.1). */
  readonly port?: number;
  readonly timeoutMs: number;
  /** End the search once this many devices answered. */
  readonly expect?: number;
  readonly uuid?: string;
  /** Distinct MACs kept (default MAX_ANSWERS); later ones are ignored. */
  readonly maxAnswers?: number;
}

/**
 * An inquiry as SADP Tool sends it (§1.2: upper-case Uuid, `Types` inquiry) to the group
 * 239.255.255.250:37020 and wherever else it is told; every device's ProbeMatch echoing the
 * Uuid, once per MAC. A device answers the sender and the group (§1.1) and may hear the probe
 * on several paths (group, broadcast, unicast), so the same reply comes more than once.
 */
export async function sadpSearch(options: SadpSearchOptions): Promise<SadpAnswer[]> {
  const uuid = options.uuid ?? randomUUID().toUpperCase();
  const found = new Map<string, SadpAnswer>();
  await udpSearch({
    ...options,
    group: SADP_GROUP,
    port: options.port ?? SADP_PORT,
    request: encodeProbe(uuid, "inquiry"),
    onReply: (data, from) => {
      const fields = decodeProbeMatch(data);
      if (!fields || fields.get("Uuid") !== uuid) return false;
      const answer = sadpAnswer(fields, from.address);
      if (answer && !found.has(answer.mac) && found.size < (options.maxAnswers ?? MAX_ANSWERS)) found.set(answer.mac, answer);
      return options.expect !== undefined && found.size >= options.expect;
    },
  });
  return [...found.values()];
}

/** The ProbeMatch fields as a typed answer; undefined without a MAC (nothing to tell devices apart by). */
export function sadpAnswer(fields: ReadonlyMap<string, string>, from: string): SadpAnswer | undefined {
  const mac = fields.get("MAC");
  if (!mac) return undefined;
  const port = (name: string) => {
    const text = fields.get(name);
    return text !== undefined && /^\d{1,5}$/.test(text) ? Number(text) : undefined;
  };
  const activated = fields.get("Activated");
  return {
    mac: sadpMac(mac),
    model: fields.get("DeviceDescription"),
    serial: fields.get("DeviceSN"),
    ipv4: fields.get("IPv4Address") ?? fields.get("Ipv4Address"),
    httpPort: port("HttpPort"),
    commandPort: port("CommandPort"),
    activated: activated === undefined ? undefined : activated === "true",
    softwareVersion: fields.get("SoftwareVersion"),
    from,
    fields,
  };
}
