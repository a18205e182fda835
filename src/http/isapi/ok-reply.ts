import type { Device } from "../../emulator/device.js";
import { catalogEntry } from "../../emulator/errors.js";
import type { Reply } from "../router.js";
import { XML_CONTENT_TYPE, responseStatusXml, type XmlChildren } from "../xml.js";

/** 200 ResponseStatus 1 OK (§2.9) for a change that took effect; `extra` follows subStatusCode (a new `id`). */
export function okReply(device: Device, requestURL: string, extra: XmlChildren = []): Reply {
  const entry = catalogEntry("ok");
  return { status: entry.httpStatus, contentType: XML_CONTENT_TYPE, body: responseStatusXml(requestURL, entry, device.profile.isapi.namespace, extra, device.profile.isapi.replies.responseStatusVersion) };
}
