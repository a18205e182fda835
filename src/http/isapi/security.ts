import type { Device } from "../../emulator/device.js";
import { isapiActor } from "./actor.js";
import type { ProtocolChange } from "../../emulator/admin-accesses.js";
import { DeviceError, catalogEntry } from "../../emulator/errors.js";
import { protocolEntry } from "../../emulator/ports.js";
import { ADMINISTRATOR, ANY_USER, type Reply, type RequestContext, type Route } from "../router.js";
import { XML_CONTENT_TYPE, buildXml, parseXml, responseStatusXml, type XmlChildren } from "../xml.js";
import { xmlResource } from "./xml-resource.js";

const LIST = "/ISAPI/Security/adminAccesses";
const ONE = `${LIST}/<id>`;
/** A full list of a dozen protocols is about 2 KiB; 16 KiB leaves room for whitespace and comments. */
const MAX_BODY = 16 * 1024;

/**
 * `/ISAPI/Security/adminAccesses` and `/ISAPI/Security/adminAccesses/<id>` (hik-protocols.md
 * §2.7; the per-protocol resource is in the ISAPI guide, "Get or set access parameters of one
 * protocol"). GET: any user, as before; PUT: the administrator (our choice: a port change can
 * cut every client off). A PUT is validated whole (admin-accesses.ts) and takes effect at the
 * next boot: the reply is statusCode 7 Reboot Required when flash changed (UNCERTAIN: §2.9 has
 * the status, no capture shows the reply to this PUT), 1 OK when the PUT repeated what the
 * device has.
 */
export const securityRoutes: Route[] = [
  xmlResource(LIST, adminAccessesXml),
  { method: "PUT", path: LIST, auth: ADMINISTRATOR, maxBodyBytes: MAX_BODY, handler: (context) => put(context, listChanges(context.body)) },
  {
    method: "GET",
    path: ONE,
    auth: ANY_USER,
    handler: ({ device, params, cache }) => {
      const id = knownId(device, params["id"] ?? "");
      return cache.reply(device, `${LIST}/${id}`, () => ({ status: 200, contentType: XML_CONTENT_TYPE, body: adminAccessXml(device, id) }));
    },
  },
  {
    method: "PUT",
    path: ONE,
    auth: ADMINISTRATOR,
    maxBodyBytes: MAX_BODY,
    handler: (context) => put(context, [oneChange(context.body, knownId(context.device, context.params["id"] ?? ""))]),
  },
];

async function put({ device, requestURL, user, request }: RequestContext, changes: readonly ProtocolChange[]): Promise<Reply> {
  const changed = await device.ports.change(changes, isapiActor({ user, request }));
  const entry = catalogEntry(changed ? "rebootRequired" : "ok");
  return { status: entry.httpStatus, contentType: XML_CONTENT_TYPE, body: responseStatusXml(requestURL, entry, device.profile.isapi.namespace) };
}

/**
 * AdminAccessProtocolList as the profile's capture has it (element names, order, and the
 * cameras' per-entry version/xmlns), with the values of flash; HTTP and HTTPS ports the device
 * never set show the ports hikemu serves them on (issue #2).
 */
export function adminAccessesXml(device: Device): string {
  const { isapi, adminAccesses } = device.profile;
  const attributes = { version: "2.0", xmlns: isapi.namespace };
  const entries: XmlChildren = adminAccesses.protocols.map((fields) => {
    const children = entryChildren(device, fields);
    return ["AdminAccessProtocol", adminAccesses.entryAttributes ? { attributes, children } : children] as const;
  });
  return buildXml({ name: "AdminAccessProtocolList", attributes, children: entries });
}

/** One AdminAccessProtocol, a document of its own (version and namespace on its root). */
export function adminAccessXml(device: Device, id: string): string {
  const fields = capturedEntry(device, id) ?? [];
  return buildXml({ name: "AdminAccessProtocol", attributes: { version: "2.0", xmlns: device.profile.isapi.namespace }, children: entryChildren(device, fields) });
}

function entryChildren(device: Device, fields: readonly (readonly [string, string])[]): XmlChildren {
  const protocol = fields.find(([k]) => k === "protocol")?.[1] ?? "";
  const entry = protocolEntry(device.ports.configured, protocol);
  if (!entry) return fields;
  return fields.map(([k, v]) => {
    if (k === "enabled") return [k, String(entry.enabled)] as const;
    if (k === "portNo") return [k, String(device.ports.shownPort(entry) ?? v)] as const;
    const option = entry.options[k];
    return [k, option === undefined ? v : String(option)] as const;
  });
}

function capturedEntry(device: Device, id: string): readonly (readonly [string, string])[] | undefined {
  return device.profile.adminAccesses.protocols.find((fields) => fields.some(([k, v]) => k === "id" && v === id));
}

/** A path id of one of the model's protocols; others are 404 like any unknown resource. */
function knownId(device: Device, id: string): string {
  if (!capturedEntry(device, id)) throw new DeviceError("notFound", `no protocol ${id}`);
  return id;
}

/** `<AdminAccessProtocolList>` with one or more `<AdminAccessProtocol>`; each names its `id`. */
export function listChanges(body: Buffer): ProtocolChange[] {
  const doc = parseXml(body.toString("utf8"));
  if (!doc) throw new DeviceError("badXmlFormat");
  const list = doc["AdminAccessProtocolList"];
  if (!isRecord(list)) throw new DeviceError("badXmlContent", "AdminAccessProtocolList is missing");
  const items = list["AdminAccessProtocol"];
  if (items === undefined) throw new DeviceError("badXmlContent", "AdminAccessProtocol is missing");
  return (Array.isArray(items) ? items : [items]).map((item) => protocolChange(item, undefined));
}

/** `<AdminAccessProtocol>` for the path's id; an `id` in the body must be the same. */
export function oneChange(body: Buffer, id: string): ProtocolChange {
  const doc = parseXml(body.toString("utf8"));
  if (!doc) throw new DeviceError("badXmlFormat");
  const item = doc["AdminAccessProtocol"];
  if (!isRecord(item)) throw new DeviceError("badXmlContent", "AdminAccessProtocol is missing");
  return protocolChange(item, id);
}

function protocolChange(item: unknown, pathId: string | undefined): ProtocolChange {
  if (!isRecord(item)) throw new DeviceError("badXmlContent", "AdminAccessProtocol must have children");
  const text = (name: string): string | undefined => {
    const value = item[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw new DeviceError("badXmlContent", `${name} must be a single value`);
    return value;
  };
  const idText = text("id") ?? pathId;
  if (idText === undefined) throw new DeviceError("badXmlContent", "AdminAccessProtocol/id is missing");
  if (!/^\d{1,4}$/.test(idText)) throw new DeviceError("badXmlContent", `id "${idText}" is not a protocol id`);
  if (pathId !== undefined && idText !== pathId) throw new DeviceError("badXmlContent", `id ${idText} is not the ${pathId} of the path`);
  const options: Record<string, string> = {};
  for (const name of Object.keys(item)) {
    if (name === "id" || name === "protocol" || name === "enabled" || name === "portNo") continue;
    // Elements with children are none of the yes/no options: ignored like unknown elements.
    const value = item[name];
    if (typeof value === "string") options[name] = value;
  }
  return { id: Number(idText), protocol: text("protocol"), enabled: text("enabled"), portNo: text("portNo"), options };
}

function isRecord(node: unknown): node is Record<string, unknown> {
  return typeof node === "object" && node !== null && !Array.isArray(node);
}
