import t from "tap";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import { parseXml, textAt } from "../../src/http/xml.js";
import { loadFigures } from "../../src/http/isapi/system-status.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";

const PASSWORD = "Hik12345!";
const OCTET = 143;
const NAMES = ["camera-1", "legacy-camera-1", "nvr-1"] as const;
const NS = "http://www.hikvision.com/ver20/XMLSchema";

t.test("status: uptime from BootTime on the device clock, load figures stable per device and boot inside the profile's ranges", async (t) => {
  const clock = new VirtualClock(Date.UTC(2026, 3, 1, 9, 0, 0));
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 1 });
  const start = clock.now();
  for (const name of NAMES) {
    const device = deviceOf(emulator, name);
    const password = await adminPassword(emulator, name, PASSWORD);
    const base = baseUrl(emulator, name);
    const read = async () => parseXml((await isapiCall(base, "/ISAPI/System/status", "admin", password)).body)!;
    const first = await read();
    const upBefore = (clock.now() - start) / 1000;
    t.equal(textAt(first, "DeviceStatus", "deviceUpTime"), String(upBefore), `${name}: up since hikemu started it`);
    const cpu = Number(textAt(first, "DeviceStatus", "CPUList", "CPU", "cpuUtilization"));
    const usage = Number(textAt(first, "DeviceStatus", "MemoryList", "Memory", "memoryUsage"));
    const available = Number(textAt(first, "DeviceStatus", "MemoryList", "Memory", "memoryAvailable"));
    const { status } = device.profile.system;
    t.ok(cpu >= status.cpuPercent.min && cpu <= status.cpuPercent.max, `${name}: cpu ${cpu}% in range`);
    t.ok(usage >= status.memoryPercent.min && usage <= status.memoryPercent.max, `${name}: memory ${usage}% in range`);
    t.equal(available, Math.round((status.memoryKiB * (100 - usage)) / 100), `${name}: available KiB = the part not in use`);
    t.equal(textAt(first, "DeviceStatus", "CPUList", "CPU", "cpuDescription"), status.cpuDescription);
    await clock.advance(3_600_000);
    const later = await read();
    t.equal(textAt(later, "DeviceStatus", "deviceUpTime"), String(upBefore + 3600), `${name}: an hour more`);
    t.equal(textAt(later, "DeviceStatus", "currentDeviceTime"), `1970-01-01T${String(8 + upBefore / 3600 + 1).padStart(2, "0")}:00:00+08:00`, `${name}: a never-set clock counts from 1970 (UTC+08:00)`);
    t.equal(textAt(later, "DeviceStatus", "CPUList", "CPU", "cpuUtilization"), String(cpu), `${name}: no noise between reads`);
    t.equal(textAt(later, "DeviceStatus", "totalRebootCount"), status.lensCounters ? "0" : undefined, `${name}: lens counters where the profile's firmware has them`);
  }
  const camera = deviceOf(emulator, "camera-1");
  camera.reboot("control");
  await clock.advance(camera.readyAt - clock.now() + 5_000);
  const after = parseXml((await isapiCall(baseUrl(emulator, "camera-1"), "/ISAPI/System/status", "admin", PASSWORD)).body)!;
  t.equal(textAt(after, "DeviceStatus", "deviceUpTime"), String(camera.profile.bootSeconds + 5), "uptime restarts at the new boot (its boot time, §2.6)");
  t.equal(textAt(after, "DeviceStatus", "CPUList", "CPU", "cpuUtilization"), String(loadFigures(camera).cpuPercent), "the new boot's figure");
});

