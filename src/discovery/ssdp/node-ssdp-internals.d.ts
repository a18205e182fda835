/**
 * Types of the two node-ssdp 4.0.1 internals hikemu relies on (node-ssdp-message.ts is the
 * one file that imports them; @types/node-ssdp covers only the public Client and Server).
 * The version is pinned exactly in package.json, and test/discovery/ssdp/node-ssdp-message.test.ts
 * guards the behaviour below.
 */

declare module "node-ssdp/lib/ssdpHeader.js" {
  /** One SSDP message: a request line (`NOTIFY * HTTP/1.1`) or, as a response, a status line. */
  class SsdpHeader {
    constructor(method: string, headers?: Readonly<Record<string, string | number>>, isResponse?: boolean);
    setHeader(key: string, value: string | number): void;
    /** Request or status line, `Name: value` lines in insertion order, CRLF, a blank line. */
    toString(extraHeaders?: Readonly<Record<string, string | number>>): string;
    toBuffer(extraHeaders?: Readonly<Record<string, string | number>>): Buffer;
  }
  export default SsdpHeader;
}

declare module "node-ssdp/lib/index.js" {
  /** The base class of node-ssdp's Client and Server; only its stateless parsing helpers are used. */
  class SSDP {
    /** Lower-cased first word of the first line (`m-search`, `notify`). */
    _getMethod(message: string): string;
    /** Every `Name: value` line, names upper-cased; later duplicates win. */
    _getHeaders(message: string): Record<string, string>;
    /** The status code of a response line (`HTTP/1.1 200 OK` → 200). */
    _getStatusCode(message: string): number;
  }
  export default SSDP;
}
