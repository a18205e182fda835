import { ipv4ToInt, isIpv4 } from "../../util/ipv4.js";
import type { SadpAnswer } from "./sadp-search.js";
import type { SsdpAnswer } from "./ssdp-search.js";

export type Protocol = "sadp" | "ssdp";

/**
 * One device as `hikemu discover` reports it. Every field is always present (null when no
 * answer said), so scripts can rely on the names.
 */
export interface DiscoveredDevice {
  readonly model: string | null;
  readonly serial: string | null;
  readonly ipv4: string | null;
  readonly httpPort: number | null;
  readonly commandPort: number | null;
  /** `aa-bb-cc-dd-ee-ff` as SADP writes it (§1.4); SSDP does not say. */
  readonly mac: string | null;
  readonly activated: boolean | null;
  readonly softwareVersion: string | null;
  readonly foundBy: readonly Protocol[];
  /** friendlyName is the description's, null when it was not read (see mayFollowLocation). */
  readonly ssdp: { readonly usn: string; readonly location: string | null; readonly server: string | null; readonly friendlyName: string | null } | null;
}

/**
 * SADP answers (one per MAC) and SSDP answers (one per device UUID) as one list: an SSDP device
 * whose LOCATION host is a SADP device's IPv4Address, or whose description names a SADP
 * device's serial, is that device. Sorted by address.
 */
export function mergeAnswers(sadp: readonly SadpAnswer[], ssdp: readonly SsdpAnswer[]): DiscoveredDevice[] {
  const byIp = new Map<string, SadpAnswer>();
  const bySerial = new Map<string, SadpAnswer>();
  for (const answer of sadp) {
    if (answer.ipv4 && !byIp.has(answer.ipv4)) byIp.set(answer.ipv4, answer);
    if (answer.serial && !bySerial.has(answer.serial)) bySerial.set(answer.serial, answer);
  }
  const matched = new Map<SadpAnswer, SsdpAnswer>();
  const alone: DiscoveredDevice[] = [];
  for (const answer of ssdp) {
    const location = locationOf(answer.location);
    // By address first; else by the description's serial, for a device that believes another
    // address than it is reached at (it set one the host cannot serve, or a NAT maps it).
    const serial = answer.description?.serialNumber;
    const twin = (location ? byIp.get(location.host) : undefined) ?? (serial ? bySerial.get(serial) : undefined);
    if (twin && !matched.has(twin)) matched.set(twin, answer);
    else alone.push(ssdpOnly(answer, location));
  }
  const both = sadp.map((a): DiscoveredDevice => {
    const twin = matched.get(a);
    return {
      model: a.model ?? twin?.description?.modelName ?? null,
      serial: a.serial ?? twin?.description?.serialNumber ?? null,
      ipv4: a.ipv4 ?? null,
      httpPort: a.httpPort ?? null,
      commandPort: a.commandPort ?? null,
      mac: a.mac,
      activated: a.activated ?? null,
      softwareVersion: a.softwareVersion ?? null,
      foundBy: twin ? ["sadp", "ssdp"] : ["sadp"],
      ssdp: twin ? ssdpPart(twin) : null,
    };
  });
  return [...both, ...alone].sort(byAddress);
}

function ssdpOnly(answer: SsdpAnswer, location: { host: string; port: number } | undefined): DiscoveredDevice {
  return {
    model: answer.description?.modelName ?? null,
    serial: answer.description?.serialNumber ?? null,
    ipv4: location?.host ?? (isIpv4(answer.from) ? answer.from : null),
    httpPort: location?.port ?? null,
    commandPort: null,
    mac: null,
    activated: null,
    softwareVersion: null,
    foundBy: ["ssdp"],
    ssdp: ssdpPart(answer),
  };
}

function ssdpPart(answer: SsdpAnswer): DiscoveredDevice["ssdp"] {
  return { usn: answer.usn, location: answer.location ?? null, server: answer.server ?? null, friendlyName: answer.description?.friendlyName ?? null };
}

/** LOCATION's IPv4 host and port (80 when it names none); undefined for a name or junk. */
function locationOf(location: string | undefined): { host: string; port: number } | undefined {
  if (!location) return undefined;
  try {
    const url = new URL(location);
    return isIpv4(url.hostname) ? { host: url.hostname, port: url.port ? Number(url.port) : 80 } : undefined;
  } catch {
    return undefined;
  }
}

function byAddress(a: DiscoveredDevice, b: DiscoveredDevice): number {
  const ip = (d: DiscoveredDevice) => (d.ipv4 && isIpv4(d.ipv4) ? ipv4ToInt(d.ipv4) : Number.MAX_SAFE_INTEGER);
  return ip(a) - ip(b) || (a.mac ?? a.ssdp?.usn ?? "").localeCompare(b.mac ?? b.ssdp?.usn ?? "");
}
