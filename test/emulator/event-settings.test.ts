import t from "tap";
import { EventEmitter } from "node:events";
import { EventSettingsModule } from "../../src/emulator/event-settings.js";
import { DeviceError } from "../../src/emulator/errors.js";
import type { DeviceEventMap } from "../../src/emulator/events.js";
import { deriveIdentity } from "../../src/emulator/identity.js";
import { restoredFlash } from "../../src/emulator/maintenance.js";
import { completeFlash, factoryEventSettings, factoryFlash, type FlashState, type HttpHostSettings, type MotionSettings } from "../../src/emulator/state.js";
import { capturedDocument } from "../../src/http/isapi/captured-document.js";
import { capturedMotion, motionChange } from "../../src/http/isapi/motion-detection.js";
import { httpHostsChange } from "../../src/http/isapi/http-hosts.js";
import { CAMERA, LEGACY, profile } from "../helpers/harness.js";

const ACTOR = { via: "isapi", userName: "admin", peer: "127.0.0.1" };

function unit(model = CAMERA) {
  const p = profile(model);
  const identity = deriveIdentity("seed", "unit-1", p);
  let flash: FlashState = factoryFlash(p, identity, p.factoryNetwork, "fleet");
  const events = new EventEmitter<DeviceEventMap>();
  const changed: DeviceEventMap["settingsChanged"][0][] = [];
  events.on("settingsChanged", (e) => changed.push(e));
  let writes = 0;
  const module = new EventSettingsModule({
    name: "unit-1",
    profile: () => p,
    events,
    flash: () => flash,
    writeFlash: async (next) => {
      writes++;
      flash = next;
    },
    exclusive: (operation) => operation(),
  });
  return { p, module, changed, writes: () => writes, flash: () => flash };
}

/** The DeviceError a call throws (sync or async), or undefined. */
async function refusal(call: () => unknown): Promise<DeviceError | undefined> {
  try {
    await call();
  } catch (error) {
    DeviceError.accept(error);
    return error;
  }
  return undefined;
}

const GRID = "f".repeat(108);

t.test("motion detection: validated against the profile, written once, announced", async (t) => {
  const { module, changed, writes, flash } = unit();
  const good: MotionSettings = { enabled: true, sensitivityLevel: 60, gridMap: GRID.toUpperCase(), regions: [{ id: 1, points: [[0, 0], [1000, 0], [1000, 1000]] }] };
  await module.setMotionDetection("1", good, ACTOR);
  t.same(flash().eventSettings.motionDetection["1"], { ...good, gridMap: GRID }, "stored, gridMap in lower case as devices print it");
  t.same(changed, [{ name: "unit-1", setting: "motionDetection", actor: ACTOR }]);
  await module.setMotionDetection("1", good, ACTOR);
  t.equal(writes(), 1, "the same values again write nothing");
  t.equal(changed.length, 1, "and announce nothing");
  const cases: [MotionSettings, string][] = [
    [{ ...good, sensitivityLevel: 101 }, "sensitivityLevel"],
    [{ ...good, sensitivityLevel: -1 }, "sensitivityLevel"],
    [{ ...good, sensitivityLevel: 1.5 }, "sensitivityLevel"],
    [{ ...good, gridMap: "ff" }, "gridMap"],
    [{ ...good, gridMap: "z".repeat(108) }, "gridMap"],
    [{ ...good, regions: [1, 2, 3, 4, 5].map((id) => ({ id, points: [[0, 0], [1, 1], [2, 2]] as [number, number][] })) }, "RegionList"],
    [{ ...good, regions: [{ id: 1, points: [[0, 0], [1, 1]] }] }, "RegionCoordinatesList"],
    [{ ...good, regions: [{ id: 1, points: [[0, 0], [1, 1], [2, 1001]] }] }, "positionY"],
    [{ ...good, regions: [{ id: 5, points: [[0, 0], [1, 1], [2, 2]] }] }, "Region id"],
    [{ ...good, regions: [{ id: 1, points: [[0, 0], [1, 1], [2, 2]] }, { id: 1, points: [[0, 0], [1, 1], [2, 2]] }] }, "Region id"],
  ];
  for (const [settings, element] of cases) {
    const before = flash();
    const error = await refusal(() => module.setMotionDetection("1", settings, ACTOR));
    t.equal(error?.code, "badParameters", `${element}: badParameters`);
    t.match(error?.detail, element, `the message names ${element}`);
    t.equal(flash(), before, "flash unchanged");
  }
  t.equal(changed.length, 1);
});

t.test("the V5.2 layout has no regions: any region is refused", async (t) => {
  const { module } = unit(LEGACY);
  const error = await refusal(() => module.setMotionDetection("1", { enabled: true, sensitivityLevel: 20, gridMap: GRID, regions: [{ id: 1, points: [[0, 0], [1, 1], [2, 2]] }] }, ACTOR));
  t.match(error, { code: "badParameters", detail: /RegionList holds at most 0/ });
});

