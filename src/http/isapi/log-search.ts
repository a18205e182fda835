import type { Device } from "../../emulator/device.js";
import { DeviceError } from "../../emulator/errors.js";
import type { LogQuery, LogTypeFilter, TimeSpan } from "../../emulator/device-log/device-log.js";
import type { LogEntry } from "../../emulator/device-log/log-entry.js";
import { majorOf, metaMajor } from "../../emulator/device-log/log-types.js";
import type { Route } from "../router.js";
import { XML_CONTENT_TYPE, buildXml, parseXml, textAt, type XmlChildren } from "../xml.js";

const PATH = "/ISAPI/ContentMgmt/logSearch";
const ROOT = "CMSearchDescription";

/**
 * Most entries one reply carries; a larger maxResults gets this many and `MORE`. A public note
 * on a recorder saw at most 2000 answered to one search; ours is the same bound.
 */
export const MAX_RESULTS = 2000;

/** The metaId domains clients write for the log: `log.std-cgi.com` (the web UI) and `log.hikvision.com` (what replies carry). */
const LOG_DOMAINS = new Set(["log.std-cgi.com", "log.hikvision.com"]);

/**
 * The device log search (issue #10), as the web UI's Maintenance → Log page and scripts call it:
 * POST a CMSearchDescription, get a CMSearchResult page. Element names from public client code
 * that parses real replies (e.g. `<logDescriptor><metaId>log.hikvision.com/Operation/remoteDisArm`
 * `</metaId><StartDateTime>…Z</StartDateTime><paraType></paraType><userName>admin</userName>`
 * `<ipAddress>…</ipAddress>`, CMSearchResult version 1.0 in the hikvision.com ver20 namespace)
 * and the ISAPI developer guide (`POST /ISAPI/ContentMgmt/logSearch`: XML_CMSearchDescription →
 * XML_CMSearchResult). No capture of the default fleet's models is at hand, so which user level
 * may search is our choice: Operator and up (the web UI's user permission "Log Search" is an
 * Operator right; GUESS that firmware holds Viewers out).
 */
export const logSearchRoutes: Route[] = [
  {
    method: "POST",
    path: PATH,
    auth: { kind: "user", level: "Operator" },
    maxBodyBytes: 16 * 1024,
    handler: ({ device, body }) => {
      const offset = zoneOffsetMinutes(device);
      const request = parseLogSearch(body.toString("utf8"), offset);
      const page = device.deviceLog.search(request.query);
      return { status: 200, contentType: XML_CONTENT_TYPE, body: logSearchResultXml(device, request.searchID, request.query.position, page, offset) };
    },
  },
];

export interface LogSearchRequest {
  readonly searchID: string;
  readonly query: LogQuery;
}

/** The device's offset from UTC in minutes (its time zone), for the times a search names and a reply shows. */
export function zoneOffsetMinutes(device: Device): number {
  return device.time.offsetMinutes;
}

/**
 * A CMSearchDescription. Required: `searchID` and `maxResults` (1 or more; more than MAX_RESULTS
 * answers MAX_RESULTS). Optional: `searchResultPostion` — Hikvision's spelling, which clients
 * copy; the correctly spelt element is unknown to the device and ignored, as unknown elements
 * are (GUESS; one public note saw a recorder refuse it in the recording search) — default 0;
 * `timeSpanList` (any number of `timeSpan` with `startTime` and `endTime`; none: any time);
 * the log types as `metaId` (the web UI's form) or `metadataList/metadataDescriptor`, each
 * `log.std-cgi.com[/Major[/minor[/channel]]]` with an optional trailing `/*` (none: every type).
 * Each bad value is badXmlContent naming its element; nothing is searched.
 */
