/**
 * Types of the two node-ssdp 4.0.1 internals hikemu relies on; node-ssdp-message.ts is the one
 * file that loads them (@types/node-ssdp covers only the public Client and Server). The version
 * is pinned exactly in package.json, and test/discovery/ssdp/node-ssdp-message.test.ts guards
 * the behaviour below.
 */

export type HeaderValues = Readonly<Record<string, string | number>>;

/** `node-ssdp/lib/ssdpHeader.js`: one SSDP message, a request line or (as a response) a status line. */
export interface SsdpHeaderInstance {
  setHeader(key: string, value: string | number): void;
  /** Request or status line, `Name: value` lines in insertion order, CRLF, a blank line. */
  toString(extraHeaders?: HeaderValues): string;
  toBuffer(extraHeaders?: HeaderValues): Buffer;
}

export type SsdpHeaderConstructor = new (method: string, headers?: HeaderValues, isResponse?: boolean) => SsdpHeaderInstance;

/** `node-ssdp/lib/index.js`: the base class of Client and Server; only its stateless parsing helpers are used. */
export interface SsdpBaseConstructor {
  readonly prototype: {
    /** Lower-cased first word of the first line (`m-search`, `notify`). */
    _getMethod(message: string): string;
    /** Every `Name: value` line, names upper-cased; later duplicates win. */
    _getHeaders(message: string): Record<string, string>;
  };
}
