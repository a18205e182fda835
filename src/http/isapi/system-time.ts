import type { Device } from "../../emulator/device.js";
import { isapiActor } from "./actor.js";
import { DeviceError } from "../../emulator/errors.js";
import type { NtpServer } from "../../emulator/time/time-settings.js";
import type { TimeChange } from "../../emulator/time/device-clock.js";
import { ANY_USER, type AuthPolicy, type Route } from "../router.js";
import { XML_CONTENT_TYPE, buildXml, parseXml, type XmlChildren } from "../xml.js";
import { okReply } from "./ok-reply.js";

const TIME = "/ISAPI/System/time";
const NTP_SERVERS = "/ISAPI/System/time/ntpServers";
const NTP_SERVER = "/ISAPI/System/time/ntpServers/1";

/** Time settings are parameters: Operators and the administrator change them, as the network (our choice, network.ts). */
const OPERATOR: AuthPolicy = { kind: "user", level: "Operator" };

/** A few hundred bytes in practice; 8 KiB leaves room for comments and whitespace. */
const MAX_BODY = 8 * 1024;

/**
 * `/ISAPI/System/time` and its NTP server (issue #10): the device's own clock
 * (emulator/time/device-clock.ts). Element names from public ISAPI client code and docs
 * (Time: timeMode, localTime, timeZone; NTPServer: id, addressingFormatType, hostName |
 * ipAddress, portNo, synchronizeInterval in minutes); no capture of these resources exists.
 * Never cached: the time moves on every read.
 */
export const systemTimeRoutes: Route[] = [
  { method: "GET", path: TIME, auth: ANY_USER, handler: ({ device }) => xmlReply(timeXml(device)) },
  {
    method: "PUT",
    path: TIME,
    auth: OPERATOR,
    maxBodyBytes: MAX_BODY,
    handler: async (context) => {
      await context.device.time.setTime(timeChange(context.body), isapiActor(context));
      return okReply(context.device, context.requestURL);
    },
  },
  { method: "GET", path: NTP_SERVERS, auth: ANY_USER, handler: ({ device }) => xmlReply(ntpServerListXml(device)) },
  {
    method: "PUT",
    path: NTP_SERVERS,
    auth: OPERATOR,
    maxBodyBytes: MAX_BODY,
    handler: async (context) => {
      const node = rootOf(context.body, "NTPServerList");
      const entries = node["NTPServer"];
      if (Array.isArray(entries)) throw new DeviceError("badParameters", "NTPServer: the device keeps one NTP server (id 1)");
      if (!isNode(entries)) throw new DeviceError("badXmlContent", "NTPServerList has no NTPServer");
      await context.device.time.setNtpServer(ntpServerFrom(entries, context.device), isapiActor(context));
      return okReply(context.device, context.requestURL);
    },
  },
  { method: "GET", path: NTP_SERVER, auth: ANY_USER, handler: ({ device }) => xmlReply(ntpServerXml(device)) },
  {
    method: "PUT",
    path: NTP_SERVER,
    auth: OPERATOR,
    maxBodyBytes: MAX_BODY,
    handler: async (context) => {
      await context.device.time.setNtpServer(ntpServerFrom(rootOf(context.body, "NTPServer"), context.device), isapiActor(context));
      return okReply(context.device, context.requestURL);
    },
  },
];


function xmlReply(body: string) {
  return { status: 200, contentType: XML_CONTENT_TYPE, body };
}

export function timeXml(device: Device): string {
  const { mode, timeZone } = device.time.settings;
  return buildXml({
    name: "Time",
    attributes: { version: "2.0", xmlns: device.profile.isapi.namespace },
    children: [
      ["timeMode", mode],
      ["localTime", device.time.isapiTime()],
      ["timeZone", timeZone],
    ],
  });
}

function ntpServerChildren(device: Device): XmlChildren {
  const { ntp } = device.time.settings;
  return [
    ["id", "1"],
    ["addressingFormatType", ntp.addressing],
    [ntp.addressing === "hostname" ? "hostName" : "ipAddress", ntp.host],
    ["portNo", String(ntp.port)],
    ["synchronizeInterval", String(ntp.intervalMinutes)],
  ];
}

export function ntpServerXml(device: Device): string {
  return buildXml({ name: "NTPServer", attributes: { version: "2.0", xmlns: device.profile.isapi.namespace }, children: ntpServerChildren(device) });
}

/** The list repeats version and xmlns on its entry, as camera firmware does on list entries (adminAccesses capture). */
export function ntpServerListXml(device: Device): string {
  const attributes = { version: "2.0", xmlns: device.profile.isapi.namespace };
  return buildXml({ name: "NTPServerList", attributes, children: [["NTPServer", { attributes, children: ntpServerChildren(device) }]] });
}

type XmlNode = Record<string, unknown>;

function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body's root element `name`: badXmlFormat when it is not XML, badXmlContent when the root is another. */
function rootOf(body: Buffer, name: string): XmlNode {
  const doc = parseXml(body.toString("utf8"));
  if (!doc) throw new DeviceError("badXmlFormat");
  const root = doc[name];
  if (!isNode(root)) throw new DeviceError("badXmlContent", `expected <${name}>`);
  return root;
}

/** A leaf's text; an element with children where text belongs is badXmlContent naming it. */
function text(node: XmlNode, name: string): string | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new DeviceError("badXmlContent", `${name} must be a single text value`);
  return value;
}

function timeChange(body: Buffer): TimeChange {
  const root = rootOf(body, "Time");
  const change: TimeChange = { mode: text(root, "timeMode"), timeZone: text(root, "timeZone"), localTime: text(root, "localTime") };
  if (change.mode === undefined && change.timeZone === undefined && change.localTime === undefined) throw new DeviceError("badXmlContent", "Time has none of timeMode, localTime, timeZone");
  return change;
}

/** A decimal number element (portNo, synchronizeInterval); badParameters naming it otherwise. */
function integer(node: XmlNode, name: string, current: number): number {
  const value = text(node, name);
  if (value === undefined) return current;
  if (!/^\d{1,6}$/.test(value)) throw new DeviceError("badParameters", `${name} "${value}" is not a number`);
  return Number(value);
}

/**
 * An `NTPServer` element as a whole server: elements left out keep their value; the host is
 * `hostName` or `ipAddress` as `addressingFormatType` says. Values are checked by the core.
 */
function ntpServerFrom(node: XmlNode, device: Device): NtpServer {
  const current = device.time.settings.ntp;
  const id = text(node, "id");
  if (id !== undefined && id !== "1") throw new DeviceError("badParameters", `id "${id}": the device keeps one NTP server (id 1)`);
  const addressing = (text(node, "addressingFormatType") ?? current.addressing) as NtpServer["addressing"];
  const hostElement = addressing === "ipaddress" ? "ipAddress" : "hostName";
  const given = text(node, hostElement);
  if (given === undefined && addressing !== current.addressing) throw new DeviceError("badXmlContent", `${hostElement} is missing for addressingFormatType ${addressing}`);
  return {
    addressing,
    host: given ?? current.host,
    port: integer(node, "portNo", current.port),
    intervalMinutes: integer(node, "synchronizeInterval", current.intervalMinutes),
  };
}