export function parseLogSearch(text: string, offsetMinutes: number): LogSearchRequest {
  const doc = parseXml(text);
  if (!doc) throw new DeviceError("badXmlFormat");
  const root = doc[ROOT];
  if (root === undefined || typeof root !== "object" || Array.isArray(root)) throw new DeviceError("badXmlContent", `${ROOT} is missing`);
  const field = (name: string) => textAt(doc, ROOT, name);
  const searchID = field("searchID");
  if (searchID === undefined || searchID === "" || searchID.length > 64) throw new DeviceError("badXmlContent", "searchID is missing or longer than 64 characters");
  const max = wholeNumber("maxResults", field("maxResults"));
  if (max === undefined || max < 1) throw new DeviceError("badXmlContent", "maxResults must be a whole number of 1 or more");
  const position = wholeNumber("searchResultPostion", field("searchResultPostion")) ?? 0;
  const spans = timeSpans(root as Record<string, unknown>, offsetMinutes);
  const types = [...listOf((root as Record<string, unknown>)["metaId"], "metaId"), ...descriptors(root as Record<string, unknown>)].flatMap((text) => typeFilter(text));
  return { searchID, query: { spans, types: types.some((t) => t === ALL) ? [] : (types as LogTypeFilter[]), position, max: Math.min(max, MAX_RESULTS) } };
}

/** A metaId that asks for every type. */
const ALL = Symbol("all");

function typeFilter(text: { readonly element: string; readonly value: string }): (LogTypeFilter | typeof ALL)[] {
  const { element, value } = text;
  const parts = value.replace(/^\/\//, "").split("/");
  const bad = () => new DeviceError("badXmlContent", `${element} "${value}" is not a log type (log.std-cgi.com[/Major[/minor]])`);
  const domain = parts.shift();
  if (domain === undefined || !LOG_DOMAINS.has(domain.toLowerCase())) throw bad();
  if (parts.at(-1) === "*" || parts.at(-1) === "") parts.pop();
  if (parts.length === 0) return [ALL];
  if (parts.length > 3) throw bad();
  const major = majorOf(parts[0] as string);
  if (major === undefined) throw bad();
  const [, minor, channel] = parts;
  if (channel !== undefined && !/^\d{1,4}$/.test(channel)) throw bad();
  return [{ major, ...(minor === undefined || minor === "*" ? {} : { minor }), ...(channel === undefined ? {} : { channel: Number(channel) }) }];
}

function descriptors(root: Record<string, unknown>): { readonly element: string; readonly value: string }[] {
  const list = root["metadataList"];
  if (list === undefined || list === "") return [];
  if (typeof list !== "object" || Array.isArray(list)) throw new DeviceError("badXmlContent", "metadataList holds metadataDescriptor elements");
  return listOf((list as Record<string, unknown>)["metadataDescriptor"], "metadataDescriptor");
}

/** The text values of an element that may repeat; any non-text occurrence is badXmlContent. */
function listOf(node: unknown, element: string): { readonly element: string; readonly value: string }[] {
  if (node === undefined) return [];
  const items = Array.isArray(node) ? (node as unknown[]) : [node];
  return items.map((item) => {
    if (typeof item !== "string" || item === "") throw new DeviceError("badXmlContent", `${element} must be a log type`);
    return { element, value: item };
  });
}

function timeSpans(root: Record<string, unknown>, offsetMinutes: number): TimeSpan[] {
  const list = root["timeSpanList"];
  if (list === undefined || list === "") return [];
  if (typeof list !== "object" || Array.isArray(list)) throw new DeviceError("badXmlContent", "timeSpanList holds timeSpan elements");
  const node = (list as Record<string, unknown>)["timeSpan"];
  const items = node === undefined ? [] : Array.isArray(node) ? (node as unknown[]) : [node];
  return items.map((item) => {
    if (typeof item !== "object" || item === null) throw new DeviceError("badXmlContent", "timeSpan holds startTime and endTime");
    const span = item as Record<string, unknown>;
    const from = searchTime("startTime", span["startTime"], offsetMinutes);
    const to = searchTime("endTime", span["endTime"], offsetMinutes);
    if (to < from) throw new DeviceError("badXmlContent", "endTime is before startTime");
    return { from, to };
  });
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})?$/;

