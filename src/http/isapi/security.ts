import type { Device } from "../../emulator/device.js";
import type { Route } from "../router.js";
import { buildXml, type XmlChildren } from "../xml.js";
import { xmlResource } from "./xml-resource.js";
import { isProtocol } from "../../profiles/schema.js";

/** `/ISAPI/Security/*` resources of this slice. */
export const securityRoutes: Route[] = [xmlResource("/ISAPI/Security/adminAccesses", adminAccessesXml)];

/**
 * AdminAccessProtocolList as the profile's capture has it (hik-protocols.md §2.7), with the
 * HTTP entry's portNo set to the port hikemu actually serves (issue #2).
 */
export function adminAccessesXml(device: Device): string {
  const { isapi, adminAccesses } = device.profile;
  const attributes = { version: "2.0", xmlns: isapi.namespace };
  const entries: XmlChildren = adminAccesses.protocols.map((fields) => {
    const isHttp = isProtocol(fields, "HTTP");
    const children: XmlChildren = fields.map(([k, v]) => [k, isHttp && k === "portNo" ? String(device.serving.httpPort) : v]);
    return ["AdminAccessProtocol", adminAccesses.entryAttributes ? { attributes, children } : children] as const;
  });
  return buildXml({ name: "AdminAccessProtocolList", attributes, children: entries });
}
