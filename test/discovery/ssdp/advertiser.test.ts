import t from "tap";
import { makeFleet, spec, CAMERA } from "../../helpers/harness.js";
import { SsdpSimClient, simSsdp } from "../../helpers/ssdp-sim.js";
import { SimulatedNetwork } from "../../../src/discovery/net/simulated-network.js";
import { DEVICE_TYPE } from "../../../src/discovery/ssdp/upnp-device.js";
import { SSDP_GROUP } from "../../../src/discovery/ssdp/constants.js";
import type { Device } from "../../../src/emulator/device.js";
import type { VirtualClock } from "../../../src/emulator/clock.js";

/** A control point's NOTIFY listener, bound before the responder (unicast to the host then reaches hikemu). */
async function advertisedFleet() {
  const harness = await makeFleet();
  const network = new SimulatedNetwork();
  const listener = SsdpSimClient.listener(network, harness.clock);
  const sim = simSsdp(harness.fleet, harness.clock, { network, advertise: true });
  return { ...harness, ...sim, listener };
}

const usnsOf = (device: Device) => {
  const id = `uuid:${device.identity.deviceId}`;
  return [`${id}::upnp:rootdevice`, id, `${id}::${DEVICE_TYPE}`].sort();
};

const aliveUsns = (listener: SsdpSimClient, device: Device) =>
  listener
    .notifies("ssdp:alive")
    .filter((n) => n.headers["USN"]?.startsWith(`uuid:${device.identity.deviceId}`))
    .map((n) => n.headers["USN"])
    .sort();

/** Boot plus shutdown time of the slowest model, for a reboot or power-on to end. */
async function bootThrough(clock: VirtualClock): Promise<void> {
  await clock.advance(600_000);
}

t.test("at start every device up says ssdp:alive for each target, to the group", async (t) => {
  const { fleet, clock, listener, responder } = await advertisedFleet();
  for (const d of fleet.devices) d.reportServedPort(80);
  await clock.advance(100);
  const alive = listener.notifies("ssdp:alive");
  t.equal(alive.length, 9, "3 devices × 3 targets");
  for (const device of fleet.devices) {
    t.same(aliveUsns(listener, device), usnsOf(device), `${device.name}: rootdevice, uuid and device type`);
    for (const n of alive.filter((a) => a.headers["USN"]?.startsWith(`uuid:${device.identity.deviceId}`))) {
      t.match(n.text, /^NOTIFY \* HTTP\/1\.1\r\n/);
      t.equal(n.headers["HOST"], `${SSDP_GROUP}:1900`);
      t.equal(n.headers["CACHE-CONTROL"], "max-age=1800");
      t.equal(n.headers["LOCATION"], `http://${device.serving.address}:80/upnp/description.xml`);
      t.ok(n.headers["USN"]!.startsWith(n.headers["NT"]!) || n.headers["USN"]!.endsWith(`::${n.headers["NT"]}`), "USN matches NT");
      t.ok(n.headers["SERVER"]);
    }
  }
  t.equal(responder.stats.alive, 9);
});

t.test("every device re-advertises each round: max-age/2 less up to 20 % jitter, on the device clock", async (t) => {
  const { clock, listener } = await advertisedFleet();
  await clock.advance(100);
  listener.clear();
  await clock.advance(720_000 - 100 - 1);
  t.same(listener.notifies(), [], "nothing before 80 % of 900 s");
  await clock.advance(180_001);
  t.equal(listener.notifies("ssdp:alive").length, 9, "a round by 900 s");
  listener.clear();
  await clock.advance(900_000);
  t.equal(listener.notifies("ssdp:alive").length, 9, "and again in the next period");
  t.ok(clock.pendingTimers().includes("ssdp-advertise"), "the next round waits on the device clock");
});

t.test("power off says byebye; the boot after power on ends with alive", async (t) => {
  const { fleet, clock, listener } = await advertisedFleet();
  await clock.advance(100);
  listener.clear();
  const camera = fleet.byName("camera-1")!;
  camera.powerOff();
  await clock.advance(100);
  t.same(listener.notifies("ssdp:byebye").map((n) => n.headers["USN"]).sort(), usnsOf(camera), "byebye for each target");
  t.ok(listener.notifies("ssdp:byebye").every((n) => n.headers["LOCATION"] === undefined && n.headers["NT"]), "byebye has NT and USN, no LOCATION");
  t.same(listener.notifies("ssdp:alive"), []);
  camera.powerOn();
  await clock.advance(1000);
  t.same(listener.notifies("ssdp:alive"), [], "nothing while it boots");
  await bootThrough(clock);
  t.same(aliveUsns(listener, camera), usnsOf(camera), "alive once the boot is over");
});