t.test("capabilities: the captured DeviceCap with the device's own SecurityCap values; none without a capture", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 2 });
  for (const name of NAMES) {
    const device = deviceOf(emulator, name);
    const password = await adminPassword(emulator, name, PASSWORD);
    const reply = await isapiCall(baseUrl(emulator, name), "/ISAPI/System/capabilities", "admin", password);
    t.equal(reply.status, 200, name);
    const doc = parseXml(reply.body)!;
    const salt = textAt(doc, "DeviceCap", "SecurityCap", "salt");
    t.equal(salt, device.profile.security.capabilityElements.includes("salt") ? device.identity.salt : undefined, `${name}: the device's salt where the capture has one`);
    t.equal(textAt(doc, "DeviceCap", "SecurityCap", "supportUserNums"), String(device.profile.security.maxUsers));
    const security = (await isapiCall(baseUrl(emulator, name), "/ISAPI/Security/capabilities", "admin", password)).body;
    t.equal(textAt(parseXml(security)!, "SecurityCap", "keyIterateNum"), textAt(doc, "DeviceCap", "SecurityCap", "keyIterateNum"), `${name}: agrees with /ISAPI/Security/capabilities`);
  }
  const nvr = deviceOf(emulator, "nvr-1");
  await nvr.security.setWebAuth({ certificateType: "digest/basic", algorithm: "MD5" }, "test");
  const changed = await isapiCall(baseUrl(emulator, "nvr-1"), "/ISAPI/System/capabilities", "admin", PASSWORD);
  t.match(changed.body, '<CertificateType opt="digest,digest/basic">digest/basic</CertificateType>', "the current web auth setting, not a cached one");

  const bare = await startDefaultFleet(t, OCTET, undefined, { subnet: 3, profileOf: (p) => ({ ...p, system: { ...p.system, capabilities: undefined } }) });
  await adminPassword(bare, "camera-1", PASSWORD);
  const missing = await isapiCall(baseUrl(bare, "camera-1"), "/ISAPI/System/capabilities", "admin", PASSWORD);
  t.equal(missing.status, 404, "a profile without a capture: not served");
  t.equal(missing.subStatusCode, "notSupport");
});

t.test("deviceInfo?format=json: JSON with the XML's fields in order on newer firmware; XML on V5.2", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 4 });
  for (const name of NAMES) {
    const device = deviceOf(emulator, name);
    const password = await adminPassword(emulator, name, PASSWORD);
    const url = `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`;
    const xml = String((await request(url, { digestAuth: `admin:${password}`, dataType: "text" })).data);
    const response = await request(`${url}?format=json`, { digestAuth: `admin:${password}`, dataType: "text" });
    t.equal(response.status, 200);
    if (!device.profile.system.deviceInfoJson) {
      t.match(response.headers["content-type"], /^application\/xml/, `${name}: XML, the parameter ignored`);
      t.equal(String(response.data), xml);
      continue;
    }
    t.match(response.headers["content-type"], /^application\/json/, `${name}: JSON`);
    const json = JSON.parse(String(response.data)) as { DeviceInfo: Record<string, unknown> };
    const fields = parseXml(xml)!["DeviceInfo"] as Record<string, string>;
    t.same(Object.keys(json.DeviceInfo), Object.keys(fields), `${name}: the same fields in the same order`);
    t.equal(json.DeviceInfo["serialNumber"], device.identity.serial);
    t.equal(json.DeviceInfo["macAddress"], device.identity.mac);
    t.equal(json.DeviceInfo["firmwareVersion"], device.profile.firmware.version);
    t.equal(json.DeviceInfo["telecontrolID"], device.profile.deviceInfo.telecontrolID, "a number");
    if ("supportBeep" in json.DeviceInfo) t.equal(json.DeviceInfo["supportBeep"], false, "a boolean");
    t.equal(typeof json.DeviceInfo["hardwareVersion"], "string");
  }
});

const interfaceBody = (ip: string, id = "1") =>
  `<?xml version="1.0" encoding="UTF-8"?><NetworkInterface version="2.0" xmlns="${NS}"><id>${id}</id><IPAddress version="2.0" xmlns="${NS}"><ipVersion>dual</ipVersion><addressingType>static</addressingType><ipAddress>${ip}</ipAddress><subnetMask>255.255.0.0</subnetMask><DefaultGateway><ipAddress>127.20.0.1</ipAddress></DefaultGateway></IPAddress><Link><speed>10</speed></Link></NetworkInterface>`;