t.test("notification hosts: validated, merged by id, announced", async (t) => {
  const { module, changed, flash } = unit();
  const host: HttpHostSettings = { url: "/api/hikvision", protocolType: "HTTP", parameterFormatType: "XML", addressingFormatType: "ipaddress", ipAddress: "10.1.2.3", portNo: 8123, httpAuthenticationMethod: "none" };
  await module.setHttpHosts({ "1": host }, ACTOR);
  await module.setHttpHosts({ "2": { ...host, portNo: 80 } }, ACTOR);
  t.same(Object.keys(flash().eventSettings.httpHosts), ["1", "2"], "the second PUT keeps the first host");
  t.same(changed.map((c) => c.setting), ["httpHosts", "httpHosts"]);
  for (const [bad, element] of [
    [{ ...host, url: "api" }, "url"],
    [{ ...host, ipAddress: "10.1.2" }, "ipAddress"],
    [{ ...host, portNo: 0 }, "portNo"],
  ] as const) {
    const before = flash();
    t.match(await refusal(() => module.setHttpHosts({ "1": bad }, ACTOR)), { code: "badParameters", detail: new RegExp(element) }, `${element} named`);
    t.equal(flash(), before);
  }
});

t.test("PUT bodies: syntax errors name the element", async (t) => {
  const p = profile(CAMERA);
  const current = capturedMotion(capturedDocument(p, "System/Video/inputs/channels/1/motionDetection"));
  t.same(current, { enabled: false, sensitivityLevel: 40, gridMap: "0000000000000000000001c01ffff81ffffc3ffffc7ffffc7ffffcfffffcfffffcfffffcfffffcfffffcfffffcfffffcfffffc000000", regions: [{ id: 1, points: [[1, 832], [1000, 832], [1000, 56], [1, 56]] }] }, "the factory values are the capture's");
  t.same(capturedMotion(capturedDocument(profile(LEGACY), "System/Video/inputs/channels/1/motionDetection")).regions, undefined, "V5.2: no regions");
  const cases: [string, string, string][] = [
    ["<MotionDetection>", "badXmlFormat", ""],
    ["<Other/>", "badXmlContent", "MotionDetection"],
    ["<MotionDetection><enabled>1</enabled></MotionDetection>", "badXmlContent", "enabled"],
    ["<MotionDetection><MotionDetectionLayout><sensitivityLevel>x</sensitivityLevel></MotionDetectionLayout></MotionDetection>", "badXmlContent", "sensitivityLevel"],
    ["<MotionDetection><MotionDetectionLayout><layout><RegionList><Region><id>a</id></Region></RegionList></layout></MotionDetectionLayout></MotionDetection>", "badXmlContent", "Region id"],
    ["<MotionDetection><MotionDetectionLayout><layout><RegionList><Region><id>1</id><RegionCoordinatesList><RegionCoordinates><positionX>1</positionX></RegionCoordinates></RegionCoordinatesList></Region></RegionList></layout></MotionDetectionLayout></MotionDetection>", "badXmlContent", "positionY"],
  ];
  for (const [body, code, element] of cases) {
    const error = await refusal(() => motionChange(body, current));
    t.equal(error?.code, code, `${body.slice(0, 60)}: ${code}`);
    if (element) t.match(error?.detail, element, `names ${element}`);
  }
  t.same(motionChange('<MotionDetection version="2.0" xmlns="x"><enabled>true</enabled></MotionDetection>', current), { ...current, enabled: true }, "namespaced, partial: the rest kept");
  const hosts = new Map([["1", { url: "/", protocolType: "HTTP", parameterFormatType: "XML", addressingFormatType: "ipaddress", ipAddress: "0.0.0.0", portNo: 80, httpAuthenticationMethod: "none" } as HttpHostSettings]]);
  t.match(await refusal(() => httpHostsChange("<HttpHostNotificationList><HttpHostNotification><id>1</id><protocolType>ftp</protocolType></HttpHostNotification></HttpHostNotificationList>", hosts)), { code: "badParameters", detail: /protocolType/ });
  t.match(await refusal(() => httpHostsChange("<HttpHostNotificationList><HttpHostNotification><id>1</id><portNo>x</portNo></HttpHostNotification></HttpHostNotificationList>", hosts)), { code: "badXmlContent", detail: /portNo/ });
  t.same(httpHostsChange("<HttpHostNotificationList/>", hosts), {}, "an empty list changes nothing");
});

t.test("flash: Restore and Default return the event settings to the capture's; old records load with none", async (t) => {
  const { p, module, flash } = unit();
  await module.setMotionDetection("1", { enabled: true, sensitivityLevel: 60, gridMap: GRID }, ACTOR);
  t.same(restoredFlash(flash(), p).eventSettings, factoryEventSettings(), "Restore resets them (parameters, §2.6)");
  t.same(restoredFlash(flash(), p).users, flash().users, "and keeps the users");
  const { eventSettings: _dropped, ...stored } = flash();
  t.same(completeFlash(stored, p).eventSettings, factoryEventSettings(), "a version-4 record without the field: nothing changed");
});
