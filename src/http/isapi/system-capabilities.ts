import type { Device } from "../../emulator/device.js";
import { SECURITY_CAP_ELEMENTS, type SecurityCapElement } from "../../profiles/schema.js";
import type { Route } from "../router.js";
import { buildXml, type XmlBranch, type XmlChildren } from "../xml.js";
import { toXmlRoot, type CapturedElement } from "./captured-document.js";
import { capValue } from "./security-auth.js";
import { xmlResource } from "./xml-resource.js";

/**
 * `GET /ISAPI/System/capabilities` (issue #10): the model's captured DeviceCap (profile
 * `system.capabilities`), served only where the profile has one (some old firmware answers 404
 * here). Cached: the values that change (the web auth setting) bump the device's revision.
 */
export const systemCapabilitiesRoutes: Route[] = [
  xmlResource("/ISAPI/System/capabilities", deviceCapXml, { availableOn: (profile) => profile.system.capabilities !== undefined }),
];

const EMULATED = new Set<string>(SECURITY_CAP_ELEMENTS);

/**
 * DeviceCap as captured, element for element and in the capture's order; inside SecurityCap the
 * elements `/ISAPI/Security/capabilities` serves take that resource's values (security-auth.ts),
 * so the two agree — the device's own salt instead of the captured one, the current
 * CertificateType — and elements hikemu does not emulate stay as captured.
 */
export function deviceCapXml(device: Device): string {
  // The capture has no `{{…}}` placeholders: no values to fill.
  const { attributes, children } = toXmlRoot({ name: "DeviceCap", root: device.profile.system.capabilities as unknown as CapturedElement }, {});
  return buildXml({ name: "DeviceCap", attributes, children: children.map(([name, value]) => (name === "SecurityCap" ? [name, withDeviceValues(device, value)] : [name, value])) });
}

function withDeviceValues(device: Device, value: string | XmlChildren | XmlBranch): string | XmlChildren | XmlBranch {
  if (typeof value === "string") return value;
  const isBranch = !Array.isArray(value);
  const children = isBranch ? (value as XmlBranch).children : (value as XmlChildren);
  const present = new Set<string>(device.profile.security.capabilityElements);
  const replaced: XmlChildren = children.map(([name, child]) => (EMULATED.has(name) && present.has(name) ? [name, capValue(device, name as SecurityCapElement)] : [name, child]));
  return isBranch ? { attributes: (value as XmlBranch).attributes, children: replaced } : replaced;
}
