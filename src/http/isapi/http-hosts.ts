import type { Device } from "../../emulator/device.js";
import { isapiActor } from "./actor.js";
import { DeviceError } from "../../emulator/errors.js";
import type { Actor } from "../../emulator/events.js";
import type { HttpHostSettings } from "../../emulator/state.js";
import { ANY_USER, type AuthPolicy, type Route } from "../router.js";
import { XML_CONTENT_TYPE, parseXml } from "../xml.js";
import { capturedDocument, documentValues, elementsAt, renderCaptured, withElement, type CapturedDocument, type CapturedElement } from "./captured-document.js";
import { okReply } from "./ok-reply.js";

const PATH = "/ISAPI/Event/notification/httpHosts";
const KEY = "Event/notification/httpHosts";
const HOST = ["HttpHostNotification"] as const;

/** Who may change it: Operators and the administrator, as for the network (network.ts, our choice). */
const OPERATOR: AuthPolicy = { kind: "user", level: "Operator" };

/** The elements a PUT changes, in the order of the captures' HttpHostNotification. */
const FIELDS = ["url", "protocolType", "parameterFormatType", "addressingFormatType", "ipAddress", "portNo", "httpAuthenticationMethod"] as const;
const CHOICES: Partial<Record<(typeof FIELDS)[number], readonly string[]>> = {
  protocolType: ["HTTP", "HTTPS"],
  parameterFormatType: ["XML", "JSON"],
  // `hostname` (with a hostName element) is not emulated: no capture shows that shape.
  addressingFormatType: ["ipaddress"],
  httpAuthenticationMethod: ["none", "MD5digest"],
};

/**
 * The alarm servers the device would post events to (issue #10): the model's captured
 * `HttpHostNotificationList` (its slots, element order, the NVR's PSIA `Extensions`) with the
 * values set over ISAPI in flash (event-settings.ts). hikvision_next reads it when it connects
 * and, to register Home Assistant, changes the first host's url, protocolType, ipAddress, portNo
 * … and PUTs the whole list back. Posting the events is a later issue.
 */
export const httpHostRoutes: Route[] = [
  {
    method: "GET",
    path: PATH,
    auth: ANY_USER,
    handler: ({ device, cache }) => {
      const template = capturedDocument(device.profile, KEY);
      return cache.reply(device, `document:${KEY}`, () => ({ status: 200, contentType: XML_CONTENT_TYPE, body: renderCaptured(httpHostsDocument(device, template), documentValues(device)) }));
    },
  },
  {
    method: "PUT",
    path: PATH,
    auth: OPERATOR,
    handler: async ({ device, body, requestURL, user, request }) => {
      const template = capturedDocument(device.profile, KEY);
      const actor: Actor = isapiActor({ user, request });
      await device.eventSettings.setHttpHosts(httpHostsChange(body.toString("utf8"), currentHosts(device, template)), actor);
      return okReply(device, requestURL);
    },
  },
];

/** The captured slots, each with the values in flash where it has some. */
export function httpHostsDocument(device: Device, template: CapturedDocument): CapturedDocument {
  const saved = device.eventSettings.current.httpHosts;
  const hosts = elementsAt(template.root, ...HOST).map((node) => {
    const host = node as CapturedElement;
    const settings = saved[String(host["id"])];
    if (!settings) return host;
    return FIELDS.reduce((element, field) => withElement(element, [field], String(settings[field])), host);
  });
  return { name: template.name, root: withElement(template.root, [...HOST], hosts) };
}

/** Every slot's values now: flash, or the capture's factory values. */
function currentHosts(device: Device, template: CapturedDocument): Map<string, HttpHostSettings> {
  const saved = device.eventSettings.current.httpHosts;
  return new Map(
    elementsAt(template.root, ...HOST).map((node) => {
      const host = node as CapturedElement;
      const id = String(host["id"]);
      const text = (name: string) => (typeof host[name] === "string" ? (host[name] as string) : "");
      const captured = Object.fromEntries(FIELDS.map((field) => [field, field === "portNo" ? Number(text(field)) : text(field)])) as unknown as HttpHostSettings;
      return [id, saved[id] ?? captured];
    }),
  );
}

/**
 * A PUT `HttpHostNotificationList`: each `HttpHostNotification` names a slot by `id` and changes
 * the elements of FIELDS it carries (others keep their value; `userName` and the rest are taken
 * as captured). Values outside the device's choices are badParameters naming the element.
 */
export function httpHostsChange(text: string, current: ReadonlyMap<string, HttpHostSettings>): Record<string, HttpHostSettings> {
  const doc = parseXml(text);
  if (!doc) throw new DeviceError("badXmlFormat");
  const list = doc["HttpHostNotificationList"];
  if (list === undefined || (list !== "" && (typeof list !== "object" || Array.isArray(list)))) throw new DeviceError("badXmlContent", "HttpHostNotificationList is missing");
  const raw = list === "" ? undefined : (list as Record<string, unknown>)["HttpHostNotification"];
  const hosts = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const changes: Record<string, HttpHostSettings> = {};
  for (const host of hosts) {
    if (!host || typeof host !== "object") throw new DeviceError("badXmlContent", "HttpHostNotification must hold an id");
    const fields = host as Record<string, unknown>;
    const id = fields["id"];
    if (typeof id !== "string") throw new DeviceError("badXmlContent", "HttpHostNotification id is missing");
    const base = current.get(id);
    if (!base) throw new DeviceError("badParameters", `id ${id}: the device has ${[...current.keys()].join(", ")}`);
    const next: Record<string, string | number> = { ...base };
    for (const field of FIELDS) {
      const value = fields[field];
      if (value === undefined) continue;
      if (typeof value !== "string") throw new DeviceError("badXmlContent", `${field} must be text`);
      const choices = CHOICES[field];
      if (choices && !choices.includes(value)) throw new DeviceError("badParameters", `${field} must be one of ${choices.join(", ")}`);
      if (field === "portNo" && !/^\d{1,9}$/.test(value)) throw new DeviceError("badXmlContent", "portNo must be a whole number");
      next[field] = field === "portNo" ? Number(value) : value;
    }
    changes[id] = next as unknown as HttpHostSettings;
  }
  return changes;
}
