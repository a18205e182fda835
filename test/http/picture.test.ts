import t from "tap";
import { request } from "urllib";
import jpeg from "jpeg-js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { parseXml, textAt } from "../../src/http/xml.js";
import { testCardPixels } from "../../src/http/snapshot/test-card.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";

const PASSWORD = "Hik12345!";
const OCTET = 154;

async function get(emulator: RunningEmulator, name: string, path: string, password: string) {
  const response = await request(`${baseUrl(emulator, name)}${path}`, { digestAuth: `admin:${password}`, timeout: 30_000 });
  return { status: response.status, type: String(response.headers["content-type"]), body: response.data as Buffer };
}

/** Mean absolute difference per channel over a band of rows of two RGBA images of one width. */
function meanDifference(a: Uint8Array, b: Uint8Array, width: number, top: number, bottom: number): number {
  let sum = 0;
  for (let i = top * width * 4; i < bottom * width * 4; i++) if (i % 4 !== 3) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / ((bottom - top) * width * 3);
}

/** Which of two drawings an image shows, judged on the pixels where the two drawings differ. */
function closerTo(image: Uint8Array, one: Uint8Array, other: Uint8Array): { one: number; other: number } {
  let toOne = 0;
  let toOther = 0;
  let n = 0;
  for (let i = 0; i < one.length; i++) {
    if (i % 4 === 3 || one[i] === other[i]) continue;
    toOne += Math.abs((image[i] ?? 0) - (one[i] ?? 0));
    toOther += Math.abs((image[i] ?? 0) - (other[i] ?? 0));
    n++;
  }
  return { one: toOne / n, other: toOther / n };
}

t.test("camera-1 snapshot: a JPEG test card of the main stream's size with model, name, stream and device time", async (t) => {
  const clock = new VirtualClock(Date.UTC(2026, 2, 14, 9, 26, 30));
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 1 });
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  // The card shows the device's own clock in its zone: set it (factory zone CST-8:00:00, UTC+08:00).
  await deviceOf(emulator, "camera-1").time.setTime({ mode: "manual", localTime: "2026-03-14T09:26:30+08:00" }, { via: "control" });

  const reply = await get(emulator, "camera-1", "/ISAPI/Streaming/channels/101/picture", password);
  t.equal(reply.status, 200);
  t.equal(reply.type, "image/jpeg");
  t.same([...reply.body.subarray(0, 2)], [0xff, 0xd8], "starts with SOI");
  const image = jpeg.decode(reply.body, { useTArray: true });
  t.equal(image.width, 2688, "width of real-responses/DS-2CD2146G2-ISU/Streaming_channels_101.json");
  t.equal(image.height, 1520);
  const pixel = (x: number, y: number) => [...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3)];
  const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - (expected[i] ?? 0)) < 24);
  t.ok(near(pixel(100, 200), [191, 191, 191]), `first bar white: ${pixel(100, 200).join(",")}`);
  t.ok(near(pixel(Math.floor((2688 * 1.5) / 7), 200), [191, 191, 0]), "second bar yellow");
  t.ok(near(pixel(2680, 200), [0, 0, 191]), "last bar blue");

  // The lower band carries the text: it matches a card drawn with these lines (JPEG noise aside) and
  // not one with another minute.
  const lines = (time: string) => ["DS-2CD2146G2-ISU", "IP CAMERA", "CHANNEL 1 STREAM 101", "2688X1520", time, "HIKEMU camera-1"];
  const expected = testCardPixels({ width: 2688, height: 1520, lines: lines("2026-03-14 09:26 +08:00") });
  const other = testCardPixels({ width: 2688, height: 1520, lines: lines("2026-03-14 09:27 +08:00") });
  const band = [1014, 1520] as const;
  const same = meanDifference(image.data, expected, 2688, ...band);
  t.ok(same < 3, `text band matches the expected lines (mean difference ${same.toFixed(2)})`);
  const where = closerTo(image.data, expected, other);
  t.ok(where.one * 4 < where.other, `where 09:26 and 09:27 differ, the card shows 09:26 (${where.one.toFixed(1)} vs ${where.other.toFixed(1)})`);

  const again = await get(emulator, "camera-1", "/ISAPI/Streaming/channels/101/picture", password);
  t.ok(again.body.equals(reply.body), "within the minute the same card (kept, not rendered again)");
  const alias = await get(emulator, "camera-1", "/ISAPI/Streaming/channels/1/picture", password);
  t.ok(alias.body.equals(reply.body), "channel 1 is the main stream 101 (pyHik's camera URL)");

  await clock.advance(60_000);
  const later = await get(emulator, "camera-1", "/ISAPI/Streaming/channels/101/picture", password);
  t.notOk(later.body.equals(reply.body), "a minute later of device time, a new card");
  const laterImage = jpeg.decode(later.body, { useTArray: true });
  const now = closerTo(laterImage.data, other, expected);
  t.ok(now.one * 4 < now.other, `showing 09:27 (${now.one.toFixed(1)} vs ${now.other.toFixed(1)})`);
});

