import type { Device } from "../../emulator/device.js";
import { isapiActor } from "./actor.js";
import { DeviceError } from "../../emulator/errors.js";
import type { Actor } from "../../emulator/events.js";
import type { MotionRegion, MotionSettings } from "../../emulator/state.js";
import { ANY_USER, type AuthPolicy, type RequestContext, type Route } from "../router.js";
import { XML_CONTENT_TYPE, parseXml, textAt } from "../xml.js";
import { capturedDocument, documentValues, elementAt, elementsAt, renderCaptured, withElement, type CapturedDocument, type CapturedElement, type CapturedNode } from "./captured-document.js";
import { okReply } from "./ok-reply.js";

const PATH = "/ISAPI/System/Video/inputs/channels/<id>/motionDetection";
const LAYOUT = ["MotionDetectionLayout", "layout"] as const;

/** Who may change it: Operators and the administrator, as for the network (network.ts, our choice). */
const OPERATOR: AuthPolicy = { kind: "user", level: "Operator" };

const keyOf = (context: RequestContext) => `System/Video/inputs/channels/${context.params["id"] ?? ""}/motionDetection`;

/**
 * Motion detection of a camera's video input (issue #10): the model's captured `MotionDetection`
 * (real-responses `System_Video_inputs_channels_1_motionDetection`) with the device's values in
 * flash (event-settings.ts). hikvision_next switches it by GET, flipping `enabled` and PUT of the
 * whole document; a body with only some elements changes those. The NVR answers 403 as its
 * video inputs do (their capture); other channel ids are 403 notSupport.
 */
export const motionDetectionRoutes: Route[] = [
  {
    method: "GET",
    path: PATH,
    auth: ANY_USER,
    handler: (context) => {
      const { device, cache } = context;
      const key = keyOf(context);
      const template = capturedDocument(device.profile, key);
      return cache.reply(device, `document:${key}`, () => ({ status: 200, contentType: XML_CONTENT_TYPE, body: renderCaptured(motionDocument(device, context.params["id"] ?? "", template), documentValues(device)) }));
    },
  },
  {
    method: "PUT",
    path: PATH,
    auth: OPERATOR,
    handler: async (context) => {
      const { device, body, requestURL, user, request } = context;
      const channel = context.params["id"] ?? "";
      const template = capturedDocument(device.profile, keyOf(context));
      const current = device.eventSettings.current.motionDetection[channel] ?? capturedMotion(template);
      const actor: Actor = isapiActor({ user, request });
      await device.eventSettings.setMotionDetection(channel, motionChange(body.toString("utf8"), current), actor);
      return okReply(device, requestURL);
    },
  },
];

/** The captured document with the channel's values from flash, where it has any. */
export function motionDocument(device: Device, channel: string, template: CapturedDocument): CapturedDocument {
  const settings = device.eventSettings.current.motionDetection[channel];
  if (!settings) return template;
  let root = withElement(template.root, ["enabled"], String(settings.enabled));
  root = withElement(root, ["MotionDetectionLayout", "sensitivityLevel"], String(settings.sensitivityLevel));
  root = withElement(root, [...LAYOUT, "gridMap"], settings.gridMap);
  const regionList = elementAt(template.root, ...LAYOUT, "RegionList");
  if (settings.regions && regionList && typeof regionList === "object" && !Array.isArray(regionList)) {
    const attributes = Object.fromEntries(Object.entries(regionList as CapturedElement).filter(([name]) => name.startsWith("@")));
    const regions: CapturedNode[] = settings.regions.map((region) => ({
      id: String(region.id),
      RegionCoordinatesList: { RegionCoordinates: region.points.map(([x, y]) => ({ positionX: String(x), positionY: String(y) })) },
    }));
    root = withElement(root, [...LAYOUT, "RegionList"], regions.length === 0 ? attributes : { ...attributes, Region: regions });
  }
  return { name: template.name, root };
}

