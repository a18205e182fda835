import type { Device } from "../../emulator/device.js";
import { isapiActor } from "./actor.js";
import { protocolEntry } from "../../emulator/ports.js";
import { DeviceError } from "../../emulator/errors.js";
import type { AuthPolicy, Route } from "../router.js";
import { buildXml, parseXml, textAt, type XmlBranch, type XmlChildren } from "../xml.js";
import { ipAddressChangeAt, ipAddressChildren } from "./network.js";
import { okReply } from "./ok-reply.js";
import { xmlResource } from "./xml-resource.js";

const INTERFACES = "/ISAPI/System/Network/interfaces";
const INTERFACE = "/ISAPI/System/Network/interfaces/1";

/** As the ipAddress PUT (network.ts): Operators and the administrator. */
const OPERATOR: AuthPolicy = { kind: "user", level: "Operator" };

/**
 * `/ISAPI/System/Network/interfaces` and `/interfaces/1` (issue #10): the device's one wired
 * interface. No capture exists; the shape is from public ISAPI client code and docs
 * (NetworkInterfaceList / NetworkInterface: id, IPAddress — the same element the
 * `…/interfaces/1/ipAddress` resource serves — Discovery, Link). A PUT of interface 1 changes
 * the IPv4 settings of its IPAddress through the same path as the ipAddress PUT and SADP
 * `update` (device.changeNetwork); Discovery and Link are not settable (ignored).
 */
export const networkInterfaceRoutes: Route[] = [
  xmlResource(INTERFACES, networkInterfaceListXml),
  xmlResource(INTERFACE, networkInterfaceXml),
  {
    method: "PUT",
    path: INTERFACE,
    auth: OPERATOR,
    maxBodyBytes: 16 * 1024,
    handler: async (context) => {
      const { device, body, requestURL } = context;
      const doc = parseXml(body.toString("utf8"));
      if (!doc) throw new DeviceError("badXmlFormat");
      if (!doc["NetworkInterface"] || typeof doc["NetworkInterface"] !== "object") throw new DeviceError("badXmlContent", "expected <NetworkInterface>");
      const id = textAt(doc, "NetworkInterface", "id");
      if (id !== undefined && id !== "1") throw new DeviceError("badParameters", `id "${id}" is not this interface (1)`);
      await device.changeNetwork(ipAddressChangeAt(doc, "NetworkInterface", "IPAddress"), "isapi", isapiActor(context));
      return okReply(device, requestURL);
    },
  },
];

function networkInterfaceChildren(device: Device): XmlChildren {
  const attributes = { version: "2.0", xmlns: device.profile.isapi.namespace };
  const { link } = device.profile.system;
  const ipAddress: XmlBranch = { attributes, children: ipAddressChildren(device) };
  const linkBranch: XmlBranch = {
    attributes,
    children: [
      ["MACAddress", device.identity.mac],
      ["autoNegotiation", "true"],
      ["speed", String(link.speedMbps)],
      ["duplex", "full"],
      ["MTU", String(link.mtu)],
    ],
  };
  return [
    ["id", "1"],
    ["IPAddress", ipAddress],
    // The device answers SSDP (UPnP); Zeroconf follows the Bonjour entry of its adminAccesses.
    ["Discovery", [["UPnP", [["enabled", "true"]]], ["Zeroconf", [["enabled", String(bonjourEnabled(device))]]]]],
    ["Link", linkBranch],
  ];
}

/** Bonjour as the device booted with it (adminAccesses changes take effect at the next boot). */
function bonjourEnabled(device: Device): boolean {
  return protocolEntry(device.ports.running, "Bonjour")?.enabled ?? false;
}

export function networkInterfaceXml(device: Device): string {
  return buildXml({ name: "NetworkInterface", attributes: { version: "2.0", xmlns: device.profile.isapi.namespace }, children: networkInterfaceChildren(device) });
}

export function networkInterfaceListXml(device: Device): string {
  const attributes = { version: "2.0", xmlns: device.profile.isapi.namespace };
  return buildXml({ name: "NetworkInterfaceList", attributes, children: [["NetworkInterface", { attributes, children: networkInterfaceChildren(device) }]] });
}
