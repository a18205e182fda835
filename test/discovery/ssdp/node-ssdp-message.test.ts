import t from "tap";
import { createRequire } from "node:module";
import { encodeOkResponse, encodeRequest, parseMessage } from "../../../src/discovery/ssdp/node-ssdp-message.js";

// Guards the node-ssdp internals node-ssdp-message.ts relies on (node-ssdp-internals.d.ts).

t.test("node-ssdp is the pinned version whose internals node-ssdp-internals.d.ts describes", async (t) => {
  const require = createRequire(import.meta.url);
  const pkg = require("node-ssdp/package.json") as { version: string };
  t.equal(pkg.version, "4.0.1", "a new node-ssdp version must be checked against node-ssdp-internals.d.ts and this test first");
});

t.test("a request: the request line, headers in the order given, CRLF, a blank line", async (t) => {
  const bytes = encodeRequest("NOTIFY", { HOST: "239.255.255.250:1900", NT: "upnp:rootdevice", NTS: "ssdp:alive", "CACHE-CONTROL": "max-age=1800" });
  t.equal(bytes.toString("latin1"), "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\nCACHE-CONTROL: max-age=1800\r\n\r\n");
  t.equal(encodeRequest("M-SEARCH", { MX: 3 }).toString("latin1"), "M-SEARCH * HTTP/1.1\r\nMX: 3\r\n\r\n", "numbers as decimal text");
});

t.test("a 200 OK response: the status line and headers; an empty EXT stays empty", async (t) => {
  t.equal(encodeOkResponse({ ST: "upnp:rootdevice", EXT: "" }).toString("latin1"), "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nEXT: \r\n\r\n");
});

t.test("parsing: method lower-cased, header names upper-cased, values as sent", async (t) => {
  const parsed = parseMessage('M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nman: "ssdp:discover"\r\nMX:2\r\nST: uuid:AbC\r\n\r\n');
  t.equal(parsed.method, "m-search");
  t.same(parsed.headers, { HOST: "239.255.255.250:1900", MAN: '"ssdp:discover"', MX: "2", ST: "uuid:AbC" });
  t.equal(parseMessage("HTTP/1.1 200 OK\r\nST: x\r\n\r\n").method, "http/1.1", "a response's first word");
  t.same(parseMessage("garbage without lines").headers, {}, "junk has no headers");
  t.equal(parseMessage("").method, "", "an empty message has no method");
});