t.test("interfaces: the IPAddress the ipAddress resource serves, inside NetworkInterface; PUT interfaces/1 moves the device like SADP update", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 5 });
  const camera = deviceOf(emulator, "camera-1");
  await adminPassword(emulator, "camera-1", PASSWORD);
  const base = baseUrl(emulator, "camera-1");
  const list = parseXml((await isapiCall(base, "/ISAPI/System/Network/interfaces", "admin", PASSWORD)).body)!;
  const single = parseXml((await isapiCall(base, "/ISAPI/System/Network/interfaces/1", "admin", PASSWORD)).body)!;
  const ipAddress = parseXml((await isapiCall(base, "/ISAPI/System/Network/interfaces/1/ipAddress", "admin", PASSWORD)).body)!;
  t.same((list["NetworkInterfaceList"] as Record<string, unknown>)["NetworkInterface"], single["NetworkInterface"], "the list's entry is interfaces/1");
  t.same((single["NetworkInterface"] as Record<string, unknown>)["IPAddress"], ipAddress["IPAddress"], "the same IPAddress as …/ipAddress");
  t.equal(textAt(single, "NetworkInterface", "Link", "MACAddress"), camera.identity.mac);
  t.equal(textAt(single, "NetworkInterface", "Link", "speed"), "100");

  const seen: string[] = [];
  camera.events.on("networkChanged", (e) => seen.push(`${e.previous.ipv4}->${e.network.ipv4} via ${e.via}`));
  const put = await isapiCall(base, "/ISAPI/System/Network/interfaces/1", "admin", PASSWORD, "PUT", interfaceBody("127.143.5.50"));
  t.equal(put.status, 200);
  t.equal(put.statusCode, "1");
  t.same(seen, ["127.143.5.10->127.143.5.50 via isapi"], "through device.changeNetwork, as the ipAddress PUT");
  t.equal(camera.flash.networkSetBy, "device");
  await emulator.http.settled(camera);
  t.equal(camera.serving.address, "127.143.5.50", "served at the new address");
  const moved = parseXml((await isapiCall(`http://127.143.5.50:${camera.serving.httpPort}`, "/ISAPI/System/Network/interfaces/1", "admin", PASSWORD)).body)!;
  t.equal(textAt(moved, "NetworkInterface", "IPAddress", "ipAddress"), "127.143.5.50");
  t.equal(textAt(moved, "NetworkInterface", "Link", "speed"), "100", "Link is not settable");
});

t.test("interfaces/1 PUT: malformed or out-of-range input is refused and nothing changes", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 6 });
  const camera = deviceOf(emulator, "camera-1");
  await adminPassword(emulator, "camera-1", PASSWORD);
  const base = baseUrl(emulator, "camera-1");
  const flashBefore = JSON.stringify(camera.flash);
  const getBefore = (await isapiCall(base, "/ISAPI/System/Network/interfaces", "admin", PASSWORD)).body;
  const cases: [string, string][] = [
    ["<NetworkInterface><id>1</id>", "badXmlFormat"],
    [`<IPAddress xmlns="${NS}"><ipAddress>127.143.6.60</ipAddress></IPAddress>`, "badXmlContent"],
    [`<NetworkInterface xmlns="${NS}"><id>1</id></NetworkInterface>`, "badXmlContent"],
    [interfaceBody("127.143.6.60", "2"), "badParameters"],
    [interfaceBody("300.1.1.1"), "badParameters"],
    [interfaceBody("224.0.0.9"), "badParameters"],
    [interfaceBody("127.143.6.60").replace("static", "bootp"), "badXmlContent"],
    [interfaceBody("127.143.6.60").replace("255.255.0.0", "255.0.255.0"), "badParameters"],
  ];
  for (const [body, sub] of cases) {
    const reply = await isapiCall(base, "/ISAPI/System/Network/interfaces/1", "admin", PASSWORD, "PUT", body);
    t.equal(reply.status, 400, body);
    t.equal(reply.subStatusCode, sub, `${body}: ${sub}`);
  }
  t.equal(JSON.stringify(camera.flash), flashBefore, "flash unchanged");
  t.equal((await isapiCall(base, "/ISAPI/System/Network/interfaces", "admin", PASSWORD)).body, getBefore, "GET unchanged");
  t.equal(camera.serving.address, "127.143.6.10", "still served where it was");
});
