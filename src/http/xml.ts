import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { STATUS_STRINGS, type CatalogEntry } from "../emulator/errors.js";

/** `application/xml; charset="UTF-8"`, quoted charset as devices send it (hik-protocols.md §2.1). */
export const XML_CONTENT_TYPE = 'application/xml; charset="UTF-8"';

/** An element tree in wire order: a leaf is a string, a branch a list of children (with attributes if any). */
export type XmlChildren = readonly (readonly [name: string, value: string | XmlChildren | XmlBranch])[];

export interface XmlBranch {
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlChildren;
}

export interface XmlRoot {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children: XmlChildren;
}

const builder = new XMLBuilder({ format: true, indentBy: "", attributeNamePrefix: "@_", ignoreAttributes: false, suppressEmptyNode: false });

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, removeNSPrefix: true });

/**
 * Builds an XML document the way the V5.5 camera cassette shows it: prolog, one element
 * per line, no indentation, CRLF line ends (real-responses/DS-2CD2155FWD-I).
 */
export function buildXml(root: XmlRoot): string {
  const tree = toObject(root.children, root.attributes);
  const body = builder.build({ [root.name]: tree }).trimEnd().replace(/\n/g, "\r\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\r\n${body}\r\n`;
}

function toObject(children: XmlChildren, attributes: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) out[`@_${name}`] = value;
  for (const [name, value] of children) {
    const converted = typeof value === "string" ? value : isBranch(value) ? toObject(value.children, value.attributes) : toObject(value);
    const existing = out[name];
    if (existing === undefined) out[name] = converted;
    else out[name] = Array.isArray(existing) ? [...existing, converted] : [existing, converted];
  }
  return out;
}

function isBranch(value: XmlChildren | XmlBranch): value is XmlBranch {
  return !Array.isArray(value);
}

/**
 * A buildXml document in the LF layout some firmware uses: LF line ends and a space before the
 * prolog's `?>` (the NVR 401 of hikvision_next issue #50).
 */
export function lfLayout(xml: string): string {
  return xml.replace(/\r\n/g, "\n").replace(/^(<\?xml [^?]*)\?>/, "$1 ?>");
}

/**
 * ResponseStatus (hik-protocols.md §2.9, hikvision_next fixture); `extra` elements follow
 * subStatusCode (the new `id` after a POST, errorCode and errorMsg). `version` is the profile's
 * `isapi.replies.responseStatusVersion` (okReply and errorReply pass it).
 */
export function responseStatusXml(requestURL: string, entry: CatalogEntry, namespace: string, extra: XmlChildren = [], version = "1.0"): string {
  return buildXml({
    name: "ResponseStatus",
    attributes: { version, xmlns: namespace },
    children: [
      ["requestURL", requestURL],
      ["statusCode", String(entry.statusCode)],
      ["statusString", STATUS_STRINGS[entry.statusCode]],
      ["subStatusCode", entry.subStatusCode],
      ...extra,
    ],
  });
}

/** Parses a request body; undefined when it is not well-formed XML. Namespaces are dropped. */
export function parseXml(text: string): Record<string, unknown> | undefined {
  if (text.trim() === "" || XMLValidator.validate(text) !== true) return undefined;
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Text of a nested element, e.g. textAt(doc, "ActivateInfo", "password"). */
export function textAt(doc: Record<string, unknown>, ...path: string[]): string | undefined {
  let node: unknown = doc;
  for (const key of path) {
    if (!node || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "string" ? node : undefined;
}
