import t, { type Test } from "tap";
import { createServer } from "node:http";
import { describeAnswers, mSearch, parseSearchResponse, searchMx, ssdpSearch, type SsdpFound } from "../../../src/discovery/client/ssdp-search.js";
import { fetchDescription, mayFollowLocation, parseDescription } from "../../../src/discovery/client/upnp-description.js";
import { fakeSsdp } from "../../helpers/fake-ssdp.js";

const LOOPBACK_GROUP = { multicastInterfaces: ["127.0.0.1"], broadcasts: [], targets: [] };

t.test("M-SEARCH has the UPnP 1.0 shape a device checks", (t) => {
  t.equal(mSearch("upnp:rootdevice", 2).toString(), 'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 2\r\nST: upnp:rootdevice\r\n\r\n');
  t.end();
});

t.test("MX is a second less than the search listens, 1 to 5, so late answers still arrive", (t) => {
  t.same([500, 1000, 2000, 3000, 3999, 6000, 600_000].map(searchMx), [1, 1, 1, 2, 2, 5, 5]);
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
  const vouched = new Set(["10.231.0.11"]);
  t.ok(mayFollowLocation("http://10.231.0.11/d.xml", "10.231.0.1", vouched), "an address SADP from the same host reported (one host answering for its devices)");
  t.notOk(mayFollowLocation("http://10.231.0.12/d.xml", "10.231.0.1", vouched), "an address SADP did not report");
  t.notOk(mayFollowLocation("https://10.231.0.11/d.xml", "10.231.0.1", vouched), "vouched, but not plain http");
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

/** An HTTP server on ADDRESS serving a description (or hanging) and counting requests. */
async function countingServer(t: Test, address: string, hang = false): Promise<{ port: number; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    if (hang) res.writeHead(200).write("<root>");
    else res.writeHead(200).end("<root><device><modelName>M</modelName><serialNumber>S</serialNumber><friendlyName>F</friendlyName></device></root>");
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as { port: number }).port, requests: () => requests };
}

const found = (from: string, location: string): SsdpFound => ({ udn: `uuid:${from}`, usn: `uuid:${from}::upnp:rootdevice`, location, server: undefined, st: ["upnp:rootdevice"], from });

t.test("a LOCATION naming neither the responder nor an address SADP reported from it gets no request", async (t) => {
  const other = await countingServer(t, "127.0.140.20");
  const location = `http://127.0.140.20:${other.port}/description.xml`;
  // A LAN host (never contacted: only LOCATION is fetched) pointing at an address of ours.
  const refused = await describeAnswers([found("10.231.0.10", location)], { vouched: new Map([["10.231.0.99", new Set(["127.0.140.20"])]]) });
  t.equal(refused.answers[0]?.location, location, "reported as sent");
  t.equal(refused.answers[0]?.description, undefined, "but not read");
  t.equal(other.requests(), 0, "the server LOCATION named received no request");
  t.equal(refused.skipped, 0);

  const vouched = await describeAnswers([found("10.231.0.10", location)], { vouched: new Map([["10.231.0.10", new Set(["127.0.140.20"])]]) });
  t.match(vouched.answers[0]?.description, { modelName: "M", serialNumber: "S", friendlyName: "F" }, "SADP from the same host reported that address: read");
  t.equal(other.requests(), 1);
});

t.test("the describe phase ends at its budget: devices whose turn comes later are skipped and counted", async (t) => {
  const slow = await countingServer(t, "127.0.140.30", true);
  const many = Array.from({ length: 40 }, (_, i) => found("127.0.140.30", `http://127.0.140.30:${slow.port}/d${i}.xml`)).map((f, i) => ({ ...f, udn: `uuid:${i}` }));
  const started = Date.now();
  const result = await describeAnswers(many, { timeoutMs: 2000, budgetMs: 400 });
  const took = Date.now() - started;
  t.ok(took < 1500, `bounded by the budget, not 40 × 2 s / 16 (took ${took} ms)`);
  t.equal(result.skipped, 24, "16 were read at once and timed out at the budget; the other 24 never started");
  t.equal(slow.requests(), 16);
  t.ok(result.answers.every((a) => a.description === undefined));
});

t.test("a search keeps at most maxAnswers devices", async (t) => {
  const fake = await fakeSsdp(t, [0, 1, 2].map((i) => ({ address: `127.0.140.4${i}`, uuid: `cap-${i}`, modelName: "M", serialNumber: `S${i}` })));
  const capped = await ssdpSearch({ ...LOOPBACK_GROUP, port: fake.port, timeoutMs: 500, maxAnswers: 2, describe: false });
  t.equal(capped.length, 2);
});
