import type { Device } from "../../emulator/device.js";
import type { NetworkChange } from "../../emulator/network-settings.js";
import { DeviceError } from "../../emulator/errors.js";
import type { AuthPolicy, Route } from "../router.js";
import { buildXml, parseXml, textAt, type XmlChildren } from "../xml.js";
import { xmlResource } from "./xml-resource.js";
import { linkLocalFromMac } from "../../discovery/sadp/probe-match.js";
import { okReply } from "./ok-reply.js";
import { isapiActor } from "./actor.js";

const IP_ADDRESS = "/ISAPI/System/Network/interfaces/1/ipAddress";

/**
 * Who may change the network: Operators and the administrator. No source gives the level
 * (our choice): Operators configure the device's parameters in the web UI, Viewers only watch,
 * so a Viewer gets `lowPrivilege` before the body is read.
 */
const OPERATOR: AuthPolicy = { kind: "user", level: "Operator" };

/**
 * `/ISAPI/System/Network/*` of this slice: the IPv4 settings the device believes it has
 * (flash), the same ones SADP reports — after a SADP `update` both show the new address — and
 * the PUT that changes them like a SADP `update` does (network-settings.ts). The device does not
 * reboot for it; the fronts follow `networkChanged` and move it (docs/addresses.md), while
 * this reply still goes out at the old address.
 */
export const networkRoutes: Route[] = [
  xmlResource(IP_ADDRESS, ipAddressXml),
  {
    method: "PUT",
    path: IP_ADDRESS,
    auth: OPERATOR,
    handler: async (context) => {
      const { device, body, requestURL } = context;
      await device.changeNetwork(ipAddressChange(body), "isapi", isapiActor(context));
      return okReply(device, requestURL);
    },
  },
];

/**
 * The IPv4 part of a PUT `IPAddress` (§2.7): addressingType, ipAddress, subnetMask and
 * DefaultGateway/ipAddress, each optional (absent ones stay); IPv6 and DNS are not modelled
 * and ignored. The values are validated by the core (badParameters).
 */
export function ipAddressChange(body: Buffer): NetworkChange {
  const doc = parseXml(body.toString("utf8"));
  if (!doc) throw new DeviceError("badXmlFormat");
  return ipAddressChangeAt(doc, "IPAddress");
}

/** The same, from the `IPAddress` element at `path` of a parsed document (a `NetworkInterface` PUT carries one). */
export function ipAddressChangeAt(doc: Record<string, unknown>, ...path: string[]): NetworkChange {
  let root: unknown = doc;
  for (const key of path) root = root && typeof root === "object" && !Array.isArray(root) ? (root as Record<string, unknown>)[key] : undefined;
  if (!root || typeof root !== "object" || Array.isArray(root)) throw new DeviceError("badXmlContent", "IPAddress is missing");
  const addressing = textAt(doc, ...path, "addressingType");
  if (addressing !== undefined && addressing !== "static" && addressing !== "dynamic") throw new DeviceError("badXmlContent", "addressingType must be static or dynamic");
  const ipv4 = textAt(doc, ...path, "ipAddress");
  const mask = textAt(doc, ...path, "subnetMask");
  const gateway = textAt(doc, ...path, "DefaultGateway", "ipAddress");
  const change: NetworkChange = {
    ...(addressing === undefined ? {} : { dhcp: addressing === "dynamic" }),
    ...(ipv4 === undefined ? {} : { ipv4 }),
    ...(mask === undefined ? {} : { mask }),
    ...(gateway === undefined ? {} : { gateway }),
  };
  if (Object.keys(change).length === 0) throw new DeviceError("badXmlContent", "IPAddress has none of addressingType, ipAddress, subnetMask, DefaultGateway");
  return change;
}

/**
 * §2.7 `IPAddress` (element names per qb60/hikvision-configure, LIKELY). DNS servers are not
 * modelled: the gateway stands in as the primary, as a router that forwards DNS would, and
 * the secondary is unset (0.0.0.0) — our choice.
 */
export function ipAddressXml(device: Device): string {
  return buildXml({ name: "IPAddress", attributes: { version: "2.0", xmlns: device.profile.isapi.namespace }, children: ipAddressChildren(device) });
}

/** The elements of `IPAddress`, also inside `NetworkInterface` (network-interfaces.ts). */
export function ipAddressChildren(device: Device): XmlChildren {
  const { network, identity } = device;
  return [
    ["ipVersion", "dual"],
    ["addressingType", network.dhcp ? "dynamic" : "static"],
    ["ipAddress", network.ipv4],
    ["subnetMask", network.mask],
    ["ipV6Address", linkLocalFromMac(identity.mac)],
    ["bitMask", "64"],
    ["DefaultGateway", [["ipAddress", network.gateway]]],
    ["PrimaryDNS", [["ipAddress", network.gateway]]],
    ["SecondaryDNS", [["ipAddress", "0.0.0.0"]]],
    ["Ipv6Mode", [["ipV6AddressingType", "ra"]]],
  ];
}
