import t from "tap";
import { RenderCache } from "../../src/http/render-cache.js";
import { adminAccessesXml } from "../../src/http/isapi/security.js";
import { HttpDate } from "../../src/http/http-date.js";
import { makeFleet } from "../helpers/harness.js";
import { baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { activateOverIsapi } from "../helpers/isapi-activation-client.js";

t.test("a cached reply is rendered once per device state, and again when the state moves", async (t) => {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  const nvr = fleet.byName("nvr-1")!;
  const cache = new RenderCache();
  let renders = 0;
  const get = (device = camera) =>
    cache.reply(device, "/ISAPI/Security/adminAccesses", () => {
      renders++;
      return { status: 200, contentType: "application/xml", body: adminAccessesXml(device) };
    });
  const first = get();
  t.equal(get(), first, "same state: the same bytes, not rendered again");
  t.equal(renders, 1);
  t.ok(Buffer.isBuffer(first.body), "kept as bytes");
  get(nvr);
  t.equal(renders, 2, "each device has its own entry");

  camera.reportServedPort(8081);
  const moved = get();
  t.equal(renders, 3, "a port change re-renders");
  t.match(moved.body.toString(), "<portNo>8081</portNo>", "with the port now served");
  await camera.activate("Hik12345!", "test");
  get();
  t.equal(renders, 4, "a flash change re-renders");
  camera.powerOff();
  camera.powerOn();
  get();
  t.equal(renders, 5, "a power cycle re-renders (BootTime and RAM changed)");
});

t.test("over HTTP: activateStatus flips when the device is activated", async (t) => {
  const emulator = await startDefaultFleet(t, 43);
  const url = `${baseUrl(emulator, "camera-1")}/SDK/activateStatus`;
  t.match(await (await fetch(url)).text(), "<Activated>false</Activated>");
  t.match(await (await fetch(url)).text(), "<Activated>false</Activated>", "(served from the cache)");
  t.equal((await activateOverIsapi(baseUrl(emulator, "camera-1"), "Hik12345!")).status, 200);
  t.match(await (await fetch(url)).text(), "<Activated>true</Activated>", "the cached body followed the activation");
});

t.test("the Date header is formatted once per second of device time", (t) => {
  const dates = new HttpDate();
  const at = Date.UTC(2026, 0, 1, 12, 0, 0);
  const a = dates.format(at + 10);
  t.equal(a, "Thu, 01 Jan 2026 12:00:00 GMT");
  t.equal(dates.format(at + 999), a, "same second, same string");
  t.equal(dates.format(at + 1000), "Thu, 01 Jan 2026 12:00:01 GMT");
  t.end();
});
