import type { Device } from "../../emulator/device.js";
import { ANY_USER, type AuthPolicy, type Route } from "../router.js";
import { XML_CONTENT_TYPE } from "../xml.js";

/**
 * A protected `GET` whose body is an XML document rendered from the device's state, cached
 * until that state changes (render-cache.ts). Any logged-in user by default; `options` narrow
 * who (a settings page for the administrator) and on which models.
 */
export function xmlResource(path: string, render: (device: Device) => string, options: { readonly auth?: AuthPolicy; readonly availableOn?: Route["availableOn"] } = {}): Route {
  return {
    method: "GET",
    path,
    auth: options.auth ?? ANY_USER,
    ...(options.availableOn ? { availableOn: options.availableOn } : {}),
    handler: ({ device, cache }) => cache.reply(device, path, () => ({ status: 200, contentType: XML_CONTENT_TYPE, body: render(device) })),
  };
}
