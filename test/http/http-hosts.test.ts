import t from "tap";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { readFixture } from "../helpers/golden.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { captureShape, xmlShape } from "../helpers/xml-shape.js";
import type { DeviceEventMap } from "../../src/emulator/events.js";

const PASSWORD = "Hik12345!";
const PATH = "/ISAPI/Event/notification/httpHosts";
const DEVICES = [
  ["camera-1", "DS-2CD2146G2-ISU"],
  ["legacy-camera-1", "DS-2CD2532F-IWS"],
  ["nvr-1", "DS-7608NXI-I2"],
] as const;

function captured(model: string): Record<string, unknown> {
  return (JSON.parse(readFixture(`isapi/captures/${model}/Event_notification_httpHosts.json`).toString("utf8")) as { response: Record<string, unknown> }).response;
}

/** The first HttpHostNotification's text of an element. */
const firstHost = (xml: string, name: string) => new RegExp(`<HttpHostNotification[ >][\\s\\S]*?<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

t.test("hikvision_next registers its alarm server: GET, change the first host, PUT the list back", async (t) => {
  const emulator = await startDefaultFleet(t, 152);
  for (const [name, model] of DEVICES) {
    const base = baseUrl(emulator, name);
    const password = await adminPassword(emulator, name, PASSWORD);
    const device = deviceOf(emulator, name);
    const changes: DeviceEventMap["settingsChanged"][0][] = [];
    device.events.on("settingsChanged", (event) => changes.push(event));
    const before = await isapiCall(base, PATH, "admin", password);
    t.equal(before.status, 200, `${name}: GET`);
    t.same(xmlShape(before.body), captureShape(captured(model)), `${name}: element names, order and attributes of ${model}'s capture`);
    t.same([firstHost(before.body, "ipAddress"), firstHost(before.body, "portNo"), firstHost(before.body, "url")], ["0.0.0.0", "80", "/"], `${name}: a factory slot`);
    // What set_alarm_server writes into the first host before xmltodict.unparse.
    const edited = before.body
      .replace("<url>/</url>", "<url>/api/hikvision</url>")
      .replace("<ipAddress>0.0.0.0</ipAddress>", "<ipAddress>127.0.0.1</ipAddress>")
      .replace("<portNo>80</portNo>", "<portNo>8123</portNo>");
    const put = await isapiCall(base, PATH, "admin", password, "PUT", edited);
    t.same([put.status, put.statusCode, put.subStatusCode], [200, "1", "ok"], `${name}: ResponseStatus OK`);
    const after = await isapiCall(base, PATH, "admin", password);
    t.same([firstHost(after.body, "ipAddress"), firstHost(after.body, "portNo"), firstHost(after.body, "url")], ["127.0.0.1", "8123", "/api/hikvision"], `${name}: GET shows the server`);
    t.equal(after.body, edited, `${name}: the rest as it was`);
    t.same(device.flash.eventSettings.httpHosts["1"], { url: "/api/hikvision", protocolType: "HTTP", parameterFormatType: "XML", addressingFormatType: "ipaddress", ipAddress: "127.0.0.1", portNo: 8123, httpAuthenticationMethod: "none" }, `${name}: kept in flash`);
    t.match(changes, [{ name, setting: "httpHosts", actor: { via: "isapi", userName: "admin" } }], `${name}: settingsChanged`);
  }
});

t.test("refused PUTs change nothing: not the flash, not what GET returns", async (t) => {
  const emulator = await startDefaultFleet(t, 152, undefined, { subnet: 1 });
  const host = (inner: string) => `<HttpHostNotificationList><HttpHostNotification><id>1</id>${inner}</HttpHostNotification></HttpHostNotificationList>`;
  const cases: [string, number, string][] = [
    ["<HttpHostNotificationList><HttpHostNotification>", 400, "badXmlFormat"],
    ["<HttpHostNotification><id>1</id></HttpHostNotification>", 400, "badXmlContent"],
    ["<HttpHostNotificationList><HttpHostNotification><url>/x</url></HttpHostNotification></HttpHostNotificationList>", 400, "badXmlContent"],
    ["<HttpHostNotificationList><HttpHostNotification><id>9</id></HttpHostNotification></HttpHostNotificationList>", 400, "badParameters"],
    [host("<ipAddress>300.1.1.1</ipAddress>"), 400, "badParameters"],
    [host("<portNo>70000</portNo>"), 400, "badParameters"],
    [host("<portNo>0</portNo>"), 400, "badParameters"],
    [host("<portNo>eighty</portNo>"), 400, "badXmlContent"],
    [host("<protocolType>FTP</protocolType>"), 400, "badParameters"],
    [host("<addressingFormatType>hostname</addressingFormatType>"), 400, "badParameters"],
    [host("<url>no-slash</url>"), 400, "badParameters"],
    [host("<httpAuthenticationMethod>basic</httpAuthenticationMethod>"), 400, "badParameters"],
    // One good host and one bad: nothing of it is kept.
    [`<HttpHostNotificationList><HttpHostNotification><id>1</id><portNo>8123</portNo></HttpHostNotification><HttpHostNotification><id>2</id><portNo>99999</portNo></HttpHostNotification></HttpHostNotificationList>`, 400, "badParameters"],
  ];
  const base = baseUrl(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const device = deviceOf(emulator, "camera-1");
  for (const [body, status, sub] of cases) {
    const flash = device.flash;
    const before = await isapiCall(base, PATH, "admin", password);
    const reply = await isapiCall(base, PATH, "admin", password, "PUT", body);
    t.same([reply.status, reply.subStatusCode], [status, sub], body.slice(0, 100));
    t.equal(device.flash, flash, "flash untouched");
    t.equal((await isapiCall(base, PATH, "admin", password)).body, before.body, "GET unchanged");
  }
  t.same(device.flash.eventSettings.httpHosts, {}, "no host was ever written");
});
