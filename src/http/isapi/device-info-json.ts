import type { Device } from "../../emulator/device.js";
import { ANY_USER, type Route } from "../router.js";
import { XML_CONTENT_TYPE, parseXml } from "../xml.js";
import { JSON_CONTENT_TYPE } from "../json-status.js";

export { JSON_CONTENT_TYPE };

const DEVICE_INFO = "/ISAPI/System/deviceInfo";

/**
 * `GET /ISAPI/System/deviceInfo`, and with `?format=json` on firmware that serves JSON
 * (profile `system.deviceInfoJson`; hik-protocols.md §2.1: "many endpoints accept
 * ?format=json"): `{"DeviceInfo": {...}}` with the XML's fields in the XML's order. Older
 * firmware ignores the parameter and answers XML, as it ignores any query it does not know
 * (our choice; V5.2 predates the JSON API). Both forms are cached until the device changes.
 */
export function deviceInfoResource(render: (device: Device) => string): Route {
  return {
    method: "GET",
    path: DEVICE_INFO,
    auth: ANY_USER,
    handler: ({ device, cache, query }) => {
      if (device.profile.system.deviceInfoJson && query.get("format")?.toLowerCase() === "json") {
        return cache.reply(device, `${DEVICE_INFO}?format=json`, () => ({ status: 200, contentType: JSON_CONTENT_TYPE, body: deviceInfoJson(render(device)) }));
      }
      return cache.reply(device, DEVICE_INFO, () => ({ status: 200, contentType: XML_CONTENT_TYPE, body: render(device) }));
    },
  };
}

/** Elements that are counts or codes: JSON numbers. Everything else stays a string, `true`/`false` become booleans. */
const NUMERIC = /^(telecontrolID|OEMCode|\w+Nums?)$/;

/**
 * The DeviceInfo XML as JSON. Value types are our guess (no JSON capture): booleans as JSON
 * booleans, counts and codes as numbers, versions, dates and identifiers as strings.
 */
export function deviceInfoJson(xml: string): string {
  const doc = parseXml(xml);
  const info = (doc?.["DeviceInfo"] ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(info)) {
    if (typeof value !== "string") continue;
    if (value === "true" || value === "false") out[name] = value === "true";
    else if (NUMERIC.test(name) && /^(0|[1-9]\d{0,9})$/.test(value)) out[name] = Number(value);
    else out[name] = value;
  }
  return JSON.stringify({ DeviceInfo: out });
}