t.test("stream sizes per profile, videoResolutionWidth/Height and snapShotImageType, and the errors", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(), { subnet: 2 });
  const passwords = {
    camera: await adminPassword(emulator, "camera-1", PASSWORD),
    legacy: await adminPassword(emulator, "legacy-camera-1", PASSWORD),
    nvr: await adminPassword(emulator, "nvr-1", PASSWORD),
  };
  const size = (body: Buffer) => {
    const image = jpeg.decode(body, { useTArray: true });
    return `${image.width}x${image.height}`;
  };
  const cases: [string, string, string, string][] = [
    ["camera-1", passwords.camera, "/ISAPI/Streaming/channels/102/picture", "1280x720"],
    ["camera-1", passwords.camera, "/ISAPI/Streaming/channels/101/picture?snapShotImageType=JPEG&videoResolutionWidth=640&videoResolutionHeight=360", "640x360"],
    ["legacy-camera-1", passwords.legacy, "/ISAPI/Streaming/channels/101/picture", "1920x1080"],
    ["legacy-camera-1", passwords.legacy, "/ISAPI/Streaming/channels/102/picture", "640x480"],
    ["nvr-1", passwords.nvr, "/ISAPI/Streaming/channels/101/picture", "1920x1080"],
    ["nvr-1", passwords.nvr, "/ISAPI/Streaming/channels/802/picture", "704x576"],
  ];
  for (const [name, password, path, expected] of cases) {
    const reply = await get(emulator, name, path, password);
    t.equal(reply.status, 200, `${name} ${path}: 200`);
    t.equal(size(reply.body), expected, `${name} ${path}: ${expected}`);
  }

  const errors: [string, string, string, number, string][] = [
    ["camera-1", passwords.camera, "/ISAPI/Streaming/channels/103/picture", 400, "badXmlContent"],
    ["camera-1", passwords.camera, "/ISAPI/Streaming/channels/abc/picture", 400, "badXmlContent"],
    ["nvr-1", passwords.nvr, "/ISAPI/Streaming/channels/901/picture", 400, "badXmlContent"],
    ["camera-1", passwords.camera, "/ISAPI/Streaming/channels/101/picture?videoResolutionWidth=4000&videoResolutionHeight=1520", 400, "badParameters"],
    ["camera-1", passwords.camera, "/ISAPI/Streaming/channels/101/picture?videoResolutionWidth=640", 400, "badParameters"],
    ["camera-1", passwords.camera, "/ISAPI/Streaming/channels/101/picture?snapShotImageType=PNG", 400, "badParameters"],
  ];
  for (const [name, password, path, status, sub] of errors) {
    const reply = await get(emulator, name, path, password);
    t.equal(reply.status, status, `${path}: ${status}`);
    t.match(reply.type, /^application\/xml/);
    const doc = parseXml(reply.body.toString())!;
    t.equal(textAt(doc, "ResponseStatus", "subStatusCode"), sub, `${path}: ${sub}`);
    t.equal(textAt(doc, "ResponseStatus", "requestURL"), path, "requestURL as sent");
  }
  const anonymous = await request(`${baseUrl(emulator, "camera-1")}/ISAPI/Streaming/channels/101/picture`);
  t.equal(anonymous.status, 401, "a snapshot needs a login");
});

t.test("a flood of new cards on one device: bounded (deviceBusy), and another device answers between the renders", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(), { subnet: 3 });
  const camera = await adminPassword(emulator, "camera-1", PASSWORD);
  const nvr = await adminPassword(emulator, "nvr-1", PASSWORD);
  const done: { what: string; status: number }[] = [];
  // Full-size cards of five sizes: five renders of 0.1–0.2 s each, all new.
  const pictures = [2688, 2560, 2432, 2304, 2176].map(async (w) => {
    const reply = await get(emulator, "camera-1", `/ISAPI/Streaming/channels/101/picture?videoResolutionWidth=${w}&videoResolutionHeight=${Math.round((w * 1520) / 2688)}`, camera);
    done.push({ what: `picture ${w}`, status: reply.status });
    return reply;
  });
  const info = get(emulator, "nvr-1", "/ISAPI/System/deviceInfo", nvr).then((reply) => {
    done.push({ what: "nvr deviceInfo", status: reply.status });
    return reply;
  });
  const replies = await Promise.all(pictures);
  t.equal((await info).status, 200);
  const statuses = replies.map((r) => r.status);
  t.ok(statuses.filter((s) => s === 200).length >= 2, `cards made: ${statuses.join(",")}`);
  const busy = replies.filter((r) => r.status === 503);
  t.ok(busy.length >= 1, "past two waiting renders the device answers busy at once");
  for (const reply of busy) t.equal(textAt(parseXml(reply.body.toString())!, "ResponseStatus", "subStatusCode"), "deviceBusy");
  const lastCard = done.map((d) => d.status === 200 && d.what.startsWith("picture")).lastIndexOf(true);
  t.ok(done.findIndex((d) => d.what === "nvr deviceInfo") < lastCard, `the NVR answered before the camera's renders were done: ${done.map((d) => `${d.what} ${d.status}`).join(" | ")}`);
});
