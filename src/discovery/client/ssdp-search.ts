import { MAX_ANSWERS, udpSearch, type SearchDestinations } from "./udp-search.js";
import { fetchDescription, type DeviceDescription } from "./upnp-description.js";

import { SSDP_GROUP, SSDP_PORT } from "../ssdp/constants.js";

export { SSDP_GROUP, SSDP_PORT };

/** One UPnP root device that answered an M-SEARCH (hik-protocols.md §3: generic UPnP, unverified on Hikvision). */
export interface SsdpAnswer {
  /** `uuid:…` from the USN: the key answers are merged on. */
  readonly udn: string;
  readonly usn: string;
  readonly location: string | undefined;
  readonly server: string | undefined;
  /** The search targets this device answered with (one response each). */
  readonly st: readonly string[];
  /** Where the response came from. */
  readonly from: string;
  /** The device description at LOCATION, when fetched and readable. */
  readonly description: DeviceDescription | undefined;
}

export interface SsdpSearchOptions extends SearchDestinations {
  readonly port?: number;
  readonly timeoutMs: number;
  /** Search target (default `upnp:rootdevice`: one response per root device). */
  readonly st?: string;
  /** Fetch each LOCATION's description for modelName and serialNumber (default true). */
  readonly describe?: boolean;
  readonly descriptionTimeoutMs?: number;
  /** Distinct devices kept (default MAX_ANSWERS); later ones are ignored. */
  readonly maxAnswers?: number;
}

/**
 * `M-SEARCH * HTTP/1.1` as UPnP 1.0 §1.2.2 writes it: HOST, MAN "ssdp:discover" (quoted), MX
 * (seconds a device may wait before answering, 1–5), ST. Devices answer the sender with
 * `HTTP/1.1 200 OK`, LOCATION, USN, ST, SERVER (§1.2.3).
 */
export function mSearch(st: string, mx: number, host = `${SSDP_GROUP}:${SSDP_PORT}`): Buffer {
  return Buffer.from(`M-SEARCH * HTTP/1.1\r\nHOST: ${host}\r\nMAN: "ssdp:discover"\r\nMX: ${mx}\r\nST: ${st}\r\n\r\n`, "latin1");
}

/** A 200 OK search response's headers, names in lower case; undefined for anything else (NOTIFY, junk). */
export function parseSearchResponse(data: Buffer): Map<string, string> | undefined {
  if (data.length > 8192) return undefined;
  const lines = data.toString("latin1").split(/\r?\n/);
  if (!/^HTTP\/1\.[01] 200\b/.test(lines[0] ?? "")) return undefined;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** What a search heard from one device, before its description is read. */
export type SsdpFound = Omit<SsdpAnswer, "description">;

/** Distinct search targets kept per device: a root device answers with a handful (UPnP 1.0 §1.2.3). */
const MAX_TARGETS_PER_DEVICE = 16;

/**
 * MX, the seconds a device may wait before answering (1–5, UPnP 1.0 §1.2.2): a second less than
 * we listen, so the last answers still arrive in time.
 */
export function searchMx(timeoutMs: number): number {
  return Math.min(5, Math.max(1, Math.floor(timeoutMs / 1000) - 1));
}

/** Sends the M-SEARCH and collects one entry per device UUID (at most `maxAnswers` of them). */
export async function ssdpFind(options: Omit<SsdpSearchOptions, "describe" | "descriptionTimeoutMs">): Promise<SsdpFound[]> {
  const port = options.port ?? SSDP_PORT;
  const st = options.st ?? "upnp:rootdevice";
  const maxAnswers = options.maxAnswers ?? MAX_ANSWERS;
  const found = new Map<string, { usn: string; location: string | undefined; server: string | undefined; st: string[]; from: string }>();
  await udpSearch({
    ...options,
    group: SSDP_GROUP,
    port,
    request: mSearch(st, searchMx(options.timeoutMs), `${SSDP_GROUP}:${port}`),
    onReply: (data, from) => {
      const headers = parseSearchResponse(data);
      const usn = headers?.get("usn");
      if (!headers || !usn) return;
      // USN is `uuid:DEVICE-UUID` or `uuid:DEVICE-UUID::TYPE` (UPnP 1.0 §1.1.4): one device, many USNs.
      const udn = usn.split("::")[0] as string;
      const seen = found.get(udn);
      const target = headers.get("st") ?? "";
      if (seen) {
        if (!seen.st.includes(target) && seen.st.length < MAX_TARGETS_PER_DEVICE) seen.st.push(target);
        return;
      }
      if (found.size >= maxAnswers) return;
      found.set(udn, { usn, location: headers.get("location"), server: headers.get("server"), st: [target], from: from.address });
    },
  });
  return [...found.entries()].map(([udn, seen]) => ({ udn, ...seen }));
}

export interface DescribeOptions {
  /** Per description (default 2 s). */
  readonly timeoutMs?: number;
  /** The whole phase (default DESCRIBE_BUDGET_MS); devices not reached by then go undescribed. */
  readonly budgetMs?: number;
  /** By answering host: the IPv4Address values SADP ProbeMatches from that host reported (see mayFollowLocation). */
  readonly vouched?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Descriptions read at once. */
const DESCRIBE_CONCURRENCY = 16;
/** The describe phase after a search lasts at most this long, however many devices answered. */
export const DESCRIBE_BUDGET_MS = 5000;

/** Less time than this left in the budget: a description is not worth starting. */
const MIN_DESCRIBE_MS = 50;

/**
 * Reads each found device's description, DESCRIBE_CONCURRENCY at a time, until the budget is
 * spent; `skipped` counts the devices whose turn came too late (their description undefined).
 */
export async function describeAnswers(found: readonly SsdpFound[], options: DescribeOptions = {}): Promise<{ answers: SsdpAnswer[]; skipped: number }> {
  const deadline = performance.now() + (options.budgetMs ?? DESCRIBE_BUDGET_MS);
  const perDescription = options.timeoutMs ?? 2000;
  const answers: SsdpAnswer[] = found.map((f) => ({ ...f, description: undefined }));
  let next = 0;
  let skipped = 0;
  const worker = async () => {
    while (next < found.length) {
      const index = next++;
      const seen = found[index] as SsdpFound;
      if (!seen.location) continue;
      const left = deadline - performance.now();
      // A turn with almost nothing left could not read a description; it counts as skipped
      // (timers round fractional milliseconds down, so one may fire just before the deadline).
      if (left < MIN_DESCRIBE_MS) {
        skipped++;
        continue;
      }
      const description = await fetchDescription(seen.location, seen.from, Math.min(perDescription, left), options.vouched?.get(seen.from));
      answers[index] = { ...seen, description };
    }
  };
  await Promise.all(Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, found.length) }, worker));
  return { answers, skipped };
}

/** Searches, then (unless told not to) reads each device's description. */
export async function ssdpSearch(options: SsdpSearchOptions): Promise<SsdpAnswer[]> {
  const found = await ssdpFind(options);
  if (options.describe === false) return found.map((f) => ({ ...f, description: undefined }));
  return (await describeAnswers(found, { timeoutMs: options.descriptionTimeoutMs })).answers;
}
