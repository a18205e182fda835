import t from "tap";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import { parseXml, textAt } from "../../src/http/xml.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { recordEvents } from "../helpers/lifecycle.js";

const PASSWORD = "Hik12345!";
const OCTET = 142;
const NS = "http://www.hikvision.com/ver20/XMLSchema";
const HOST_START = Date.UTC(2026, 3, 1, 9, 0, 0);

const timeBody = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><Time version="2.0" xmlns="${NS}">${inner}</Time>`;
const ntpBody = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><NTPServer version="2.0" xmlns="${NS}">${inner}</NTPServer>`;

t.test("a never-set camera: Time, the Date header and SADP BootTime all read 1970 in the factory zone (§1.3)", async (t) => {
  const clock = new VirtualClock(HOST_START);
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 1 });
  for (const name of ["camera-1", "legacy-camera-1", "nvr-1"]) {
    const password = await adminPassword(emulator, name, PASSWORD);
    const response = await request(`${baseUrl(emulator, name)}/ISAPI/System/time`, { digestAuth: `admin:${password}`, dataType: "text" });
    t.equal(response.status, 200, name);
    const doc = parseXml(String(response.data))!;
    t.equal(textAt(doc, "Time", "timeMode"), "manual", `${name}: factory manual`);
    t.equal(textAt(doc, "Time", "localTime"), "1970-01-01T08:00:00+08:00", `${name}: never set, CST-8:00:00`);
    t.equal(textAt(doc, "Time", "timeZone"), "CST-8:00:00");
    t.equal(response.headers["date"], "Thu, 01 Jan 1970 08:00:00 GMT", `${name}: Date is the wall clock labelled GMT, as the cassettes show`);
  }
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3 });
  for (const fields of sadp.byMac.values()) t.equal(fields.get("BootTime"), "1970-01-01 08:00:00");
});

t.test("PUT manual time and zone: GET, status, the Date header and SADP BootTime follow; timeChanged names the user", async (t) => {
  const clock = new VirtualClock(HOST_START);
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 2 });
  const base = baseUrl(emulator, "camera-1");
  const camera = deviceOf(emulator, "camera-1");
  await adminPassword(emulator, "camera-1", PASSWORD);
  const seen = recordEvents(camera.events, ["timeChanged"]);
  const put = await isapiCall(base, "/ISAPI/System/time", "admin", PASSWORD, "PUT", timeBody("<timeMode>manual</timeMode><localTime>2024-01-01T12:00:00+08:00</localTime><timeZone>CST-8:00:00</timeZone>"));
  t.equal(put.status, 200);
  t.equal(put.statusCode, "1");
  t.equal(seen.length, 1);
  t.match(seen[0]?.[1], { name: "camera-1", actor: { via: "isapi", userName: "admin", peer: /^(::ffff:)?127\./ } });

  await clock.advance(90_000);
  const got = await request(`${base}/ISAPI/System/time`, { digestAuth: `admin:${PASSWORD}`, dataType: "text" });
  t.equal(textAt(parseXml(String(got.data))!, "Time", "localTime"), "2024-01-01T12:01:30+08:00", "the clock runs from the set time");
  t.equal(got.headers["date"], "Mon, 01 Jan 2024 12:01:30 GMT");
  const status = await isapiCall(base, "/ISAPI/System/status", "admin", PASSWORD);
  t.match(status.body, "<currentDeviceTime>2024-01-01T12:01:30+08:00</currentDeviceTime>");
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3 });
  const bootTime = sadp.byMac.get(camera.identity.mac.replaceAll(":", "-"))!.get("BootTime");
  t.equal(bootTime, "2024-01-01 12:00:00", "BootTime = device time now minus 90 s of uptime");

  t.equal((await isapiCall(base, "/ISAPI/System/time", "admin", PASSWORD, "PUT", timeBody("<timeZone>CST+5:00:00</timeZone>"))).status, 200);
  const west = parseXml((await isapiCall(base, "/ISAPI/System/time", "admin", PASSWORD)).body)!;
  t.equal(textAt(west, "Time", "localTime"), "2023-12-31T23:01:30-05:00", "a zone change shows the same instant on another wall clock");
  t.equal(textAt(west, "Time", "timeZone"), "CST+5:00:00");
});

