import { udpSearch, type SearchDestinations } from "./udp-search.js";
import { fetchDescription, type DeviceDescription } from "./upnp-description.js";
import { inBatches } from "../../util/in-batches.js";

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

/**
 * Searches, then (unless told not to) reads each device's description, a few at a time. MX is
 * the search's own timeout in whole seconds, 1 to 5, so devices spread their answers over the
 * time we listen.
 */
export async function ssdpSearch(options: SsdpSearchOptions): Promise<SsdpAnswer[]> {
  const port = options.port ?? SSDP_PORT;
  const st = options.st ?? "upnp:rootdevice";
  const mx = Math.min(5, Math.max(1, Math.floor(options.timeoutMs / 1000)));
  const found = new Map<string, { usn: string; location: string | undefined; server: string | undefined; st: string[]; from: string }>();
  await udpSearch({
    ...options,
    group: SSDP_GROUP,
    port,
    request: mSearch(st, mx, `${SSDP_GROUP}:${port}`),
    onReply: (data, from) => {
      const headers = parseSearchResponse(data);
      const usn = headers?.get("usn");
      if (!headers || !usn) return;
      // USN is `uuid:DEVICE-UUID` or `uuid:DEVICE-UUID::TYPE` (UPnP 1.0 §1.1.4): one device, many USNs.
      const udn = usn.split("::")[0] as string;
      const seen = found.get(udn);
      const target = headers.get("st") ?? "";
      if (seen) {
        if (!seen.st.includes(target)) seen.st.push(target);
        return;
      }
      found.set(udn, { usn, location: headers.get("location"), server: headers.get("server"), st: [target], from: from.address });
    },
  });
  const entries = [...found.entries()];
  return inBatches(entries, 16, async ([udn, seen]) => ({
    udn,
    ...seen,
    description: options.describe === false || !seen.location ? undefined : await fetchDescription(seen.location, seen.from, options.descriptionTimeoutMs ?? 2000),
  }));
}
