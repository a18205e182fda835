import t from "tap";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet, startRestartableFleet } from "../helpers/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { readFixture } from "../helpers/golden.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { captureShape, xmlShape } from "../helpers/xml-shape.js";
import type { DeviceEventMap } from "../../src/emulator/events.js";

const PASSWORD = "Hik12345!";
const PATH = "/ISAPI/System/Video/inputs/channels/1/motionDetection";

function captured(model: string): Record<string, unknown> {
  return (JSON.parse(readFixture(`isapi/captures/${model}/System_Video_inputs_channels_1_motionDetection.json`).toString("utf8")) as { response: Record<string, unknown> }).response;
}

const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

t.test("hikvision_next's switch: GET, flip enabled, PUT the whole document back", async (t) => {
  const emulator = await startDefaultFleet(t, 151);
  for (const [name, model] of [["camera-1", "DS-2CD2146G2-ISU"], ["legacy-camera-1", "DS-2CD2532F-IWS"]] as const) {
    const base = baseUrl(emulator, name);
    const password = await adminPassword(emulator, name, PASSWORD);
    const device = deviceOf(emulator, name);
    const changes: DeviceEventMap["settingsChanged"][0][] = [];
    device.events.on("settingsChanged", (event) => changes.push(event));
    const before = await isapiCall(base, PATH, "admin", password);
    t.equal(before.status, 200, `${name}: GET`);
    t.same(xmlShape(before.body), captureShape(captured(model)), `${name}: the captured shape (${model})`);
    const was = element(before.body, "enabled");
    const flipped = was === "true" ? "false" : "true";
    // xmltodict.unparse of the parsed GET: the same document with enabled changed.
    const put = await isapiCall(base, PATH, "admin", password, "PUT", before.body.replace(`<enabled>${was}</enabled>`, `<enabled>${flipped}</enabled>`));
    t.same([put.status, put.statusCode, put.subStatusCode], [200, "1", "ok"], `${name}: ResponseStatus OK`);
    const after = await isapiCall(base, PATH, "admin", password);
    t.equal(element(after.body, "enabled"), flipped, `${name}: GET shows the new state`);
    t.same(xmlShape(after.body), xmlShape(before.body), `${name}: same elements and order`);
    t.equal(after.body.replace(`<enabled>${flipped}</enabled>`, `<enabled>${was}</enabled>`), before.body, `${name}: nothing else changed`);
    t.equal(device.flash.eventSettings.motionDetection["1"]?.enabled, flipped === "true", `${name}: kept in flash`);
    t.match(changes, [{ name, setting: "motionDetection", actor: { via: "isapi", userName: "admin" } }], `${name}: settingsChanged for the device log`);
    const again = await isapiCall(base, PATH, "admin", password, "PUT", after.body);
    t.equal(again.status, 200, `${name}: the same document again is accepted`);
    t.equal(changes.length, 1, `${name}: and changes nothing`);
  }
});