/** The factory values: what the capture shows. */
export function capturedMotion(template: CapturedDocument): MotionSettings {
  const text = (...path: string[]) => {
    const node = elementAt(template.root, ...path);
    return typeof node === "string" ? node : "";
  };
  const settings = { enabled: text("enabled") === "true", sensitivityLevel: Number(text("MotionDetectionLayout", "sensitivityLevel")), gridMap: text(...LAYOUT, "gridMap") };
  if (elementAt(template.root, ...LAYOUT, "RegionList") === undefined) return settings;
  const regions = elementsAt(template.root, ...LAYOUT, "RegionList", "Region").map((region) => {
    const points = elementsAt(region as CapturedElement, "RegionCoordinatesList", "RegionCoordinates").map((p) => {
      const point = p as CapturedElement;
      return [Number(point["positionX"]), Number(point["positionY"])] as const;
    });
    return { id: Number((region as CapturedElement)["id"]), points };
  });
  return { ...settings, regions };
}

function listOf(node: unknown): unknown[] {
  if (node === undefined || node === null || node === "") return [];
  return Array.isArray(node) ? node : [node];
}

/**
 * A PUT body over the current values: `enabled`, `MotionDetectionLayout/sensitivityLevel`,
 * `…/layout/gridMap` and, where the model's layout has one, `…/layout/RegionList`; an element
 * left out keeps its value, the others (sampling interval, trigger times …) are taken as the
 * capture has them (not emulated). Syntax errors are badXmlContent naming the element; values
 * out of range are badParameters from the core (event-settings.ts).
 */
export function motionChange(text: string, current: MotionSettings): MotionSettings {
  const doc = parseXml(text);
  if (!doc) throw new DeviceError("badXmlFormat");
  const root = doc["MotionDetection"];
  if (root === undefined || typeof root !== "object" || Array.isArray(root)) throw new DeviceError("badXmlContent", "MotionDetection is missing");
  const enabled = textAt(doc, "MotionDetection", "enabled");
  if (enabled !== undefined && enabled !== "true" && enabled !== "false") throw new DeviceError("badXmlContent", "enabled must be true or false");
  const sensitivity = textAt(doc, "MotionDetection", "MotionDetectionLayout", "sensitivityLevel");
  if (sensitivity !== undefined && !/^\d{1,9}$/.test(sensitivity)) throw new DeviceError("badXmlContent", "sensitivityLevel must be a whole number");
  const gridMap = textAt(doc, "MotionDetection", "MotionDetectionLayout", "layout", "gridMap");
  const layout = (root as Record<string, unknown>)["MotionDetectionLayout"];
  const inner = layout && typeof layout === "object" ? (layout as Record<string, unknown>)["layout"] : undefined;
  const regionList = inner && typeof inner === "object" ? (inner as Record<string, unknown>)["RegionList"] : undefined;
  let regions = current.regions;
  if (regionList !== undefined) {
    if (current.regions === undefined) throw new DeviceError("badParameters", "RegionList: this model's layout has no regions");
    regions = parsedRegions(regionList);
  }
  return {
    enabled: enabled === undefined ? current.enabled : enabled === "true",
    sensitivityLevel: sensitivity === undefined ? current.sensitivityLevel : Number(sensitivity),
    gridMap: gridMap ?? current.gridMap,
    ...(regions === undefined ? {} : { regions }),
  };
}

function parsedRegions(regionList: unknown): MotionRegion[] {
  if (regionList === "") return [];
  if (!regionList || typeof regionList !== "object" || Array.isArray(regionList)) throw new DeviceError("badXmlContent", "RegionList must hold Region elements");
  return listOf((regionList as Record<string, unknown>)["Region"]).map((region) => {
    const id = wholeNumber(region, "id", "Region id");
    const list = region && typeof region === "object" ? (region as Record<string, unknown>)["RegionCoordinatesList"] : undefined;
    const points = listOf(list && typeof list === "object" ? (list as Record<string, unknown>)["RegionCoordinates"] : undefined).map(
      (point) => [wholeNumber(point, "positionX", "positionX"), wholeNumber(point, "positionY", "positionY")] as const,
    );
    return { id, points };
  });
}

function wholeNumber(node: unknown, name: string, label: string): number {
  const value = node && typeof node === "object" ? (node as Record<string, unknown>)[name] : undefined;
  if (typeof value !== "string" || !/^\d{1,9}$/.test(value)) throw new DeviceError("badXmlContent", `${label} must be a whole number`);
  return Number(value);
}
