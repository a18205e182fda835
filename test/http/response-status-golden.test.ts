import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { readFixture } from "../helpers/golden.js";

const PASSWORD = "Hik12345!";

/** Root attributes and the root's child element names in order: the shape a client parses. */
function shape(xml: string): { root: string; attributes: Record<string, string>; children: string[]; values: Record<string, string> } {
  const open = /<([A-Za-z]\w*)((?:\s+[\w:]+="[^"]*")*)\s*>/.exec(xml);
  const attributes = Object.fromEntries([...(open?.[2] ?? "").matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const children = [...xml.matchAll(/<([A-Za-z]\w*)>([^<]*)<\/\1>/g)];
  return { root: open?.[1] ?? "", attributes, children: children.map((m) => m[1] as string), values: Object.fromEntries(children.map((m) => [m[1], m[2]])) };
}

/**
 * The unattributed hikvision_next captures, copied unchanged (fixtures/README.md):
 * `Streaming_channels_101_picture.ResponseStatus-badXmlContent.xml` (hikvision.com namespace,
 * version 1.0, the camera shape) and `Streaming_channels_x0y_picture.ResponseStatus-deviceError.xml`
 * (isapi.org namespace, version 2.0, the NVR family's).
 */
const BAD_CONTENT = shape(readFixture("isapi/ResponseStatus.badXmlContent.capture.xml").toString("utf8"));
const DEVICE_ERROR = shape(readFixture("isapi/ResponseStatus.deviceError.capture.xml").toString("utf8"));

t.test("the captures say what the golden test compares against", (t) => {
  t.same(BAD_CONTENT.children, ["requestURL", "statusCode", "statusString", "subStatusCode"]);
  t.same(BAD_CONTENT.attributes, { version: "1.0", xmlns: "http://www.hikvision.com/ver20/XMLSchema" });
  t.same(DEVICE_ERROR.children, ["statusCode", "statusString", "subStatusCode"]);
  t.same(DEVICE_ERROR.attributes, { version: "2.0", xmlns: "http://www.isapi.org/ver20/XMLSchema" });
  t.end();
});

t.test("ResponseStatus shape per default-fleet device vs the captures: element names and order, attributes, values", async (t) => {
  const emulator = await startDefaultFleet(t, 161, new VirtualClock());
  /**
   * camera-1 (V5.7): the badXmlContent capture plus errorCode and errorMsg after subStatusCode,
   * in the order of §2.9's newer-firmware error. legacy-camera-1 (V5.2): the capture exactly.
   * nvr-1: the deviceError capture's attributes (isapi.org, 2.0) and order, with requestURL
   * first as the DS-7608NI-I2/8P's ResponseStatus in hikvision_next issue #58 has it.
   */
  const expected = {
    "camera-1": { capture: BAD_CONTENT, children: [...BAD_CONTENT.children, "errorCode", "errorMsg"] },
    "legacy-camera-1": { capture: BAD_CONTENT, children: BAD_CONTENT.children },
    "nvr-1": { capture: DEVICE_ERROR, children: ["requestURL", ...DEVICE_ERROR.children] },
  } as const;
  for (const [name, { capture, children }] of Object.entries(expected)) {
    const password = await adminPassword(emulator, name, PASSWORD);
    const device = deviceOf(emulator, name);
    const base = baseUrl(emulator, name);

    // badXmlContent: a well-formed body with the wrong root element.
    const content = shape((await isapiCall(base, "/ISAPI/System/Network/interfaces/1/ipAddress", "admin", password, "PUT", "<Nothing/>")).body);
    t.equal(content.root, "ResponseStatus", `${name}: root element`);
    t.same(content.attributes, capture.attributes, `${name}: version and namespace as the capture`);
    t.same(content.children, children, `${name}: badXmlContent elements in order`);
    if (capture === BAD_CONTENT) {
      for (const element of ["statusCode", "statusString", "subStatusCode"]) t.equal(content.values[element], BAD_CONTENT.values[element], `${name}: ${element} as captured`);
    }

    // deviceError: an injected HTTP error (faults), before routing.
    device.faults.set({ httpErrorRate: 1 });
    const failed = shape((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", password)).body);
    device.faults.clear();
    t.same(failed.attributes, capture.attributes, `${name}: deviceError attributes`);
    t.same(failed.children, children, `${name}: deviceError elements in order`);
    for (const element of ["statusCode", "statusString", "subStatusCode"]) t.equal(failed.values[element], DEVICE_ERROR.values[element], `${name}: deviceError ${element} as captured`);

    // 404/403 notSupport and 405 methodNotAllowed share the shape.
    for (const [method, path] of [
      ["GET", "/ISAPI/System/noSuchResource"],
      ["PUT", "/ISAPI/System/deviceInfo"],
    ] as const) {
      const other = shape((await isapiCall(base, path, "admin", password, method, method === "PUT" ? "<DeviceInfo/>" : undefined)).body);
      t.same([other.attributes, other.children], [capture.attributes, children], `${name}: ${method} ${path} has the same shape`);
    }
  }
});
