import type { Device } from "../../emulator/device.js";
import { DeviceError } from "../../emulator/errors.js";
import type { Profile } from "../../profiles/index.js";
import { ANY_USER, type Route } from "../router.js";
import { XML_CONTENT_TYPE } from "../xml.js";
import { capturedDocument, documentValues, renderCaptured, type CapturedDocument, type CapturedElement, type CapturedNode } from "./captured-document.js";

/**
 * A `GET` answered from the model's captured documents (profile `resources.documents`): `key`
 * gives the document's path below `/ISAPI/` from the route's ids. Rendered once per device state
 * (render-cache.ts); a refusal in the captures is answered as the device did (403, 404, 500).
 */
export function documentRoute(path: string, key: (params: Readonly<Record<string, string>>) => string, document: (profile: Profile, key: string) => CapturedDocument = capturedDocument): Route {
  return {
    method: "GET",
    path,
    auth: ANY_USER,
    handler: ({ device, params, cache }) => {
      const found = document(device.profile, key(params));
      return cache.reply(device, `document:${key(params)}`, () => ({ status: 200, contentType: XML_CONTENT_TYPE, body: renderCaptured(found, documentValues(device)) }));
    },
  };
}

const fixed = (key: string) => () => key;
const byId = (template: (id: string) => string) => (params: Readonly<Record<string, string>>) => template(params["id"] ?? "");

/**
 * The read-mostly resources ISAPI client libraries read when they connect (issue #10; pyHik,
 * hikvision_next, hikvisionapi): event triggers, video inputs, streams, storage, IO ports,
 * holidays and a recorder's proxied channels. Each answers what the model's capture shows; the
 * paths a model lacks answer as it does (a camera's 403 notSupport for the recorder lists,
 * §2.9). motionDetection and httpHosts, which clients also change, have their own files.
 */
export const resourceRoutes: Route[] = [
  documentRoute("/ISAPI/Event/triggers", fixed("Event/triggers")),
  // pyHik falls back to the PSIA-era path outside /ISAPI on some firmware; the device answers the same list.
  documentRoute("/Event/triggers", fixed("Event/triggers")),
  documentRoute("/ISAPI/Event/triggers/<id>", byId((id) => `Event/triggers/${id}`), eventTrigger),
  documentRoute("/ISAPI/System/Video/inputs/channels", fixed("System/Video/inputs/channels")),
  documentRoute("/ISAPI/Streaming/channels", fixed("Streaming/channels")),
  documentRoute("/ISAPI/Streaming/channels/<id>", byId((id) => `Streaming/channels/${id}`)),
  documentRoute("/ISAPI/ContentMgmt/Storage", fixed("ContentMgmt/Storage")),
  documentRoute("/ISAPI/System/IO/inputs", fixed("System/IO/inputs")),
  documentRoute("/ISAPI/System/IO/inputs/<id>", byId((id) => `System/IO/inputs/${id}`)),
  documentRoute("/ISAPI/System/IO/inputs/<id>/status", byId((id) => `System/IO/inputs/${id}/status`)),
  documentRoute("/ISAPI/System/IO/outputs", fixed("System/IO/outputs")),
  documentRoute("/ISAPI/System/IO/outputs/<id>", byId((id) => `System/IO/outputs/${id}`)),
  documentRoute("/ISAPI/System/IO/outputs/<id>/status", byId((id) => `System/IO/outputs/${id}/status`)),
  documentRoute("/ISAPI/System/Holidays", fixed("System/Holidays")),
  documentRoute("/ISAPI/ContentMgmt/InputProxy/channels", fixed("ContentMgmt/InputProxy/channels")),
  documentRoute("/ISAPI/ContentMgmt/InputProxy/channels/status", fixed("ContentMgmt/InputProxy/channels/status")),
];

/**
 * One trigger: the captured document where there is one (DS-2CD2146G2-ISU scenechangedetection-1),
 * else the list's entry with that id as a document of its own — root `EventTrigger` with version
 * and namespace, as that capture shows. An id the list lacks is 403 notSupport (DS-2CD2532F-IWS
 * answers scenechangedetection-1, which its list lacks, so).
 */
function eventTrigger(profile: Profile, key: string): CapturedDocument {
  if (Object.hasOwn(profile.resources.documents, key)) return capturedDocument(profile, key);
  const id = key.slice("Event/triggers/".length);
  const list = capturedDocument(profile, "Event/triggers");
  const triggerList = (list.name === "EventTriggerList" ? list.root : list.root["EventTriggerList"]) as CapturedElement | undefined;
  const triggers: readonly CapturedNode[] = [triggerList?.["EventTrigger"] ?? []].flat();
  const found = triggers.find((t): t is CapturedElement => !!t && typeof t === "object" && !Array.isArray(t) && (t as CapturedElement)["id"] === id);
  if (!found) throw new DeviceError("notSupport", `${profile.model} has no event trigger ${id}`);
  const content = Object.fromEntries(Object.entries(found).filter(([name]) => !name.startsWith("@")));
  return { name: "EventTrigger", root: { "@version": "2.0", "@xmlns": profile.isapi.namespace, ...content } };
}

/** For tests and the picture of a device: the rendered document at `key` (throws the device's refusal). */
export function documentXml(device: Device, key: string): string {
  return renderCaptured(capturedDocument(device.profile, key), documentValues(device));
}