t.test("a reboot: byebye as it goes down, alive when it is up again", async (t) => {
  const { fleet, clock, listener } = await advertisedFleet();
  await clock.advance(100);
  listener.clear();
  const nvr = fleet.byName("nvr-1")!;
  nvr.reboot("control");
  await clock.advance(100);
  t.equal(listener.notifies("ssdp:byebye").length, 3);
  await bootThrough(clock);
  t.same(aliveUsns(listener, nvr), usnsOf(nvr));
  const order = listener.notifies().map((n) => n.headers["NTS"]);
  t.equal(order.indexOf("ssdp:byebye") < order.indexOf("ssdp:alive"), true, "byebye before alive");
});

t.test("a pulled cable sends nothing; plugged in again, alive", async (t) => {
  const { fleet, clock, listener } = await advertisedFleet();
  await clock.advance(100);
  listener.clear();
  const legacy = fleet.byName("legacy-1")!;
  legacy.faults.set({ unplugged: true });
  await clock.advance(100);
  t.same(listener.notifies(), [], "no byebye through a pulled cable");
  legacy.faults.set({ unplugged: false });
  await clock.advance(100);
  t.same(aliveUsns(listener, legacy), usnsOf(legacy));
});

t.test("devices added at run time say alive; removed ones byebye", async (t) => {
  const { fleet, clock, listener } = await advertisedFleet();
  await clock.advance(100);
  listener.clear();
  const added = await fleet.add(spec(CAMERA, "camera-9", "127.0.124.9"));
  await clock.advance(100);
  t.same(aliveUsns(listener, added), usnsOf(added));
  listener.clear();
  const removed = fleet.remove("camera-9")!;
  await clock.advance(100);
  t.same(listener.notifies("ssdp:byebye").map((n) => n.headers["USN"]).sort(), usnsOf(removed));
});

t.test("a device served at a new address says alive at once, with the new LOCATION", async (t) => {
  const { fleet, clock, listener } = await advertisedFleet();
  const camera = fleet.devices[0]!;
  camera.reportServedPort(80);
  await clock.advance(100);
  listener.clear();
  camera.reportServedPort(81);
  await clock.advance(100);
  t.same(listener.notifies(), [], "a change that is not the address announces nothing");
  camera.reportServedAddress("127.0.124.77");
  await clock.advance(100);
  t.same(aliveUsns(listener, camera), usnsOf(camera), "alive for each target");
  t.ok(listener.notifies("ssdp:alive").every((n) => n.headers["LOCATION"] === "http://127.0.124.77:81/upnp/description.xml"), "the new LOCATION");
  t.same(listener.notifies().filter((n) => !n.headers["USN"]?.startsWith(`uuid:${camera.identity.deviceId}`)), [], "no other device speaks");
});

t.test("closing says byebye for every device that is up, then nothing more", async (t) => {
  const { fleet, clock, listener, responder, advertiser } = await advertisedFleet();
  await clock.advance(100);
  fleet.byName("legacy-1")!.powerOff();
  await clock.advance(100);
  listener.clear();
  advertiser!.close();
  await responder.close(fleet.devices);
  await clock.advance(0);
  const byebye = listener.notifies("ssdp:byebye").map((n) => n.headers["USN"]).sort();
  t.same(byebye, [...usnsOf(fleet.byName("camera-1")!), ...usnsOf(fleet.byName("nvr-1")!)].sort(), "the two that are up; the one off said it already");
  listener.clear();
  await clock.advance(2_000_000);
  t.same(listener.received, [], "no rounds after close");
  t.notOk(clock.pendingTimers().some((n) => n.startsWith("ssdp")), "no ssdp timer left");
});

t.test("the last NOTIFY sent is the latest asked for: byebye then alive keeps its order; alive then byebye sends byebye alone", async (t) => {
  const { fleet, clock, listener, responder } = await advertisedFleet();
  await clock.advance(100);
  listener.clear();
  const camera = fleet.byName("camera-1")!;
  // Queued in one go, before any burst: alive pending, the device goes down, then up again.
  responder.notify(camera, "alive");
  responder.notify(camera, "byebye");
  responder.notify(camera, "alive");
  await clock.advance(100);
  t.same(
    listener.notifies().map((n) => n.headers["NTS"]),
    ["ssdp:byebye", "ssdp:byebye", "ssdp:byebye", "ssdp:alive", "ssdp:alive", "ssdp:alive"],
    "byebye for each target, then alive: the device is up",
  );
  listener.clear();
  responder.notify(camera, "alive");
  responder.notify(camera, "alive");
  responder.notify(camera, "byebye");
  responder.notify(camera, "byebye");
  await clock.advance(100);
  t.same(listener.notifies().map((n) => n.headers["NTS"]), ["ssdp:byebye", "ssdp:byebye", "ssdp:byebye"], "the alive is superseded; one byebye per target");
  t.same(listener.notifies().map((n) => n.headers["USN"]).sort(), usnsOf(camera));
});
