import t from "tap";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { golden, readFixture } from "../helpers/golden.js";
import { shapeOfDump, shapeOfXml } from "../helpers/xml-shape.js";

/**
 * Golden shapes (issue #10 acceptance): element names and order of what each device type of the
 * default fleet serves, against real captures where they exist and against shapes derived from
 * public docs where none does (fixtures/README.md says which is which).
 */
const PASSWORD = "Hik12345!";
const OCTET = 144;
const NAMES = ["camera-1", "legacy-camera-1", "nvr-1"] as const;
type Name = (typeof NAMES)[number];
const CAPTURE_OF: Record<Name, string> = { "camera-1": "DS-2CD2146G2-ISU", "legacy-camera-1": "DS-2CD2532F-IWS", "nvr-1": "DS-7608NXI-I2" };

/** Which status capture each profile's firmware generation answers like (system.status.lensCounters). */
const STATUS_REFERENCE: Record<Name, string> = {
  "camera-1": "isapi/DeviceStatus.DS-2CD2155FWD-I.fw-V5.5.0.capture.xml",
  "legacy-camera-1": "isapi/DeviceStatus.DS-2CD2155FWD-I.fw-V5.4.5.capture.xml",
  "nvr-1": "isapi/DeviceStatus.recorder.docs.xml",
};

async function fetchAll(name: Name, base: string, password: string, path: string): Promise<string> {
  const response = await request(`${base}${path}`, { digestAuth: `admin:${password}`, dataType: "text" });
  if (response.status !== 200) throw new Error(`${name} ${path}: ${response.status}`);
  return String(response.data);
}

t.test("deviceInfo, capabilities, status, time, NTP servers and interfaces have the shape of the captures (or the docs)", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(Date.UTC(2026, 0, 1, 12, 0, 0)));
  for (const name of NAMES) {
    const password = await adminPassword(emulator, name, PASSWORD);
    const base = baseUrl(emulator, name);
    const get = (path: string) => fetchAll(name, base, password, path);
    const model = CAPTURE_OF[name];

    // real-responses/<model>/System_deviceInfo.json, rendered as XML (fixtures/isapi/deviceInfo.<model>.capture.xml).
    t.same(shapeOfXml(await get("/ISAPI/System/deviceInfo")), shapeOfXml(readFixture(`isapi/deviceInfo.${model}.capture.xml`).toString()), `${name}: deviceInfo`);

    // real-responses/<model>/System_capabilities.json, copied to fixtures/isapi/DeviceCap.<model>.capture.json.
    const capture = JSON.parse(readFixture(`isapi/DeviceCap.${model}.capture.json`).toString()) as { response: { DeviceCap: unknown } };
    const capabilities = await get("/ISAPI/System/capabilities");
    const expected = shapeOfDump("DeviceCap", capture.response.DeviceCap);
    t.same(shapeOfXml(capabilities), expected, `${name}: capabilities, all ${expected.length} elements in the capture's order`);

    t.same(shapeOfXml(await get("/ISAPI/System/status")), shapeOfXml(readFixture(STATUS_REFERENCE[name]).toString()), `${name}: status as ${STATUS_REFERENCE[name]}`);
    t.same(shapeOfXml(await get("/ISAPI/System/time")), shapeOfXml(readFixture("isapi/Time.docs.xml").toString()), `${name}: time (docs)`);
    t.same(shapeOfXml(await get("/ISAPI/System/time/ntpServers")), shapeOfXml(readFixture("isapi/NTPServerList.docs.xml").toString()), `${name}: ntpServers (docs)`);
    const interfaces = await get("/ISAPI/System/Network/interfaces");
    t.same(shapeOfXml(interfaces), shapeOfXml(readFixture("isapi/NetworkInterfaceList.docs.xml").toString()), `${name}: interfaces (docs, IPAddress as §2.7)`);
    t.same(
      shapeOfXml(await get("/ISAPI/System/Network/interfaces/1")),
      shapeOfXml(readFixture("isapi/NetworkInterfaceList.docs.xml").toString())
        .filter((path) => path !== "NetworkInterfaceList")
        .map((path) => path.replace(/^NetworkInterfaceList\//, "")),
      `${name}: interfaces/1 is the list's entry`,
    );
  }
});

t.test("the same resources are byte-stable per device on a fixed clock (golden files)", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(Date.UTC(2026, 0, 1, 12, 0, 0)), { subnet: 1 });
  for (const name of NAMES) {
    const password = await adminPassword(emulator, name, PASSWORD);
    const base = baseUrl(emulator, name);
    for (const [file, path] of [
      ["DeviceCap", "/ISAPI/System/capabilities"],
      ["DeviceStatus", "/ISAPI/System/status"],
      ["Time", "/ISAPI/System/time"],
      ["NetworkInterfaceList", "/ISAPI/System/Network/interfaces"],
    ] as const) {
      // Addresses differ per test subnet: golden files hold them as 127.144.<subnet>.
      const body = (await fetchAll(name, base, password, path)).replaceAll(/127\.144\.1\./g, "127.144.x.");
      t.equal(body, golden(`isapi/${file}.${name}.golden.xml`, body).toString(), `${name}: ${path}`);
    }
  }
});