t.test("NTP: the NTP server resources, and NTP mode synchronised to the host clock (hikemu sends no NTP)", async (t) => {
  const clock = new VirtualClock(HOST_START);
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 3 });
  const base = baseUrl(emulator, "nvr-1");
  await adminPassword(emulator, "nvr-1", PASSWORD);
  const list = parseXml((await isapiCall(base, "/ISAPI/System/time/ntpServers", "admin", PASSWORD)).body)!;
  t.equal(textAt(list, "NTPServerList", "NTPServer", "id"), "1");
  t.equal(textAt(list, "NTPServerList", "NTPServer", "addressingFormatType"), "hostname");
  t.equal(textAt(list, "NTPServerList", "NTPServer", "hostName"), "time.windows.com");
  t.equal(textAt(list, "NTPServerList", "NTPServer", "portNo"), "123");
  t.equal(textAt(list, "NTPServerList", "NTPServer", "synchronizeInterval"), "1440");

  const put = await isapiCall(base, "/ISAPI/System/time/ntpServers/1", "admin", PASSWORD, "PUT", ntpBody("<id>1</id><addressingFormatType>ipaddress</addressingFormatType><ipAddress>127.142.3.1</ipAddress><portNo>1123</portNo><synchronizeInterval>60</synchronizeInterval>"));
  t.equal(put.status, 200);
  const one = parseXml((await isapiCall(base, "/ISAPI/System/time/ntpServers/1", "admin", PASSWORD)).body)!;
  t.equal(textAt(one, "NTPServer", "ipAddress"), "127.142.3.1");
  t.equal(textAt(one, "NTPServer", "hostName"), undefined, "ipaddress form: no hostName");
  t.equal(textAt(one, "NTPServer", "portNo"), "1123");

  const listPut = `<?xml version="1.0" encoding="UTF-8"?><NTPServerList version="2.0" xmlns="${NS}"><NTPServer><id>1</id><addressingFormatType>hostname</addressingFormatType><hostName>pool.ntp.org</hostName><portNo>123</portNo><synchronizeInterval>30</synchronizeInterval></NTPServer></NTPServerList>`;
  t.equal((await isapiCall(base, "/ISAPI/System/time/ntpServers", "admin", PASSWORD, "PUT", listPut)).status, 200, "the list form");
  t.equal(textAt(parseXml((await isapiCall(base, "/ISAPI/System/time/ntpServers/1", "admin", PASSWORD)).body)!, "NTPServer", "hostName"), "pool.ntp.org");

  t.equal((await isapiCall(base, "/ISAPI/System/time", "admin", PASSWORD, "PUT", timeBody("<timeMode>NTP</timeMode><timeZone>CST+0:00:00</timeZone>"))).status, 200);
  await clock.advance(60_000);
  const ntp = parseXml((await isapiCall(base, "/ISAPI/System/time", "admin", PASSWORD)).body)!;
  t.equal(textAt(ntp, "Time", "timeMode"), "NTP");
  t.equal(textAt(ntp, "Time", "localTime"), "2026-04-01T09:01:00+00:00", "the host clock");
});

