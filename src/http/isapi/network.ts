import type { Device } from "../../emulator/device.js";
import type { Route } from "../router.js";
import { buildXml } from "../xml.js";
import { xmlResource } from "./xml-resource.js";
import { linkLocalFromMac } from "../../discovery/sadp/probe-match.js";

/**
 * `/ISAPI/System/Network/*` of this slice: the IPv4 settings the device believes it has
 * (flash), the same ones SADP reports — after a SADP `update` both show the new address.
 * Changing them over ISAPI (PUT) comes with the network issue.
 */
export const networkRoutes: Route[] = [xmlResource("/ISAPI/System/Network/interfaces/1/ipAddress", ipAddressXml)];

/**
 * §2.7 `IPAddress` (element names per qb60/hikvision-configure, LIKELY). DNS servers are not
 * modelled: the gateway stands in as the primary, as a router that forwards DNS would, and
 * the secondary is unset (0.0.0.0) — our choice.
 */
export function ipAddressXml(device: Device): string {
  const { network, identity, profile } = device;
  return buildXml({
    name: "IPAddress",
    attributes: { version: "2.0", xmlns: profile.isapi.namespace },
    children: [
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
    ],
  });
}
