import type { Device } from "../../emulator/device.js";
import { ANY_USER, type Route } from "../router.js";
import { XML_CONTENT_TYPE } from "../xml.js";

/**
 * A protected `GET` whose body is an XML document rendered from the device's state, cached
 * until that state changes (render-cache.ts).
 */
export function xmlResource(path: string, render: (device: Device) => string): Route {
  return {
    method: "GET",
    path,
    auth: ANY_USER,
    handler: ({ device, cache }) => cache.reply(device, path, () => ({ status: 200, contentType: XML_CONTENT_TYPE, body: render(device) })),
  };
}
