import { XMLParser } from "fast-xml-parser";

/**
 * The shape of a document for golden comparisons with captures: every element as its path from
 * the root, in document order (`DeviceStatus/CPUList/CPU/cpuUtilization`). Attributes, text and
 * namespaces are left out: a capture's values are anonymised or the device's own, its element
 * names and order are what clients parse.
 */
export type Shape = readonly string[];

const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });

type OrderedNode = Record<string, unknown>;

/** Shape of an XML text. */
export function shapeOfXml(xml: string): Shape {
  const out: string[] = [];
  const walk = (nodes: readonly OrderedNode[], prefix: string) => {
    for (const node of nodes) {
      for (const [name, children] of Object.entries(node)) {
        if (name === "#text" || name === ":@" || name === "?xml") continue;
        const path = prefix === "" ? name : `${prefix}/${name}`;
        out.push(path);
        if (Array.isArray(children)) walk(children as OrderedNode[], path);
      }
    }
  };
  walk(ordered.parse(xml) as OrderedNode[], "");
  return out;
}

/**
 * Shape of an element as the real-responses diagnostics dumps hold it (xmltodict: `@attr`,
 * `#text`, arrays for repeated siblings, null for empty), rooted at `root`.
 */
export function shapeOfDump(root: string, node: unknown): Shape {
  const out: string[] = [root];
  const walk = (value: unknown, prefix: string) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return;
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      if (name.startsWith("@") || name === "#text") continue;
      for (const one of Array.isArray(child) ? child : [child]) {
        out.push(`${prefix}/${name}`);
        walk(one, `${prefix}/${name}`);
      }
    }
  };
  walk(node, root);
  return out;
}
