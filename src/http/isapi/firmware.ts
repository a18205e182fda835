import type { Device } from "../../emulator/device.js";
import { isapiActor } from "./actor.js";
import { DeviceError } from "../../emulator/errors.js";
import { ADMINISTRATOR, type Reply, type RequestContext, type Route } from "../router.js";
import { XML_CONTENT_TYPE, buildXml } from "../xml.js";
import { firstFilePart, isMultipart } from "../multipart-file.js";
import { goingDown } from "./maintenance.js";

/**
 * Largest upload taken: hikemu packages are a few KiB; a vendor `digicap.dav` (tens of MB) is
 * refused before it is read (bodyTooLarge, connection closed) instead of being buffered.
 */
export const FIRMWARE_MAX_BODY = 4 * 1024 * 1024;

/**
 * Firmware upgrade over ISAPI (issue #10). `PUT /ISAPI/System/updateFirmware` takes the package
 * as the raw body (hikvisionapi and scripts) or as a `multipart/form-data` upload (the web UI);
 * the reply goes out once the image is written, while the device goes down, like reboot's
 * (Connection: close; statusCode 1 or 7 per profile isapi.rebootReply). POST does the same: a
 * public access-control-terminal script posts the form there (UNCERTAIN which firmware takes it).
 * `GET /ISAPI/System/upgradeStatus` is what clients poll meanwhile.
 */
export const firmwareRoutes: Route[] = [
  { method: "PUT", path: "/ISAPI/System/updateFirmware", auth: ADMINISTRATOR, maxBodyBytes: FIRMWARE_MAX_BODY, handler: updateFirmware },
  { method: "POST", path: "/ISAPI/System/updateFirmware", auth: ADMINISTRATOR, maxBodyBytes: FIRMWARE_MAX_BODY, handler: updateFirmware },
  {
    method: "GET",
    path: "/ISAPI/System/upgradeStatus",
    auth: ADMINISTRATOR,
    // Never cached: the percentage moves with time, not with the device's revision.
    handler: ({ device }) => ({ status: 200, contentType: XML_CONTENT_TYPE, body: upgradeStatusXml(device) }),
  },
];

async function updateFirmware(context: RequestContext): Promise<Reply> {
  const { device, request, body, requestURL, user } = context;
  const contentType = request.headers["content-type"];
  const bytes = isMultipart(contentType) ? await firstFilePart(body, contentType).catch(() => undefined) : body;
  if (bytes === undefined) throw new DeviceError("fileFormatError", "the form holds no well-formed file part");
  await device.firmware.upgrade(bytes, isapiActor({ user, request }));
  return goingDown(device, requestURL);
}

/**
 * `<upgradeStatus><upgrading>…</upgrading><percent>…</percent></upgradeStatus>`: the element
 * names public clients parse (an access-control upgrade script reads `<upgrading>true</upgrading>`
 * and `<percent>`); the root's version/xmlns follow the device's other resources (our choice).
 */
export function upgradeStatusXml(device: Device): string {
  const { upgrading, percent } = device.firmware.status;
  return buildXml({
    name: "upgradeStatus",
    attributes: { version: "2.0", xmlns: device.profile.isapi.namespace },
    children: [
      ["upgrading", String(upgrading)],
      ["percent", String(percent)],
    ],
  });
}
