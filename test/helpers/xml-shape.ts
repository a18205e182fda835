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
