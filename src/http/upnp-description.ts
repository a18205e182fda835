import type { Device } from "../emulator/device.js";
import { PUBLIC, type Route } from "./router.js";
import { buildXml } from "./xml.js";
import { DESCRIPTION_PATH, DEVICE_TYPE, presentationUrl, udn } from "../discovery/ssdp/upnp-device.js";

/** UDA 1.0 §2.1: descriptions go as `text/xml`, UTF-8. */
export const UPNP_CONTENT_TYPE = 'text/xml; charset="utf-8"';

const MODEL_DESCRIPTION = { ipc: "IP Camera", nvr: "Network Video Recorder", dvr: "Digital Video Recorder" } as const;

/**
 * The UPnP root device description SSDP's LOCATION points at (UDA 1.0 §2.1), in the
 * standard's element order (deviceType before UDN). No capture of a Hikvision description
 * exists (hik-protocols.md §3, UNKNOWN): manufacturer, modelName = model and serialNumber =
 * serial are what §3 advises; friendlyName (model and short serial), modelNumber (the model
 * again) and modelDescription are our choices. No URLBase: UDA 1.1 deprecates it, and
 * presentationURL is absolute.
 */
export function upnpDescriptionXml(device: Device): string {
  const { profile, identity } = device;
  return buildXml({
    name: "root",
    attributes: { xmlns: "urn:schemas-upnp-org:device-1-0" },
    children: [
      [
        "specVersion",
        [
          ["major", "1"],
          ["minor", "0"],
        ],
      ],
      [
        "device",
        [
          ["deviceType", DEVICE_TYPE],
          ["friendlyName", `${profile.model} - ${identity.shortSerial}`],
          ["manufacturer", "Hikvision"],
          ["manufacturerURL", "http://www.hikvision.com/"],
          ["modelDescription", MODEL_DESCRIPTION[profile.type]],
          ["modelName", profile.model],
          ["modelNumber", profile.model],
          ["serialNumber", identity.serial],
          ["UDN", udn(device)],
          ["presentationURL", presentationUrl(device)],
        ],
      ],
    ],
  });
}

/** The description, public as on any UPnP device (control points fetch it without credentials). */
export const upnpRoutes: Route[] = [
  {
    method: "GET",
    path: DESCRIPTION_PATH,
    auth: PUBLIC,
    handler: ({ device, cache }) => cache.reply(device, DESCRIPTION_PATH, () => ({ status: 200, contentType: UPNP_CONTENT_TYPE, body: upnpDescriptionXml(device) })),
  },
];
