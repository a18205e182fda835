import type { Device } from "../../emulator/device.js";
import { DeviceError, type ErrorCode } from "../../emulator/errors.js";
import type { Profile } from "../../profiles/index.js";
import { buildXml, type XmlBranch, type XmlChildren, type XmlRoot } from "../xml.js";

/**
 * An element of a captured document in the xmltodict rendering the profiles keep (profile
 * `resources.documents`, real-responses README §1): an object with `@attribute` keys, `#text`
 * and children in wire order; a string leaf; null for an empty element; an array for repeated
 * siblings.
 */
export type CapturedNode = string | null | readonly CapturedNode[] | CapturedElement;
export interface CapturedElement {
  readonly [name: string]: CapturedNode;
}

/** A captured document: its root element's name and content. */
export interface CapturedDocument {
  readonly name: string;
  readonly root: CapturedElement;
}

/** What a refusal's HTTP status in a capture means in the catalog (hik-protocols.md §2.9). */
const REFUSALS: Readonly<Record<number, ErrorCode>> = { 403: "notSupport", 404: "notFound", 500: "deviceError" };

/** Values the documents leave to the device: `{{name}}` in a leaf. */
export type DocumentValues = Readonly<Record<string, string>>;

/** The device's values for the documents' `{{…}}` placeholders. */
export function documentValues(device: Device): DocumentValues {
  return { channelName: device.profile.resources.channelName };
}

/**
 * The model's document at `key` (a path below `/ISAPI/`, ids filled in). A refusal in the
 * captures is thrown as its catalog error, so the fleet handler answers it as the device did;
 * a path the model has no entry for is 403 notSupport.
 */
export function capturedDocument(profile: Profile, key: string): CapturedDocument {
  // Own entries only: a client's id such as `__proto__` names no document.
  const entry = Object.hasOwn(profile.resources.documents, key) ? profile.resources.documents[key] : undefined;
  if (!entry) throw new DeviceError("notSupport", `${profile.model} has no ${key}`);
  if ("status_code" in entry) throw new DeviceError(REFUSALS[entry.status_code] ?? "notSupport", `${profile.model} refuses ${key}`);
  if ("list" in entry) {
    const { root, members, memberAttributes } = entry.list;
    const children: [string, CapturedNode][] = members.map((member) => {
      const { name, root: element } = capturedDocument(profile, member);
      return [name, memberAttributes ? element : withoutAttributes(element)];
    });
    return { name: root, root: Object.fromEntries([["@version", "2.0"], ["@xmlns", profile.isapi.namespace], ...groupRepeated(children)]) as CapturedElement };
  }
  const [name, root] = Object.entries(entry.response)[0] as [string, CapturedElement];
  return { name, root };
}

/** The document as the device sends it (xml.ts layout), placeholders filled from `values`. */
export function renderCaptured(document: CapturedDocument, values: DocumentValues): string {
  return buildXml(toXmlRoot(document, values));
}

export function toXmlRoot({ name, root }: CapturedDocument, values: DocumentValues): XmlRoot {
  const { attributes, children } = toBranch(root, values);
  return { name, attributes, children };
}

function toBranch(element: CapturedElement, values: DocumentValues): XmlBranch {
  const attributes: Record<string, string> = {};
  const children: [string, string | XmlChildren | XmlBranch][] = [];
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith("@")) attributes[key.slice(1)] = fill(String(value), values);
    else for (const one of Array.isArray(value) ? (value as readonly CapturedNode[]) : [value]) children.push([key, toValue(one, values)]);
  }
  return { attributes, children };
}

function toValue(node: CapturedNode, values: DocumentValues): string | XmlBranch {
  if (node === null) return "";
  if (typeof node === "string") return fill(node, values);
  if (Array.isArray(node)) throw new Error("nested arrays are not xmltodict output");
  return toBranch(node as CapturedElement, values);
}

function fill(text: string, values: DocumentValues): string {
  return text.replace(/\{\{([A-Za-z]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for ${whole}`);
    return value;
  });
}

function withoutAttributes(element: CapturedElement): CapturedElement {
  return Object.fromEntries(Object.entries(element).filter(([key]) => !key.startsWith("@")));
}

/** xmltodict keeps repeated siblings as one array under their name. */
function groupRepeated(children: readonly [string, CapturedNode][]): [string, CapturedNode][] {
  const grouped = new Map<string, CapturedNode[]>();
  for (const [name, node] of children) grouped.set(name, [...(grouped.get(name) ?? []), node]);
  return [...grouped].map(([name, nodes]) => [name, nodes.length === 1 ? (nodes[0] as CapturedNode) : nodes]);
}

/** The element at a path of child names (the first of repeated siblings), if any. */
export function elementAt(element: CapturedElement, ...path: string[]): CapturedNode | undefined {
  let node: CapturedNode | undefined = element;
  for (const name of path) {
    if (!node || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = (node as CapturedElement)[name];
    if (Array.isArray(node)) node = node[0];
  }
  return node;
}

/** Every element at a path (repeated siblings at the last step), none when absent or empty. */
export function elementsAt(element: CapturedElement, ...path: string[]): CapturedNode[] {
  const parent = elementAt(element, ...path.slice(0, -1));
  if (!parent || typeof parent !== "object" || Array.isArray(parent)) return [];
  const node = (parent as CapturedElement)[path[path.length - 1] ?? ""];
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? [...(node as readonly CapturedNode[])] : [node];
}

/** A copy of `element` with the child at `path` set to `value` (its parents must exist). */
export function withElement(element: CapturedElement, path: readonly string[], value: CapturedNode): CapturedElement {
  const [first, ...rest] = path;
  if (first === undefined) throw new Error("empty path");
  if (rest.length === 0) return { ...element, [first]: value };
  const child = element[first];
  if (!child || typeof child !== "object" || Array.isArray(child)) throw new Error(`no element ${first}`);
  return { ...element, [first]: withElement(child as CapturedElement, rest, value) };
}
