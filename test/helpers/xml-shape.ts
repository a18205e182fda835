import { XMLParser } from "fast-xml-parser";

/**
 * Element shapes for golden tests: one line per element, `depth name attr="value"…`, in document
 * order, values of leaves left out. A served XML document and a capture in the xmltodict JSON
 * rendering (real-responses README §1) give equal lists when their element names, nesting,
 * order and attributes agree.
 */
export function xmlShape(xml: string): string[] {
  const lines: string[] = [];
  let depth = 0;
  for (const match of xml.matchAll(/<(\/?)([A-Za-z_][A-Za-z0-9_.-]*)((?:\s+[^\s=>/]+="[^"]*")*)\s*(\/?)>/g)) {
    const [, closing, name, attributes, selfClosing] = match as unknown as [string, string, string, string, string];
    if (closing) {
      depth--;
      continue;
    }
    const attrs = [...attributes.matchAll(/([^\s=]+)="([^"]*)"/g)].map((a) => ` ${a[1]}="${a[2]}"`).join("");
    lines.push(`${depth} ${name}${attrs}`);
    if (!selfClosing) depth++;
  }
  return lines;
}

type Node = string | null | Node[] | { [name: string]: Node };

/** The same list for a capture's `response` (or any element object), root included. */
export function captureShape(response: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const walk = (name: string, node: Node, depth: number) => {
    if (Array.isArray(node)) {
      for (const one of node) walk(name, one, depth);
      return;
    }
    if (node === null || typeof node === "string") {
      lines.push(`${depth} ${name}`);
      return;
    }
    const attrs = Object.entries(node)
      .filter(([key]) => key.startsWith("@"))
      .map(([key, value]) => ` ${key.slice(1)}="${String(value)}"`)
      .join("");
    lines.push(`${depth} ${name}${attrs}`);
    for (const [key, value] of Object.entries(node)) if (!key.startsWith("@") && key !== "#text") walk(key, value, depth + 1);
  };
  for (const [name, node] of Object.entries(response)) walk(name, node as Node, 0);
  return lines;
}

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
