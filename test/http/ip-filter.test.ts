import t, { type Test } from "tap";
import { Agent, request } from "node:http";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import type { Store } from "../../src/emulator/store/store.js";
import { FileStore } from "../../src/runtime/store/file-store.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { adminPassword, deviceOf, startRestartableFleet } from "../helpers/emulator.js";
import { digestChallenge } from "../helpers/sockets.js";
import { digestHeader } from "../helpers/digest-header.js";

const PASSWORD = "Hik12345!";
const PATH = "/ISAPI/System/Network/ipFilter";
const NS = "http://www.hikvision.com/ver20/XMLSchema";

/** The default fleet on real sockets (no SSDP), devices on 127.98.<third>.10-12 (octets reserved for this file). */
function start(t: Test, third: number, options: { clock?: VirtualClock; store?: Store } = {}): Promise<RunningEmulator> {
  return startRestartableFleet(t, `127.98.${third}`, { ...options, ssdp: false });
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

interface From {
  /** Source address of the connection. */
  readonly from: string;
  readonly agent?: Agent;
}

/** One HTTP exchange from `from`; rejects with the socket error (ECONNRESET when the device drops it). */
function exchange(device: Device, path: string, via: From, init: { method?: string; body?: string; authorization?: string } = {}): Promise<Answer> {
  const { address, httpPort } = device.serving;
  const headers: Record<string, string> = {};
  if (init.authorization) headers.authorization = init.authorization;
  if (init.body !== undefined) headers["content-type"] = "application/xml";
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port: httpPort, path, method: init.method ?? "GET", headers, localAddress: via.from, agent: via.agent ?? false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** As a Digest client does: unauthenticated first, then once more with the answer to the challenge. */
async function asAdmin(device: Device, path: string, via: From, password: string, init: { method?: string; body?: string } = {}): Promise<Answer> {
  const first = await exchange(device, path, via, init);
  if (first.status !== 401) return first;
  const { realm, nonce } = digestChallenge(first.headers["www-authenticate"]);
  return exchange(device, path, via, { ...init, authorization: digestHeader(realm, nonce, path, password, "admin", init.method ?? "GET") });
}

/** The socket error a request from `from` meets, or "answered <status>". */
async function outcome(device: Device, path: string, from: string, password?: string): Promise<string> {
  try {
    const answer = password === undefined ? await exchange(device, path, { from }) : await asAdmin(device, path, { from }, password);
    return `answered ${answer.status}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? "error";
  }
}

function specific(id: number, address: string): string {
  return `<IPFilterItem><id>${id}</id><addressFilterType>specific</addressFilterType><ipAddress>${address}</ipAddress></IPFilterItem>`;
}

function range(id: number, start: string, end: string): string {
  return `<IPFilterItem><id>${id}</id><addressFilterType>range</addressFilterType><AddressRange><startIPAddress>${start}</startIPAddress><endIPAddress>${end}</endIPAddress></AddressRange></IPFilterItem>`;
}

function filterXml(enabled: boolean, permission: string, items: string[] | undefined): string {
  const list = items === undefined ? "" : `<IPFilterItemList>${items.join("")}</IPFilterItemList>`;
  return `<?xml version="1.0" encoding="UTF-8"?><IPFilter version="2.0" xmlns="${NS}"><enabled>${enabled}</enabled><permissionType>${permission}</permissionType>${list}</IPFilter>`;
}

t.test("GET and PUT: the document round-trips; an allow list admits only the listed address and range, on HTTP and the UPnP description", async (t) => {
  const emulator = await start(t, 1);
  const camera = deviceOf(emulator, "camera-1");
  const nvr = deviceOf(emulator, "nvr-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const admin = { from: "127.98.200.1" };

  const factory = await asAdmin(camera, PATH, admin, password);
  t.equal(factory.status, 200);
  t.match(factory.headers["content-type"], /application\/xml/);
  t.equal(
    factory.body,
    `<?xml version="1.0" encoding="UTF-8"?>\r\n<IPFilter version="2.0" xmlns="${NS}">\r\n<enabled>false</enabled>\r\n<permissionType>deny</permissionType>\r\n<IPFilterItemList></IPFilterItemList>\r\n</IPFilter>\r\n`,
    "factory: off, deny, no entries",
  );

  const put = await asAdmin(camera, PATH, admin, password, { method: "PUT", body: filterXml(true, "allow", [specific(1, "127.98.200.1"), range(2, "127.98.201.0", "127.98.201.255")]) });
  t.equal(put.status, 200);
  t.match(put.body, /<requestURL>\/ISAPI\/System\/Network\/ipFilter<\/requestURL>\r\n<statusCode>1<\/statusCode>\r\n<statusString>OK<\/statusString>\r\n<subStatusCode>ok<\/subStatusCode>/);

  const read = await asAdmin(camera, PATH, admin, password);
  t.equal(read.status, 200, "the listed address still gets in");
  t.equal(
    read.body,
    `<?xml version="1.0" encoding="UTF-8"?>\r\n<IPFilter version="2.0" xmlns="${NS}">\r\n<enabled>true</enabled>\r\n<permissionType>allow</permissionType>\r\n<IPFilterItemList>\r\n` +
      `<IPFilterItem>\r\n<id>1</id>\r\n<addressFilterType>specific</addressFilterType>\r\n<ipAddress>127.98.200.1</ipAddress>\r\n</IPFilterItem>\r\n` +
      `<IPFilterItem>\r\n<id>2</id>\r\n<addressFilterType>range</addressFilterType>\r\n<AddressRange>\r\n<startIPAddress>127.98.201.0</startIPAddress>\r\n<endIPAddress>127.98.201.255</endIPAddress>\r\n</AddressRange>\r\n</IPFilterItem>\r\n` +
      `</IPFilterItemList>\r\n</IPFilter>\r\n`,
    "both entries, in order, as written",
  );

  t.equal(await outcome(camera, "/ISAPI/System/deviceInfo", "127.98.201.0", password), "answered 200", "the range's first address");
  t.equal(await outcome(camera, "/ISAPI/System/deviceInfo", "127.98.201.255", password), "answered 200", "the range's last address");
  t.equal(await outcome(camera, "/ISAPI/System/deviceInfo", "127.98.202.0", password), "ECONNRESET", "past the range: dropped, no HTTP answer");
  t.equal(await outcome(camera, "/ISAPI/System/deviceInfo", "127.98.200.2", password), "ECONNRESET", "next to the listed address: dropped");
  t.equal(await outcome(camera, "/SDK/activateStatus", "127.98.200.2"), "ECONNRESET", "public resources too");
  t.equal(await outcome(camera, "/upnp/description.xml", "127.98.200.2"), "ECONNRESET", "and the UPnP description");
  t.equal(await outcome(camera, "/upnp/description.xml", "127.98.201.9"), "answered 200", "which an admitted address reads");
  t.equal(await outcome(nvr, "/upnp/description.xml", "127.98.200.2"), "answered 200", "another device is not affected");
  t.equal(await outcome(nvr, "/SDK/activateStatus", "127.98.200.2"), "answered 200");

  // One item: fast-xml-parser hands it over as an object, not a list.
  const one = await asAdmin(camera, PATH, admin, password, { method: "PUT", body: filterXml(true, "allow", [specific(5, "127.98.200.1")]) });
  t.equal(one.status, 200, "a single entry");
  t.same(camera.security.current.ipFilter, { enabled: true, permission: "allow", rules: [{ id: 5, kind: "specific", address: "127.98.200.1" }] });
  t.equal(await outcome(camera, "/upnp/description.xml", "127.98.201.9"), "ECONNRESET", "the range is gone");
});

t.test("a deny list refuses the listed address and range; disabled admits everyone and keeps the entries", async (t) => {
  const emulator = await start(t, 2);
  const camera = deviceOf(emulator, "legacy-camera-1");
  const password = await adminPassword(emulator, "legacy-camera-1", PASSWORD);
  const admin = { from: "127.98.210.1" };
  const put = await asAdmin(camera, PATH, admin, password, { method: "PUT", body: filterXml(true, "deny", [specific(1, "127.98.210.5"), range(2, "127.98.211.10", "127.98.211.20")]) });
  t.equal(put.status, 200);
  for (const [from, expected] of [
    ["127.98.210.5", "ECONNRESET"],
    ["127.98.211.10", "ECONNRESET"],
    ["127.98.211.15", "ECONNRESET"],
    ["127.98.211.20", "ECONNRESET"],
    ["127.98.211.21", "answered 200"],
    ["127.98.211.9", "answered 200"],
    ["127.98.210.6", "answered 200"],
  ]) {
    t.equal(await outcome(camera, "/ISAPI/System/deviceInfo", from as string, password), expected, `from ${from}`);
  }

  // No IPFilterItemList: the entries stay (ip-filter.ts, our choice).
  const off = await asAdmin(camera, PATH, admin, password, { method: "PUT", body: filterXml(false, "deny", undefined) });
  t.equal(off.status, 200);
  t.equal(await outcome(camera, "/ISAPI/System/deviceInfo", "127.98.210.5", password), "answered 200", "disabled: the listed address is admitted");
  t.equal(await outcome(camera, "/ISAPI/System/deviceInfo", "127.98.211.15", password), "answered 200", "and the range");
  const read = await asAdmin(camera, PATH, admin, password);
  t.match(read.body, "<enabled>false</enabled>");
  t.match(read.body, "<ipAddress>127.98.210.5</ipAddress>", "the entries are kept");
  t.match(read.body, "<startIPAddress>127.98.211.10</startIPAddress>");

  const cleared = await asAdmin(camera, PATH, admin, password, { method: "PUT", body: filterXml(true, "deny", []) });
  t.equal(cleared.status, 200, "an empty list");
  t.same(camera.security.current.ipFilter, { enabled: true, permission: "deny", rules: [] }, "clears the entries");
  t.equal(await outcome(camera, "/ISAPI/System/deviceInfo", "127.98.210.5", password), "answered 200", "an empty deny list refuses nobody");
});

t.test("bad bodies are refused with the catalog's ResponseStatus and change nothing; only the admin may use it", async (t) => {
  const emulator = await start(t, 3);
  const camera = deviceOf(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const admin = { from: "127.98.220.1" };
  t.equal((await asAdmin(camera, PATH, admin, password, { method: "PUT", body: filterXml(true, "deny", [specific(1, "127.98.220.9")]) })).status, 200);
  const before = (await asAdmin(camera, PATH, admin, password)).body;
  const tooMany = Array.from({ length: 65 }, (_, i) => specific(i + 1, `10.0.0.${i + 1}`));
  const cases: [string, string, string][] = [
    ["not XML", "<IPFilter><enabled>true</enabled>", "badXmlFormat"],
    ["another document", `<IPAddress><ipAddress>1.2.3.4</ipAddress></IPAddress>`, "badXmlContent"],
    ["no enabled", `<IPFilter><permissionType>deny</permissionType></IPFilter>`, "badXmlContent"],
    ["enabled yes", filterXml("yes" as unknown as boolean, "deny", []), "badParameters"],
    ["permissionType maybe", filterXml(true, "maybe", []), "badParameters"],
    ["addressFilterType mask", filterXml(true, "deny", [specific(1, "10.0.0.1").replace("specific", "mask")]), "badParameters"],
    ["no addressFilterType", filterXml(true, "deny", ["<IPFilterItem><id>1</id><ipAddress>10.0.0.1</ipAddress></IPFilterItem>"]), "badXmlContent"],
    ["no id", filterXml(true, "deny", ["<IPFilterItem><addressFilterType>specific</addressFilterType><ipAddress>10.0.0.1</ipAddress></IPFilterItem>"]), "badXmlContent"],
    ["id x", filterXml(true, "deny", [specific(1, "10.0.0.1").replace("<id>1</id>", "<id>x</id>")]), "badParameters"],
    ["id 0", filterXml(true, "deny", [specific(0, "10.0.0.1")]), "badParameters"],
    ["same id twice", filterXml(true, "deny", [specific(3, "10.0.0.1"), specific(3, "10.0.0.2")]), "badParameters"],
    ["specific without ipAddress", filterXml(true, "deny", ["<IPFilterItem><id>1</id><addressFilterType>specific</addressFilterType></IPFilterItem>"]), "badXmlContent"],
    ["range without end", filterXml(true, "deny", ["<IPFilterItem><id>1</id><addressFilterType>range</addressFilterType><AddressRange><startIPAddress>10.0.0.1</startIPAddress></AddressRange></IPFilterItem>"]), "badXmlContent"],
    ["a three-octet address", filterXml(true, "deny", [specific(1, "10.0.1")]), "badParameters"],
    ["an IPv6 address", filterXml(true, "deny", [specific(1, "fe80::1")]), "badParameters"],
    ["a reversed range", filterXml(true, "deny", [range(1, "10.0.0.9", "10.0.0.1")]), "badParameters"],
    ["65 entries", filterXml(true, "deny", tooMany), "badParameters"],
  ];
  for (const [name, body, subStatus] of cases) {
    const reply = await asAdmin(camera, PATH, admin, password, { method: "PUT", body });
    t.equal(reply.status, 400, `${name}: 400`);
    t.match(reply.body, `<subStatusCode>${subStatus}</subStatusCode>`, `${name}: ${subStatus}`);
  }
  t.equal((await asAdmin(camera, PATH, admin, password)).body, before, "the filter is as it was");
  t.equal(await outcome(camera, "/SDK/activateStatus", "127.98.220.9"), "ECONNRESET", "and still enforced");

  await camera.userDirectory.create({ userName: "admin", peer: "127.0.0.1", loginPassword: password }, { userName: "operator1", password: "Oper4tor!x", level: "Operator" });
  const first = await exchange(camera, PATH, admin);
  const { realm, nonce } = digestChallenge(first.headers["www-authenticate"]);
  const operator = await exchange(camera, PATH, admin, { authorization: digestHeader(realm, nonce, PATH, "Oper4tor!x", "operator1") });
  t.equal(operator.status, 403, "an Operator may not read it");
  t.match(operator.body, "<subStatusCode>lowPrivilege</subStatusCode>");
});

t.test("locking oneself out: the PUT's answer still arrives, the next request on that connection is dropped", async (t) => {
  const emulator = await start(t, 4);
  const camera = deviceOf(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  const self = { from: "127.98.230.1", agent };
  const put = await asAdmin(camera, PATH, self, password, { method: "PUT", body: filterXml(true, "allow", [specific(1, "127.98.230.2")]) });
  t.equal(put.status, 200, "answered although it shuts its own sender out");
  t.match(put.body, "<subStatusCode>ok</subStatusCode>");
  t.not(put.headers.connection, "close", "the connection was kept open");
  const next = await asAdmin(camera, PATH, self, password).then(
    (answer) => `answered ${answer.status}`,
    (error: NodeJS.ErrnoException) => error.code,
  );
  t.equal(next, "ECONNRESET", "the next request on the kept-alive connection finds the door shut");
  t.equal(await outcome(camera, PATH, "127.98.230.1", password), "ECONNRESET", "and so does a new connection");
  t.equal(await outcome(camera, PATH, "127.98.230.2", password), "answered 200", "the listed address gets in");
});

/** Moves the device clock past the shutdown and boot, and waits for the listener to reopen. */
async function bootThrough(emulator: RunningEmulator, clock: VirtualClock, device: Device): Promise<void> {
  await clock.advance(device.profile.shutdownSeconds * 1000);
  await clock.advance(device.readyAt - clock.now());
  await emulator.http.settled();
}

t.test("in flash: a reboot and Restore keep the filter; Default clears it", async (t) => {
  const clock = new VirtualClock();
  const emulator = await start(t, 5, { clock });
  const camera = deviceOf(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const admin = { from: "127.98.240.1" };
  const refusedPeer = "127.98.240.66";
  t.equal((await asAdmin(camera, PATH, admin, password, { method: "PUT", body: filterXml(true, "deny", [specific(1, refusedPeer)]) })).status, 200);

  t.equal((await asAdmin(camera, "/ISAPI/System/reboot", admin, password, { method: "PUT" })).status, 200, "reboot");
  await bootThrough(emulator, clock, camera);
  t.equal(await outcome(camera, "/SDK/activateStatus", refusedPeer), "ECONNRESET", "after a reboot: still refused");
  t.equal(await outcome(camera, "/SDK/activateStatus", admin.from), "answered 200");

  t.equal((await asAdmin(camera, "/ISAPI/System/factoryReset?mode=basic", admin, password, { method: "PUT" })).status, 200, "Restore");
  await bootThrough(emulator, clock, camera);
  t.equal(await outcome(camera, "/SDK/activateStatus", refusedPeer), "ECONNRESET", "after Restore: still refused (a network setting)");
  t.equal((await asAdmin(camera, PATH, admin, password)).status, 200, "the same password after Restore");

  t.equal((await asAdmin(camera, "/ISAPI/System/factoryReset?mode=full", admin, password, { method: "PUT" })).status, 200, "Default");
  await bootThrough(emulator, clock, camera);
  t.equal(camera.activated, false, "factory state");
  t.same(camera.security.current.ipFilter, { enabled: false, permission: "deny", rules: [] }, "the filter is factory too");
  t.equal(await outcome(camera, "/SDK/activateStatus", refusedPeer), "answered 200", "after Default: the once-refused address gets in");
});

t.test("in flash: a restart on the same state directory keeps the filter", async (t) => {
  const dir = t.testdir();
  const firstStore = await FileStore.open(dir);
  const first = await start(t, 6, { store: firstStore });
  const password = await adminPassword(first, "nvr-1", PASSWORD);
  const put = await asAdmin(deviceOf(first, "nvr-1"), PATH, { from: "127.98.250.1" }, password, { method: "PUT", body: filterXml(true, "allow", [range(1, "127.98.250.0", "127.98.250.127")]) });
  t.equal(put.status, 200);
  await first.stop();
  await firstStore.close();

  const second = await start(t, 6, { store: await FileStore.open(dir) });
  const nvr = deviceOf(second, "nvr-1");
  t.same(nvr.security.current.ipFilter, { enabled: true, permission: "allow", rules: [{ id: 1, kind: "range", start: "127.98.250.0", end: "127.98.250.127" }] }, "read back from the store");
  t.equal(await outcome(nvr, "/SDK/activateStatus", "127.98.250.128"), "ECONNRESET", "outside the allowed range: dropped after the restart");
  t.equal(await outcome(nvr, PATH, "127.98.250.127", password), "answered 200", "inside it: in, with the same password");
  t.equal(await outcome(deviceOf(second, "camera-1"), "/SDK/activateStatus", "127.98.250.128"), "answered 200", "its neighbours have no filter");
});
