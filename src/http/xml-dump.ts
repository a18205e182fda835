import type { XmlBranch, XmlChildren } from "./xml.js";

/**
 * An element as the real-responses diagnostics dumps hold it (xmltodict's rendering of XML):
 * attributes as `@name`, text beside attributes as `#text`, repeated siblings as an array,
 * an empty element as null, every leaf a string.
 */
export type DumpNode = string | null | readonly DumpNode[] | { readonly [key: string]: DumpNode };

/** The element's value in xml.ts form (leaf text, children, or attributes with children). */
export function fromDump(node: DumpNode): string | XmlChildren | XmlBranch {
  if (node === null) return [];
  if (typeof node === "string") return node;
  if (Array.isArray(node)) throw new Error("an array is a list of siblings, not an element");
  const record = node as { readonly [key: string]: DumpNode };
  const attributes: Record<string, string> = {};
  const children: [string, string | XmlChildren | XmlBranch][] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith("@")) attributes[key.slice(1)] = String(value);
    else if (key === "#text") children.push(["#text", String(value)]);
    else if (Array.isArray(value)) for (const one of value as readonly DumpNode[]) children.push([key, fromDump(one)]);
    else children.push([key, fromDump(value as DumpNode)]);
  }
  return Object.keys(attributes).length > 0 ? { attributes, children } : children;
}

/** The root element's attributes and children, for buildXml. */
export function rootFromDump(node: DumpNode): { readonly attributes: Readonly<Record<string, string>>; readonly children: XmlChildren } {
  const value = fromDump(node);
  if (typeof value === "string") return { attributes: {}, children: [["#text", value]] };
  return Array.isArray(value) ? { attributes: {}, children: value as XmlChildren } : (value as XmlBranch);
}
