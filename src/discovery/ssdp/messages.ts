import type { Device } from "../../emulator/device.js";
import { encodeOkResponse, encodeRequest, parseMessage } from "./node-ssdp-message.js";
import { DEVICE_TYPE, MAX_AGE_SECONDS, ROOT_DEVICE, descriptionUrl, serverHeader, targets, udn } from "./upnp-device.js";
import type { Ipv4Prefix } from "../../util/ipv4.js";
import { SSDP_GROUP } from "./constants.js";

/** An M-SEARCH as hikemu acts on it. */
export interface SsdpSearch {
  /** The search target, quotes removed. */
  readonly st: string;
  /**
   * Seconds the client waits, 1 to 5 (above 5 counts as 5, UDA 1.1 §1.3.2), on a multicast
   * search; undefined on a unicast one (UDA 1.1 §1.3.3), which is answered at once.
   */
  readonly mx: number | undefined;
}

export const SSDP_ALL = "ssdp:all";
export type NotifyKind = "alive" | "byebye";

/** M-SEARCH requests are a few hundred bytes; anything past this is not one. */
export const MAX_SEARCH_BYTES = 4096;
const MAX_MX = 5;
const M_SEARCH = Buffer.from("M-SEARCH ", "latin1");

/** Cheap first look, before any rate limit or parse: only M-SEARCH requests interest a device. */
export function mayBeSearch(data: Buffer): boolean {
  return data.length >= M_SEARCH.length && data.length <= MAX_SEARCH_BYTES && data.subarray(0, M_SEARCH.length).toString("latin1").toUpperCase() === "M-SEARCH ";
}

/**
 * A valid M-SEARCH (UDA 1.0 §1.2.2): `M-SEARCH * HTTP/1.1`, a HOST, MAN `"ssdp:discover"`, an
 * ST; undefined for anything else. Never throws. HOST tells the two kinds apart: the group
 * (any port) is a multicast search, which must carry an MX of 1 or more whole seconds (UDA 1.0
 * §1.2.2); any other host (ours) a unicast one (UDA 1.1 §1.3.3), whose MX, if any, is ignored.
 */
export function decodeSearch(data: Buffer): SsdpSearch | undefined {
  if (!mayBeSearch(data)) return undefined;
  const text = data.toString("latin1");
  if (!/^M-SEARCH \* HTTP\/1\.[01]\r\n/i.test(text)) return undefined;
  const { method, headers } = parseMessage(text);
  if (method !== "m-search") return undefined;
  if (unquote(headers["MAN"] ?? "") !== "ssdp:discover") return undefined;
  const st = unquote(headers["ST"] ?? "");
  if (st === "") return undefined;
  const host = (headers["HOST"] ?? "").trim();
  if (host === "") return undefined;
  if (!isGroupHost(host)) return { st, mx: undefined };
  const mxText = (headers["MX"] ?? "").trim();
  if (!/^\d{1,6}$/.test(mxText) || Number(mxText) < 1) return undefined;
  return { st, mx: Math.min(MAX_MX, Number(mxText)) };
}

/** `239.255.255.250` or `239.255.255.250:port`. */
function isGroupHost(host: string): boolean {
  return host === SSDP_GROUP || host.startsWith(`${SSDP_GROUP}:`);
}

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** One answer to a search: the ST to echo and the USN. */
export interface SearchAnswer {
  readonly st: string;
  readonly usn: string;
}

/**
 * What a device answers to a search target (UDA 1.0 §1.2.3): every target for ssdp:all, the
 * matching one for upnp:rootdevice, its uuid (compared without regard to case) or its device
 * type; nothing otherwise.
 */
export function answersTo(device: Device, st: string): readonly SearchAnswer[] {
  if (st === SSDP_ALL) return targets(device).map((t) => ({ st: t.nt, usn: t.usn }));
  if (st === ROOT_DEVICE || st === DEVICE_TYPE) return targets(device).flatMap((t) => (t.nt === st ? [{ st, usn: t.usn }] : []));
  const id = udn(device);
  return st.toLowerCase() === id.toLowerCase() ? [{ st, usn: id }] : [];
}

/** The 200 OK to an M-SEARCH (UDA 1.0 §1.2.3); DATE is the device's clock. */
export function encodeSearchResponse(device: Device, answer: SearchAnswer, date: string, advertise?: Ipv4Prefix): Buffer {
  return encodeOkResponse({
    "CACHE-CONTROL": `max-age=${MAX_AGE_SECONDS}`,
    DATE: date,
    EXT: "",
    LOCATION: descriptionUrl(device, advertise),
    SERVER: serverHeader(device),
    ST: answer.st,
    USN: answer.usn,
  });
}

/** NOTIFY ssdp:alive / ssdp:byebye for one target (UDA 1.0 §1.1.2, §1.1.3); byebye carries no LOCATION. */
export function encodeNotify(device: Device, target: { readonly nt: string; readonly usn: string }, kind: NotifyKind, host: string, advertise?: Ipv4Prefix): Buffer {
  if (kind === "byebye") return encodeRequest("NOTIFY", { HOST: host, NT: target.nt, NTS: "ssdp:byebye", USN: target.usn });
  return encodeRequest("NOTIFY", {
    HOST: host,
    "CACHE-CONTROL": `max-age=${MAX_AGE_SECONDS}`,
    LOCATION: descriptionUrl(device, advertise),
    NT: target.nt,
    NTS: "ssdp:alive",
    SERVER: serverHeader(device),
    USN: target.usn,
  });
}
