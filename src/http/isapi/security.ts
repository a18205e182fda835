import type { Device } from "../../emulator/device.js";
import type { Route } from "../router.js";
import { XML_CONTENT_TYPE, buildXml, type XmlChildren } from "../xml.js";

/** `/ISAPI/Security/*` resources of this slice. */
export const securityRoutes: Route[] = [
  {
    method: "GET",
    path: "/ISAPI/Security/adminAccesses",
    auth: "digest",
    handler: ({ device }) => ({ status: 200, contentType: XML_CONTENT_TYPE, body: adminAccessesXml(device) }),
  },
];

/**
 * AdminAccessProtocolList as the profile's capture has it (hik-protocols.md §2.7), with the
 * HTTP entry's portNo set to the port hikemu actually serves (issue #2).
 */
export function adminAccessesXml(device: Device): string {
  const { isapi, adminAccesses } = device.profile;
  const attributes = { version: "2.0", xmlns: isapi.namespace };
  const entries: XmlChildren = adminAccesses.protocols.map((fields) => {
    const isHttp = fields.some(([k, v]) => k === "protocol" && v === "HTTP");
    const children: XmlChildren = fields.map(([k, v]) => [k, isHttp && k === "portNo" ? String(device.serving.httpPort) : v]);
    return ["AdminAccessProtocol", adminAccesses.entryAttributes ? { attributes, children } : children] as const;
  });
  return buildXml({ name: "AdminAccessProtocolList", attributes, children: entries });
}