t.test("partial bodies change what they name; regions where the layout has a RegionList", async (t) => {
  const emulator = await startDefaultFleet(t, 151, undefined, { subnet: 1 });
  const base = baseUrl(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const before = await isapiCall(base, PATH, "admin", password);
  const sensitivity = await isapiCall(base, PATH, "admin", password, "PUT", "<MotionDetection><MotionDetectionLayout><sensitivityLevel>80</sensitivityLevel></MotionDetectionLayout></MotionDetection>");
  t.equal(sensitivity.status, 200);
  const after = await isapiCall(base, PATH, "admin", password);
  t.equal(element(after.body, "sensitivityLevel"), "80");
  t.equal(element(after.body, "enabled"), element(before.body, "enabled"), "enabled kept");
  t.equal(element(after.body, "gridMap"), element(before.body, "gridMap"), "gridMap kept");
  const grid = "f".repeat(108);
  const regions =
    "<MotionDetection><MotionDetectionLayout><layout><gridMap>" +
    grid +
    "</gridMap><RegionList size=\"4\"><Region><id>1</id><RegionCoordinatesList>" +
    [[0, 0], [500, 0], [500, 500], [0, 500]].map(([x, y]) => `<RegionCoordinates><positionX>${x}</positionX><positionY>${y}</positionY></RegionCoordinates>`).join("") +
    "</RegionCoordinatesList></Region><Region><id>2</id><RegionCoordinatesList>" +
    [[600, 600], [1000, 600], [1000, 1000]].map(([x, y]) => `<RegionCoordinates><positionX>${x}</positionX><positionY>${y}</positionY></RegionCoordinates>`).join("") +
    "</RegionCoordinatesList></Region></RegionList></layout></MotionDetectionLayout></MotionDetection>";
  t.equal((await isapiCall(base, PATH, "admin", password, "PUT", regions)).status, 200, "two regions");
  const shaped = await isapiCall(base, PATH, "admin", password);
  t.equal(element(shaped.body, "gridMap"), grid);
  t.match(shaped.body, /<RegionList size="4">\r\n<Region>\r\n<id>1<\/id>\r\n<RegionCoordinatesList>\r\n<RegionCoordinates>\r\n<positionX>0<\/positionX>/, "RegionList keeps its size attribute, regions in the captured element shape");
  t.equal([...shaped.body.matchAll(/<RegionCoordinates>/g)].length, 7, "4 + 3 corners");
  t.equal(element(shaped.body, "sensitivityLevel"), "80", "the earlier change stays");
});

t.test("refused bodies change nothing: not the flash, not what GET returns", async (t) => {
  const emulator = await startDefaultFleet(t, 151, undefined, { subnet: 2 });
  const cases: [string, string, number, string][] = [
    ["camera-1", "<MotionDetection><enabled>true</enabled>", 400, "badXmlFormat"],
    ["camera-1", "", 400, "badXmlFormat"],
    ["camera-1", "<VideoLoss><enabled>true</enabled></VideoLoss>", 400, "badXmlContent"],
    ["camera-1", "<MotionDetection><enabled>yes</enabled></MotionDetection>", 400, "badXmlContent"],
    ["camera-1", "<MotionDetection><enabled>true</enabled><MotionDetectionLayout><sensitivityLevel>high</sensitivityLevel></MotionDetectionLayout></MotionDetection>", 400, "badXmlContent"],
    ["camera-1", "<MotionDetection><enabled>true</enabled><MotionDetectionLayout><sensitivityLevel>101</sensitivityLevel></MotionDetectionLayout></MotionDetection>", 400, "badParameters"],
    ["camera-1", "<MotionDetection><MotionDetectionLayout><layout><gridMap>fffffc</gridMap></layout></MotionDetectionLayout></MotionDetection>", 400, "badParameters"],
    ["camera-1", `<MotionDetection><MotionDetectionLayout><layout><gridMap>${"g".repeat(108)}</gridMap></layout></MotionDetectionLayout></MotionDetection>`, 400, "badParameters"],
    ["camera-1", `<MotionDetection><MotionDetectionLayout><layout><RegionList>${[1, 2, 3, 4, 5].map((id) => `<Region><id>${id}</id><RegionCoordinatesList>${"<RegionCoordinates><positionX>1</positionX><positionY>1</positionY></RegionCoordinates>".repeat(4)}</RegionCoordinatesList></Region>`).join("")}</RegionList></layout></MotionDetectionLayout></MotionDetection>`, 400, "badParameters"],
    ["camera-1", `<MotionDetection><MotionDetectionLayout><layout><RegionList><Region><id>1</id><RegionCoordinatesList>${"<RegionCoordinates><positionX>1001</positionX><positionY>1</positionY></RegionCoordinates>".repeat(4)}</RegionCoordinatesList></Region></RegionList></layout></MotionDetectionLayout></MotionDetection>`, 400, "badParameters"],
    ["camera-1", `<MotionDetection><MotionDetectionLayout><layout><RegionList><Region><id>1</id><RegionCoordinatesList>${"<RegionCoordinates><positionX>-1</positionX><positionY>1</positionY></RegionCoordinates>".repeat(4)}</RegionCoordinatesList></Region></RegionList></layout></MotionDetectionLayout></MotionDetection>`, 400, "badXmlContent"],
    // The V5.2 layout has a gridMap only.
    ["legacy-camera-1", `<MotionDetection><MotionDetectionLayout><layout><RegionList></RegionList></layout></MotionDetectionLayout></MotionDetection>`, 400, "badParameters"],
  ];
  const passwords = new Map<string, string>();
  for (const [name, body, status, sub] of cases) {
    const base = baseUrl(emulator, name);
    if (!passwords.has(name)) passwords.set(name, await adminPassword(emulator, name, PASSWORD));
    const password = passwords.get(name) as string;
    const device = deviceOf(emulator, name);
    const flash = device.flash;
    const before = await isapiCall(base, PATH, "admin", password);
    const reply = await isapiCall(base, PATH, "admin", password, "PUT", body);
    t.same([reply.status, reply.subStatusCode], [status, sub], `${name}: ${body.slice(0, 90)}…`);
    t.equal(device.flash, flash, "flash untouched");
    t.equal((await isapiCall(base, PATH, "admin", password)).body, before.body, "GET unchanged");
  }
});

t.test("where the model has no such resource: the recorder and other channels", async (t) => {
  const emulator = await startDefaultFleet(t, 151, undefined, { subnet: 3 });
  const nvr = baseUrl(emulator, "nvr-1");
  const nvrPassword = await adminPassword(emulator, "nvr-1", PASSWORD);
  for (const method of ["GET", "PUT"] as const) {
    const reply = await isapiCall(nvr, PATH, "admin", nvrPassword, method, method === "PUT" ? "<MotionDetection><enabled>true</enabled></MotionDetection>" : undefined);
    t.same([reply.status, reply.statusCode, reply.subStatusCode], [403, "4", "notSupport"], `nvr-1 ${method}: 403 as its video inputs (captured)`);
  }
  t.same(deviceOf(emulator, "nvr-1").flash.eventSettings.motionDetection, {}, "nothing written");
  const camera = baseUrl(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const other = await isapiCall(camera, "/ISAPI/System/Video/inputs/channels/2/motionDetection", "admin", password, "PUT", "<MotionDetection><enabled>true</enabled></MotionDetection>");
  t.same([other.status, other.subStatusCode], [403, "notSupport"], "camera-1 has one channel");
  t.same(deviceOf(emulator, "camera-1").flash.eventSettings.motionDetection, {}, "nothing written");
});

t.test("kept in flash: a restart of the emulator serves the changed values", async (t) => {
  const store = new MemoryStore();
  const first = await startRestartableFleet(t, "127.151.5", { store, ssdp: false });
  const password = await adminPassword(first, "camera-1", PASSWORD);
  const body = "<MotionDetection><enabled>true</enabled><MotionDetectionLayout><sensitivityLevel>100</sensitivityLevel></MotionDetectionLayout></MotionDetection>";
  t.equal((await isapiCall(baseUrl(first, "camera-1"), PATH, "admin", password, "PUT", body)).status, 200);
  await first.stop();
  const second = await startRestartableFleet(t, "127.151.6", { store, ssdp: false });
  const after = await isapiCall(baseUrl(second, "camera-1"), PATH, "admin", password);
  t.same([element(after.body, "enabled"), element(after.body, "sensitivityLevel")], ["true", "100"], "from the stored flash");
});
