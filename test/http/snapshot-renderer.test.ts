import t from "tap";
import jpeg from "jpeg-js";
import { SnapshotRenderer } from "../../src/http/snapshot/snapshot-renderer.js";
import type { Device } from "../../src/emulator/device.js";

/** The renderer reads only a device's identity (a WeakMap key) and revision. */
const fakeDevice = (revision = 0) => ({ revision }) as unknown as Device;
const card = (width: number) => () => ({ width, height: 64, lines: ["HIKEMU"] });

t.test("one render per key and minute; requests meanwhile share it; a new minute or revision renders again", async (t) => {
  const renderer = new SnapshotRenderer();
  const device = fakeDevice();
  let made = 0;
  const counted = (width: number) => () => {
    made++;
    return card(width)();
  };
  const [a, b] = await Promise.all([renderer.picture(device, "101", 1, counted(64)), renderer.picture(device, "101", 1, counted(64))]);
  t.equal(made, 1, "concurrent requests share one render");
  t.ok(a.equals(b));
  t.equal(jpeg.decode(a).width, 64);
  await renderer.picture(device, "101", 1, counted(64));
  t.equal(made, 1, "kept for the minute");
  await renderer.picture(device, "101", 2, counted(64));
  t.equal(made, 2, "the next minute renders");
  (device as unknown as { revision: number }).revision = 5;
  await renderer.picture(device, "101", 2, counted(64));
  t.equal(made, 3, "a changed device renders");
});

t.test("bounds: pending renders per device and in all answer deviceBusy; a failed render is not kept", async (t) => {
  const renderer = new SnapshotRenderer({ pendingPerDevice: 2, pendingTotal: 3 });
  const one = fakeDevice();
  const two = fakeDevice();
  const first = renderer.picture(one, "a", 1, card(32));
  const second = renderer.picture(one, "b", 1, card(48));
  await t.rejects(renderer.picture(one, "c", 1, card(64)), { code: "deviceBusy" }, "third waiting render of one device");
  const third = renderer.picture(two, "a", 1, card(32));
  await t.rejects(renderer.picture(two, "b", 1, card(32)), { code: "deviceBusy" }, "fleet-wide bound");
  await Promise.all([first, second, third]);
  t.equal(jpeg.decode(await renderer.picture(one, "c", 1, card(64))).width, 64, "once rendered, room again");
  await t.rejects(
    renderer.picture(one, "bad", 1, () => {
      throw new Error("no card");
    }),
    { message: "no card" },
  );
  let made = 0;
  await renderer.picture(one, "bad", 1, () => {
    made++;
    return card(16)();
  });
  t.equal(made, 1, "the failed card was not kept");
});

t.test("renders run one after another off the event loop: other work keeps running while a card encodes", async (t) => {
  const renderer = new SnapshotRenderer();
  const device = fakeDevice();
  // Other work: a task that runs once per turn and counts the turns.
  let turns = 0;
  let stop = false;
  const tick = () => {
    turns++;
    if (!stop) setImmediate(tick);
  };
  setImmediate(tick);
  const at: Record<string, number> = {};
  const a = renderer.picture(device, "a", 1, card(640)).then(() => (at.a = turns));
  const b = renderer.picture(device, "b", 1, card(640)).then(() => (at.b = turns));
  await Promise.all([a, b]);
  stop = true;
  t.ok(at.a! > 2, `other work ran while the first card encoded (${at.a} turns)`);
  t.ok(at.b! > at.a!, `and between the two renders (turn ${at.a} then ${at.b})`);
});