t.test("malformed and out-of-range PUTs: 400 with the ResponseStatus code, and nothing changes (flash, GET, events)", async (t) => {
  const clock = new VirtualClock(HOST_START);
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 4 });
  const base = baseUrl(emulator, "camera-1");
  const camera = deviceOf(emulator, "camera-1");
  await adminPassword(emulator, "camera-1", PASSWORD);
  const flashBefore = JSON.stringify(camera.flash);
  const timeBefore = (await isapiCall(base, "/ISAPI/System/time", "admin", PASSWORD)).body;
  const ntpBefore = (await isapiCall(base, "/ISAPI/System/time/ntpServers", "admin", PASSWORD)).body;
  const seen = recordEvents(camera.events, ["timeChanged"]);
  const cases: [string, string, string][] = [
    ["/ISAPI/System/time", "<Time><timeMode>manual</timeMode>", "badXmlFormat"],
    ["/ISAPI/System/time", `<Clock xmlns="${NS}"><timeMode>manual</timeMode></Clock>`, "badXmlContent"],
    ["/ISAPI/System/time", timeBody(""), "badXmlContent"],
    ["/ISAPI/System/time", timeBody("<timeMode><a>1</a></timeMode>"), "badXmlContent"],
    ["/ISAPI/System/time", timeBody("<timeMode>satellite</timeMode>"), "badParameters"],
    ["/ISAPI/System/time", timeBody("<timeZone>GMT+08:00</timeZone>"), "badParameters"],
    ["/ISAPI/System/time", timeBody("<timeZone>CST-15:00:00</timeZone>"), "badParameters"],
    ["/ISAPI/System/time", timeBody("<timeMode>manual</timeMode><localTime>2024-02-30T10:00:00</localTime>"), "badParameters"],
    ["/ISAPI/System/time", timeBody("<localTime>2040-01-01T00:00:00Z</localTime>"), "badParameters"],
    // A valid zone with a bad time: the whole change is refused, the zone too.
    ["/ISAPI/System/time", timeBody("<timeZone>CST+3:00:00</timeZone><localTime>noon</localTime>"), "badParameters"],
    ["/ISAPI/System/time/ntpServers/1", ntpBody("<addressingFormatType>hostname</addressingFormatType><hostName>bad host</hostName>"), "badParameters"],
    ["/ISAPI/System/time/ntpServers/1", ntpBody("<addressingFormatType>ipaddress</addressingFormatType><ipAddress>999.1.1.1</ipAddress>"), "badParameters"],
    ["/ISAPI/System/time/ntpServers/1", ntpBody("<portNo>70000</portNo>"), "badParameters"],
    ["/ISAPI/System/time/ntpServers/1", ntpBody("<portNo>abc</portNo>"), "badParameters"],
    ["/ISAPI/System/time/ntpServers/1", ntpBody("<synchronizeInterval>0</synchronizeInterval>"), "badParameters"],
    ["/ISAPI/System/time/ntpServers/1", ntpBody("<id>2</id>"), "badParameters"],
    ["/ISAPI/System/time/ntpServers/1", ntpBody("<addressingFormatType>ipaddress</addressingFormatType>"), "badXmlContent"],
    ["/ISAPI/System/time/ntpServers/1", "not xml", "badXmlFormat"],
    ["/ISAPI/System/time/ntpServers", `<NTPServerList>${ntpBody("<id>1</id>").replace(/^<\?xml[^>]*>/, "").repeat(2)}</NTPServerList>`, "badParameters"],
    ["/ISAPI/System/time/ntpServers", `<NTPServerList xmlns="${NS}"></NTPServerList>`, "badXmlContent"],
  ];
  for (const [path, body, sub] of cases) {
    const reply = await isapiCall(base, path, "admin", PASSWORD, "PUT", body);
    t.equal(reply.status, 400, `${path} ${body}: 400`);
    t.equal(reply.subStatusCode, sub, `${path} ${body}: ${sub}`);
  }
  t.equal(JSON.stringify(camera.flash), flashBefore, "flash unchanged");
  t.equal((await isapiCall(base, "/ISAPI/System/time", "admin", PASSWORD)).body, timeBefore, "GET time unchanged (the virtual clock did not move)");
  t.equal((await isapiCall(base, "/ISAPI/System/time/ntpServers", "admin", PASSWORD)).body, ntpBefore, "GET ntpServers unchanged");
  t.same(seen, [], "no timeChanged");
});

t.test("levels: a Viewer reads the time but may not set it (lowPrivilege before the body is read); an Operator may", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(HOST_START), { subnet: 5 });
  const base = baseUrl(emulator, "camera-1");
  const camera = deviceOf(emulator, "camera-1");
  await adminPassword(emulator, "camera-1", PASSWORD);
  const user = (name: string, password: string, level: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><User><id>0</id><userName>${name}</userName><password>${password}</password><userLevel>${level}</userLevel><loginPassword>${PASSWORD}</loginPassword></User>`;
  t.equal((await isapiCall(base, "/ISAPI/Security/users", "admin", PASSWORD, "POST", user("viewer", "View1234!", "Viewer"))).status, 200);
  t.equal((await isapiCall(base, "/ISAPI/Security/users", "admin", PASSWORD, "POST", user("ops", "Opera7or!", "Operator"))).status, 200);
  t.equal((await isapiCall(base, "/ISAPI/System/time", "viewer", "View1234!")).status, 200, "a Viewer reads it");
  const before = JSON.stringify(camera.flash.time);
  const refused = await isapiCall(base, "/ISAPI/System/time", "viewer", "View1234!", "PUT", timeBody("<timeZone>CST+1:00:00</timeZone>"));
  t.same([refused.status, refused.subStatusCode], [403, "lowPrivilege"]);
  const ntpRefused = await isapiCall(base, "/ISAPI/System/time/ntpServers/1", "viewer", "View1234!", "PUT", ntpBody("<portNo>124</portNo>"));
  t.same([ntpRefused.status, ntpRefused.subStatusCode], [403, "lowPrivilege"]);
  t.equal(JSON.stringify(camera.flash.time), before, "unchanged");
  t.equal((await isapiCall(base, "/ISAPI/System/time", "ops", "Opera7or!", "PUT", timeBody("<timeZone>CST+1:00:00</timeZone>"))).status, 200, "an Operator sets it");
  t.equal(camera.time.settings.timeZone, "CST+1:00:00");
});
