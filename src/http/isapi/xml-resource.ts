import type { Device } from "../../emulator/device.js";
import { ANY_USER, type Route } from "../router.js";
import { XML_CONTENT_TYPE } from "../xml.js";

/** A Digest-protected `GET` whose body is an XML document rendered from the device's state. */
export function xmlResource(path: string, render: (device: Device) => string): Route {
  return {
    method: "GET",
    path,
    auth: ANY_USER,
    handler: ({ device }) => ({ status: 200, contentType: XML_CONTENT_TYPE, body: render(device) }),
  };
}