/** `2024-05-01T12:00:00` with `Z`, `+08:00` or `+0800`, or none (the device's own zone). */
function searchTime(element: string, value: unknown, offsetMinutes: number): number {
  const m = typeof value === "string" ? TIME.exec(value) : null;
  if (!m) throw new DeviceError("badXmlContent", `${element} must be a time like 2024-05-01T12:00:00Z`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) throw new DeviceError("badXmlContent", `${element} "${value as string}" is not a valid time`);
  const zone = m[7];
  const offset = zone === undefined ? offsetMinutes : zone === "Z" ? 0 : zoneMinutes(zone);
  return wall - offset * 60_000;
}

function zoneMinutes(zone: string): number {
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

function wholeNumber(element: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw new DeviceError("badXmlContent", `${element} must be a whole number`);
  return Number(text);
}

/**
 * CMSearchResult: `OK` when this page reaches the last match, `MORE` when matches follow it,
 * `NO MATCHES` (with no matchList) when the page is empty; responseStatus is `true` in all three
 * (public client code and test fixtures of real replies). searchID comes back as the devices
 * return GUIDs, lower case in braces (`{88c2cd4d-…}` for `88C2CD4D-…`); other ids as sent (GUESS).
 */
export function logSearchResultXml(device: Device, searchID: string, position: number, page: { readonly total: number; readonly entries: readonly LogEntry[] }, offsetMinutes: number): string {
  const { namespace } = device.profile.isapi;
  const returned = page.entries.length;
  const status = returned === 0 ? "NO MATCHES" : position + returned < page.total ? "MORE" : "OK";
  const children: XmlChildren = [
    ["searchID", replySearchId(searchID)],
    ["responseStatus", "true"],
    ["responseStatusStrg", status],
    ["numOfMatches", String(returned)],
    ...(device.profile.deviceLog.totalMatches ? ([["totalMatches", String(page.total)]] as const) : []),
    ...(returned === 0 ? [] : ([["matchList", page.entries.map((entry) => ["searchMatchItem", [["logDescriptor", logDescriptor(entry, offsetMinutes)]]] as const)]] as const)),
  ];
  // The hikvision.com namespace's replies say version 1.0, the isapi.org one's 2.0 (the captures of client code above).
  return buildXml({ name: "CMSearchResult", attributes: { version: namespace.includes("isapi.org") ? "2.0" : "1.0", xmlns: namespace }, children });
}

function logDescriptor(entry: LogEntry, offsetMinutes: number): XmlChildren {
  const channel = entry.channel === undefined ? "" : `/${entry.channel}`;
  return [
    ["metaId", `log.hikvision.com/${metaMajor(entry.major)}/${entry.minor}${channel}`],
    ["StartDateTime", logTime(entry.time, offsetMinutes)],
    ["paraType", entry.paraType ?? ""],
    ...(entry.userName === undefined ? [] : ([["userName", entry.userName]] as const)),
    ...(entry.peer === undefined ? [] : ([["ipAddress", entry.peer]] as const)),
    ...(entry.channel === undefined ? [] : ([["channelNumber", String(entry.channel)]] as const)),
    ...(entry.detail === undefined ? [] : ([["additionInformation", entry.detail]] as const)),
  ];
}

/** The device's wall clock in its zone: `2023-05-01T12:50:38Z` in UTC (as a real reply shows it), else with `+08:00`. */
export function logTime(epochMs: number, offsetMinutes: number): string {
  const wall = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${wall}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${wall}${offsetMinutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

function replySearchId(searchID: string): string {
  const m = GUID.exec(searchID);
  return m ? `{${(m[1] as string).toLowerCase()}}` : searchID;
}
