import { createRequire } from "node:module";
import type { SsdpBaseConstructor, SsdpHeaderConstructor } from "./node-ssdp-internals.js";

/**
 * The SSDP message layer, from node-ssdp 4.0.1 (pinned exactly; its internals are typed in
 * node-ssdp-internals.d.ts and guarded by test/discovery/ssdp/node-ssdp-message.test.ts).
 * hikemu does not run node-ssdp's Server: it opens one socket per non-loopback interface,
 * skips loopback altogether and paces with its own setInterval, where hikemu keeps one socket
 * for the fleet, loopback by default, and device time on the Clock port (responder.ts).
 * What it takes is the wire format: node-ssdp's message builder and header parser, the same
 * code its Client uses to read what we send.
 */

// node-ssdp is CommonJS without types for these files: loaded by path, typed by the .d.ts beside this file.
const require = createRequire(import.meta.url);
const SsdpHeader = require("node-ssdp/lib/ssdpHeader.js") as SsdpHeaderConstructor;
const SSDP = require("node-ssdp/lib/index.js") as SsdpBaseConstructor;

export type SsdpHeaders = Readonly<Record<string, string | number>>;

/** `NOTIFY * HTTP/1.1` / `M-SEARCH * HTTP/1.1` and the headers in the order given. */
export function encodeRequest(method: "NOTIFY" | "M-SEARCH", headers: SsdpHeaders): Buffer {
  return new SsdpHeader(method, headers).toBuffer();
}

/** `HTTP/1.1 200 OK` and the headers in the order given (an M-SEARCH answer). */
export function encodeOkResponse(headers: SsdpHeaders): Buffer {
  return new SsdpHeader("200 OK", headers, true).toBuffer();
}

export interface ParsedSsdpMessage {
  /** Lower case: `m-search`, `notify`, or `http/1.1` for a response. */
  readonly method: string;
  /** Header names upper-cased, as node-ssdp gives them. */
  readonly headers: Readonly<Record<string, string>>;
}

const parser = SSDP.prototype;

/** node-ssdp's own reading of a message (the request line's method and the headers). */
export function parseMessage(text: string): ParsedSsdpMessage {
  return { method: parser._getMethod(text), headers: parser._getHeaders(text) };
}
