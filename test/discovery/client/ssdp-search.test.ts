import t from "tap";
import { createServer } from "node:http";
import { mSearch, parseSearchResponse, ssdpSearch } from "../../../src/discovery/client/ssdp-search.js";
import { fetchDescription, mayFollowLocation, parseDescription } from "../../../src/discovery/client/upnp-description.js";
import { fakeSsdp } from "../../helpers/fake-ssdp.js";

const LOOPBACK_GROUP = { multicastInterfaces: ["127.0.0.1"], broadcasts: [], targets: [] };

t.test("M-SEARCH has the UPnP 1.0 shape a device checks", (t) => {
  t.equal(mSearch("upnp:rootdevice", 2).toString(), 'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 2\r\nST: upnp:rootdevice\r\n\r\n');
  t.end();
});

t.test("a 200 OK response is read into lower-case headers; NOTIFY and junk are not responses", (t) => {
  const headers = parseSearchResponse(Buffer.from("HTTP/1.1 200 OK\r\nLocation: http://127.0.133.1/d.xml\r\nUSN: uuid:abc::upnp:rootdevice\r\nst: upnp:rootdevice\r\nEXT:\r\n\r\n"));
  t.equal(headers?.get("location"), "http://127.0.133.1/d.xml");
  t.equal(headers?.get("usn"), "uuid:abc::upnp:rootdevice");
  t.equal(headers?.get("st"), "upnp:rootdevice");
  t.equal(headers?.get("ext"), "");
  t.equal(parseSearchResponse(Buffer.from("NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice\r\n\r\n")), undefined);
  t.equal(parseSearchResponse(Buffer.from("HTTP/1.1 404 Not Found\r\n\r\n")), undefined);
  t.equal(parseSearchResponse(Buffer.alloc(9000, 0x41)), undefined);
  t.end();
});

t.test("LOCATION is followed only over http to the host that answered (or loopback to loopback)", (t) => {
  t.ok(mayFollowLocation("http://10.231.0.10:80/d.xml", "10.231.0.10"));
  t.notOk(mayFollowLocation("http://10.231.0.99/d.xml", "10.231.0.10"), "another host");
  t.notOk(mayFollowLocation("https://10.231.0.10/d.xml", "10.231.0.10"), "not plain http");
  t.notOk(mayFollowLocation("file:///etc/passwd", "10.231.0.10"));
  t.notOk(mayFollowLocation("not a url", "10.231.0.10"));
  t.ok(mayFollowLocation("http://127.0.133.20/d.xml", "127.0.0.1"), "one host serving many loopback addresses");
  t.notOk(mayFollowLocation("http://127.0.133.20/d.xml", "10.231.0.10"), "a LAN answer pointing at our own loopback");
  t.end();
});

t.test("a description's <device> gives model and serial; anything else gives nothing", (t) => {
  const d = parseDescription('<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device><modelName>DS-X</modelName><serialNumber>S1</serialNumber><manufacturer>Hikvision</manufacturer></device></root>');
  t.same(d, { manufacturer: "Hikvision", modelName: "DS-X", modelNumber: undefined, serialNumber: "S1", friendlyName: undefined });
  t.equal(parseDescription("<html>no</html>"), undefined);
  t.equal(parseDescription("<<<"), undefined);
  t.end();
});

t.test("a description larger than 64 KiB, or one that never ends, is given up", async (t) => {
  const server = createServer((req, res) => {
    if (req.url === "/big") res.writeHead(200).end(Buffer.alloc(70 * 1024, 0x20));
    else res.writeHead(200).write("<root>"); // and never ends
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.133.30", resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as { port: number };
  t.equal(await fetchDescription(`http://127.0.133.30:${port}/big`, "127.0.133.30", 2000), undefined);
  const started = Date.now();
  t.equal(await fetchDescription(`http://127.0.133.30:${port}/slow`, "127.0.133.30", 300), undefined);
  t.ok(Date.now() - started < 2000, "within about the timeout");
});

t.test("a search over the loopback group finds each device once, with its description", async (t) => {
  const devices = [
    { address: "127.0.133.10", uuid: "11111111-2222-3333-4444-000000000010", modelName: "DS-2CD2146G2-ISU", serialNumber: "SERIAL-10" },
    { address: "127.0.133.11", uuid: "11111111-2222-3333-4444-000000000011", modelName: "DS-7608NXI-I2/8P/S", serialNumber: "SERIAL-11" },
  ];
  const fake = await fakeSsdp(t, devices);
  const found = await ssdpSearch({ ...LOOPBACK_GROUP, port: fake.port, timeoutMs: 700 });
  t.equal(fake.requests.length, 1, "one M-SEARCH to the group");
  t.match(fake.requests[0], /^M-SEARCH \* HTTP\/1\.1\r\nHOST: 239\.255\.255\.250:\d+\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: upnp:rootdevice\r\n\r\n$/);
  t.same(
    found.map((f) => ({ udn: f.udn, from: f.from, st: f.st, model: f.description?.modelName, serial: f.description?.serialNumber })).sort((a, b) => a.from.localeCompare(b.from)),
    devices.map((d) => ({ udn: `uuid:${d.uuid}`, from: d.address, st: ["upnp:rootdevice"], model: d.modelName, serial: d.serialNumber })),
  );
  t.ok(found.every((f) => f.location?.startsWith(`http://${f.from}:`) && f.server === "Linux/4.9 UPnP/1.0 fake/1.0"));
});

t.test("unicast to a target works without the group; --no-describe reads no description", async (t) => {
  const fake = await fakeSsdp(t, [{ address: "127.0.133.12", uuid: "u-12", modelName: "M", serialNumber: "S" }]);
  const found = await ssdpSearch({ multicastInterfaces: [], broadcasts: [], targets: ["127.0.0.1"], port: fake.port, timeoutMs: 500, describe: false });
  t.equal(found.length, 1);
  t.equal(found[0]?.description, undefined);
  t.equal(fake.descriptionsServed.size, 0, "no HTTP request was made");
});

t.test("a LOCATION naming another host than the responder is not fetched", async (t) => {
  // Answers from 127.0.133.13 but points at a non-loopback host: must not be followed.
  const fake = await fakeSsdp(t, [{ address: "127.0.133.13", uuid: "u-13", modelName: "M", serialNumber: "S", location: () => "http://192.0.2.1/description.xml" }]);
  const found = await ssdpSearch({ ...LOOPBACK_GROUP, port: fake.port, timeoutMs: 500 });
  t.equal(found.length, 1);
  t.equal(found[0]?.location, "http://192.0.2.1/description.xml", "reported as sent");
  t.equal(found[0]?.description, undefined, "but not read");
});
