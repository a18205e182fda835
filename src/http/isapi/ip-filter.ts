import type { Device } from "../../emulator/device.js";
import { DeviceError } from "../../emulator/errors.js";
import type { IpFilterRule, IpFilterSettings } from "../../emulator/state.js";
import { ADMINISTRATOR, type Route } from "../router.js";
import { buildXml, parseXml, textAt, type XmlChildren } from "../xml.js";
import { okReply } from "./ok-reply.js";
import { xmlResource } from "./xml-resource.js";
import { isapiActor } from "./actor.js";

const PATH = "/ISAPI/System/Network/ipFilter";

/**
 * `/ISAPI/System/Network/ipFilter` (issue #9): the allow/deny list every front of the device
 * enforces (security/ip-filter.ts). Administrators only, on every model (each captured
 * System/capabilities that names it says `isSupportIPFilter` true).
 *
 * The document shape is LIKELY, from the Hikvision ISAPI guide's `IPFilter` as integrations
 * quote it; UNCERTAIN: no capture of it is on file (hik-protocols.md has no section on it).
 * <IPFilter><enabled/><permissionType>allow|deny</permissionType><IPFilterItemList>
 *   <IPFilterItem><id/><addressFilterType>specific|range</addressFilterType>
 *     <ipAddress/> | <AddressRange><startIPAddress/><endIPAddress/></AddressRange>
 * </IPFilterItem>…</IPFilterItemList></IPFilter>
 *
 * A PUT that locks its own sender out is answered all the same: the filter is checked when a
 * request arrives (fleet-handler.ts), so this reply, written after the change, still goes out;
 * the sender's next request (even on the same kept-alive connection) finds the door shut.
 */
export const ipFilterRoutes: Route[] = [
  xmlResource(PATH, ipFilterXml, { auth: ADMINISTRATOR }),
  {
    method: "PUT",
    path: PATH,
    auth: ADMINISTRATOR,
    handler: async (context) => {
      const { device, body, requestURL } = context;
      await device.security.setIpFilter(ipFilterFromXml(body.toString("utf8"), device.security.current.ipFilter), "isapi", isapiActor(context));
      return okReply(device, requestURL);
    },
  },
];

export function ipFilterXml(device: Device): string {
  const { ipFilter } = device.security.current;
  const items: XmlChildren = ipFilter.rules.map((rule) => ["IPFilterItem", itemChildren(rule)] as const);
  return buildXml({
    name: "IPFilter",
    attributes: { version: "2.0", xmlns: device.profile.isapi.namespace },
    children: [
      ["enabled", String(ipFilter.enabled)],
      ["permissionType", ipFilter.permission],
      ["IPFilterItemList", items],
    ],
  });
}

function itemChildren(rule: IpFilterRule): XmlChildren {
  if (rule.kind === "specific") return [["id", String(rule.id)], ["addressFilterType", "specific"], ["ipAddress", rule.address]];
  return [
    ["id", String(rule.id)],
    ["addressFilterType", "range"],
    ["AddressRange", [["startIPAddress", rule.start], ["endIPAddress", rule.end]]],
  ];
}

/**
 * A PUT body → the settings to validate (security-settings.ts checks ids, addresses, ranges and
 * the count). Not XML: badXmlFormat; a required element missing: badXmlContent; a value out of
 * its set: badParameters. Our choice: a body without `permissionType` or `IPFilterItemList` keeps
 * what the device has (a client toggling `enabled` alone does not wipe the list); an empty list
 * clears it.
 */
export function ipFilterFromXml(text: string, current: IpFilterSettings): IpFilterSettings {
  const doc = parseXml(text);
  if (!doc) throw new DeviceError("badXmlFormat");
  if (!isRecord(doc.IPFilter)) throw new DeviceError("badXmlContent", "IPFilter is missing");
  const enabled = textAt(doc, "IPFilter", "enabled");
  if (enabled === undefined) throw new DeviceError("badXmlContent", "IPFilter/enabled is missing");
  if (enabled !== "true" && enabled !== "false") throw new DeviceError("badParameters", "enabled must be true or false");
  const permission = textAt(doc, "IPFilter", "permissionType") ?? current.permission;
  if (permission !== "allow" && permission !== "deny") throw new DeviceError("badParameters", "permissionType must be allow or deny");
  const list = doc.IPFilter.IPFilterItemList;
  const rules = list === undefined ? current.rules : listOf(isRecord(list) ? list.IPFilterItem : undefined).map(ruleFromXml);
  return { enabled: enabled === "true", permission, rules };
}

/** fast-xml-parser gives one element as an object, several as an array, an empty list as "". */
function listOf(node: unknown): unknown[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

function ruleFromXml(node: unknown): IpFilterRule {
  if (!isRecord(node)) throw new DeviceError("badXmlContent", "IPFilterItem must have children");
  const idText = textAt(node, "id");
  if (idText === undefined) throw new DeviceError("badXmlContent", "IPFilterItem/id is missing");
  // Not a plain decimal: NaN, which the core refuses as badParameters.
  const id = /^\d{1,9}$/.test(idText) ? Number(idText) : Number.NaN;
  const type = textAt(node, "addressFilterType");
  if (type === "specific") {
    const address = textAt(node, "ipAddress");
    if (address === undefined) throw new DeviceError("badXmlContent", "IPFilterItem/ipAddress is missing");
    return { id, kind: "specific", address };
  }
  if (type === "range") {
    const start = textAt(node, "AddressRange", "startIPAddress");
    const end = textAt(node, "AddressRange", "endIPAddress");
    if (start === undefined || end === undefined) throw new DeviceError("badXmlContent", "IPFilterItem/AddressRange needs startIPAddress and endIPAddress");
    return { id, kind: "range", start, end };
  }
  if (type === undefined) throw new DeviceError("badXmlContent", "IPFilterItem/addressFilterType is missing");
  throw new DeviceError("badParameters", "addressFilterType must be specific or range");
}

function isRecord(node: unknown): node is Record<string, unknown> {
  return typeof node === "object" && node !== null && !Array.isArray(node);
}
