import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { sadpMac } from "../../util/mac.js";

/**
 * SADP XML codec (hik-protocols.md §1.2–1.5): one message per UDP datagram, UTF-8 XML.
 * Pure: bytes in, typed message out (or undefined for junk); never throws.
 */

/** A client's `<Probe>`: an inquiry or a command, with its other elements as strings. */
export interface SadpProbe {
  readonly uuid: string;
  readonly types: string;
  /** Target MAC of a directed command, lower case with dashes; undefined or broadcast for all. */
  readonly mac: string | undefined;
  /** Every other child element's text, by element name (first occurrence). */
  readonly params: Readonly<Record<string, string>>;
  /**
   * Child elements with children of their own (e.g. AnswerReset's `QuestionList`), as the
   * parser gives them: text leaves, nested objects, arrays for repeats. Read by commands/requests.ts.
   */
  readonly nested: Readonly<Record<string, unknown>>;
}

/** Fields of a `<ProbeMatch>` in wire order. */
export type ProbeMatchFields = readonly (readonly [name: string, value: string])[];

export const BROADCAST_MAC = "ff-ff-ff-ff-ff-ff";

/** Larger than any datagram a real client sends; a 64 KiB datagram is junk (issue #2). */
const MAX_PROBE_BYTES = 16 * 1024;

const PROBE_ROOT = /<Probe[\s>]/;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
});

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });

/**
 * The cheap first look: a datagram of a plausible size with a `<Probe` element. Replies (ours
 * looped back, or other devices') fail it, so only probes pay for XML validation.
 */
export function mayBeProbe(data: Buffer): boolean {
  return data.length > 0 && data.length <= MAX_PROBE_BYTES && PROBE_ROOT.test(data.toString("latin1"));
}

export function decodeProbe(data: Buffer): SadpProbe | undefined {
  if (!mayBeProbe(data)) return undefined;
  const text = data.toString("utf8");
  if (XMLValidator.validate(text) !== true) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return undefined;
  }
  const probe = (doc as Record<string, unknown> | undefined)?.["Probe"];
  if (!probe || typeof probe !== "object" || Array.isArray(probe)) return undefined;
  const params: Record<string, string> = {};
  const nested: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(probe as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") params[name] = first;
    else if (first === "" || first === undefined || first === null) params[name] = "";
    else if (typeof first === "object") nested[name] = first;
  }
  const uuid = params["Uuid"];
  const types = params["Types"];
  if (!uuid || !types) return undefined;
  const mac = params["MAC"] ? sadpMac(params["MAC"]) : undefined;
  delete params["Uuid"];
  delete params["Types"];
  delete params["MAC"];
  return { uuid, types, mac: mac || undefined, params, nested };
}

/**
 * Elements with children after the flat fields of a reply (getsecurityquestion's
 * `QuestionList/Question/ID`, §1.8.4): objects nest, arrays repeat, strings are text.
 */
export type ProbeMatchTree = Readonly<Record<string, unknown>>;

/** `<?xml …?>` prolog as captured replies carry it (§1.3), then the ProbeMatch on one line. */
export function encodeProbeMatch(fields: ProbeMatchFields, tree: ProbeMatchTree = {}): Buffer {
  return encodeDeviceMessage("ProbeMatch", fields, tree);
}

/** A device's unasked announcement (§1.1): the ProbeMatch fields under a `<Hello>` root. */
export function encodeHello(fields: ProbeMatchFields): Buffer {
  return encodeDeviceMessage("Hello", fields);
}

function encodeDeviceMessage(root: "ProbeMatch" | "Hello", fields: ProbeMatchFields, tree: ProbeMatchTree = {}): Buffer {
  const body: Record<string, unknown> = {};
  for (const [name, value] of fields) body[name] = value;
  Object.assign(body, tree);
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\r\n${builder.build({ [root]: body })}`, "utf8");
}

/** For test clients and tools: a ProbeMatch back into its fields, in order. */
export function decodeProbeMatch(data: Buffer): Map<string, string> | undefined {
  return decodeDeviceMessage(data, "ProbeMatch");
}

/** For test clients and tools: a Hello back into its fields, in order. */
export function decodeHello(data: Buffer): Map<string, string> | undefined {
  return decodeDeviceMessage(data, "Hello");
}

function decodeDeviceMessage(data: Buffer, root: "ProbeMatch" | "Hello"): Map<string, string> | undefined {
  const text = data.toString("utf8");
  if (XMLValidator.validate(text) !== true) return undefined;
  const doc = parser.parse(text) as Record<string, unknown>;
  const match = doc[root];
  if (!match || typeof match !== "object") return undefined;
  const fields = new Map<string, string>();
  for (const [name, value] of Object.entries(match as Record<string, unknown>)) fields.set(name, String(value));
  return fields;
}

/** A `<Probe>` as a client sends it (§1.2), for test clients and tools. */
export function encodeProbe(uuid: string, types: string, extra: ProbeMatchFields = []): Buffer {
  const body: Record<string, string> = { Uuid: uuid, Types: types };
  for (const [name, value] of extra) body[name] = value;
  return Buffer.from(`<?xml version="1.0" encoding="utf-8"?>${builder.build({ Probe: body })}`, "utf8");
}
