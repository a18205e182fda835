import t from "tap";
import type { SimulatedNetwork } from "../../../src/discovery/net/simulated-network.js";
import { SADP_GROUP, SadpResponder } from "../../../src/discovery/sadp/responder.js";
import { decodeHello, decodeProbeMatch, encodeProbeMatch } from "../../../src/discovery/sadp/codec.js";
import { probeMatchFields } from "../../../src/discovery/sadp/probe-match.js";
import { encodeHelloFor, helloUuid } from "../../../src/discovery/sadp/hello.js";
import { BootAnnouncer } from "../../../src/discovery/sadp/boot-announcer.js";
import { VirtualClock } from "../../../src/emulator/clock.js";
import { SeededRandom } from "../../../src/emulator/random.js";
import type { Device } from "../../../src/emulator/device.js";
import { CAMERA, makeFleet, silentLogger, spec, type Harness } from "../../helpers/harness.js";
import { SADP, dashed, simResponder } from "../../helpers/sadp-sim.js";
import { golden } from "../../helpers/golden.js";

/** A SADP-Tool-like endpoint on the group: every Hello that reaches it, and from where. */
function groupListener(network: SimulatedNetwork) {
  const endpoint = network.bind({ address: "0.0.0.0", port: SADP, sourceAddress: "127.0.0.3", groups: [SADP_GROUP] });
  const hellos: Map<string, string>[] = [];
  endpoint.onMessage((d) => {
    const fields = decodeHello(d.data);
    if (fields) hellos.push(fields);
  });
  return hellos;
}

/** Responder, announcer and listener over one simulated network. */
function announced(h: Harness, options: { burstSize?: number } = {}) {
  const { network, responder } = simResponder(h.fleet, h.clock, options);
  const hellos = groupListener(network);
  const announcer = new BootAnnouncer(h.fleet, (device, uuid) => responder.announce(device, uuid), new SeededRandom("hello"));
  return { network, responder, hellos, announcer };
}

async function rebootThrough(h: Harness, device: Device): Promise<void> {
  device.reboot("control");
  await h.clock.advance(device.profile.shutdownSeconds * 1000);
  await h.clock.advance(device.readyAt - h.clock.now());
}

t.test("the Hello is the ProbeMatch's fields under <Hello>, Types hello first (§1.1); byte-stable (golden file)", async (t) => {
  const { fleet } = await makeFleet({ seed: "golden", clock: new VirtualClock(Date.UTC(2026, 0, 1, 12, 0, 0)) });
  const camera = fleet.byName("camera-1")!;
  camera.reportServedPort(80);
  const uuid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
  const bytes = encodeHelloFor(camera, uuid);
  t.same(bytes, golden("sadp/hello.camera-1.golden.xml", bytes));
  t.match(bytes.toString(), /^<\?xml version="1.0" encoding="UTF-8"\?>\r\n<Hello><Types>hello<\/Types><Uuid>3F2504E0-4F89-41D3-9A0C-0305E82C3301<\/Uuid><DeviceType>/);
  const hello = decodeHello(bytes)!;
  const match = decodeProbeMatch(encodeProbeMatch(probeMatchFields(camera, uuid, "inquiry")))!;
  t.same([...hello.keys()].sort(), [...match.keys()].sort(), "the same fields as a ProbeMatch");
  for (const [name, value] of match) if (name !== "Types") t.equal(hello.get(name), value, name);
  t.equal(decodeProbeMatch(bytes), undefined, "not a ProbeMatch: clients keep them apart");

  const random = new SeededRandom("uuids");
  const uuids = Array.from({ length: 50 }, () => helloUuid(random));
  t.equal(new Set(uuids).size, 50, "a fresh Uuid per announcement");
  t.ok(uuids.every((u) => /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/.test(u)), "upper-case UUID v4 (§1.2 style)");
  t.same(Array.from({ length: 50 }, () => helloUuid(new SeededRandom("uuids"))).slice(0, 1), uuids.slice(0, 1), "from the Random port: seeded, repeatable");
});

t.test("a boot after start announces the device to the group with its state now; start-up announces nothing", async (t) => {
  const h = await makeFleet();
  const { responder, hellos } = announced(h);
  await h.clock.advance(600_000);
  t.same(hellos, [], "devices hikemu starts with were already on: no Hello");

  const camera = h.fleet.byName("camera-1")!;
  await camera.activate("Hik12345!", "test");
  camera.reboot("control");
  await h.clock.advance(camera.profile.shutdownSeconds * 1000);
  t.same(hellos, [], "nothing while shutting down");
  await h.clock.advance(camera.readyAt - h.clock.now() - 1);
  t.same(hellos, [], "nothing while booting");
  await h.clock.advance(1);
  t.equal(hellos.length, 1, "one Hello when the boot ends");
  t.equal(hellos[0]?.get("MAC"), dashed(camera.identity.mac));
  t.equal(hellos[0]?.get("Activated"), "true");
  t.equal(hellos[0]?.get("BootTime"), camera.time.sadpTime(camera.time.bootTime()), "the new boot time, on the device's own clock");
  t.equal(camera.time.bootTime(), camera.bootedAt - h.clock.now() + camera.deviceTime(), "now minus uptime");
  t.equal(responder.stats.hellos, 1);

  await camera.factoryReset("full", "control");
  await h.clock.advance(camera.profile.shutdownSeconds * 1000);
  await h.clock.advance(camera.readyAt - h.clock.now());
  t.equal(hellos.length, 2);
  t.equal(hellos[1]?.get("Activated"), "false", "after Default: inactive");
  t.equal(hellos[1]?.get("IPv4Address"), camera.profile.factoryNetwork.ipv4, "with the factory address");
  t.not(hellos[1]?.get("Uuid"), hellos[0]?.get("Uuid"), "each Hello has its own Uuid");

  camera.powerOff();
  camera.powerOn();
  await h.clock.advance(camera.readyAt - h.clock.now());
  t.equal(hellos.length, 3, "a power cycle is a boot too");
});

t.test("devices joining and leaving the fleet are followed; close() stops announcing", async (t) => {
  const h = await makeFleet();
  const { hellos, announcer } = announced(h);
  const late = await h.fleet.add(spec(CAMERA, "late", "127.21.0.40"));
  await rebootThrough(h, late);
  t.same(hellos.map((f) => f.get("MAC")), [dashed(late.identity.mac)], "a device added at run time announces its boots");

  h.fleet.remove("late");
  await rebootThrough(h, late);
  t.equal(hellos.length, 1, "a removed device is not followed");

  // Removed while its Hello waits for the drain: the fleet no longer has it, so nothing goes.
  const again = await h.fleet.add(spec(CAMERA, "again", "127.21.0.41"));
  again.reboot("control");
  await h.clock.advance(again.profile.shutdownSeconds * 1000);
  const readyIn = again.readyAt - h.clock.now();
  const ready = new Promise<void>((resolve) => again.events.once("ready", () => resolve()));
  const advancing = h.clock.advance(readyIn);
  await ready;
  h.fleet.remove("again");
  await advancing;
  t.equal(hellos.length, 1, "removed before its Hello left: none sent");

  announcer.close();
  const camera = h.fleet.byName("camera-1")!;
  await rebootThrough(h, camera);
  t.equal(hellos.length, 1, "closed: no more Hellos");
});

t.test("many boots at once: Hellos are paced with the replies, one per device", async (t) => {
  const specs = Array.from({ length: 10 }, (_, i) => spec(CAMERA, `c${i}`, `127.23.2.${i + 1}`));
  const h = await makeFleet({ specs });
  const { hellos, responder } = announced(h);
  for (const device of h.fleet.devices) device.reboot("control");
  const first = h.fleet.devices[0]!;
  await h.clock.advance(first.profile.shutdownSeconds * 1000);
  // Every boot ends at the same instant; the responder's burst is 4 datagrams every 10 ms.
  await h.clock.advance(first.readyAt - h.clock.now());
  t.equal(hellos.length, 4, "the first burst");
  await h.clock.advance(10);
  t.equal(hellos.length, 8);
  await h.clock.advance(10);
  t.equal(hellos.length, 10);
  t.same(new Set(hellos.map((f) => f.get("MAC"))).size, 10, "each device once");
  t.equal(responder.stats.hellos, 10);
});

t.test("a responder without a group sends no Hello; a closed one neither", async (t) => {
  const h = await makeFleet();
  const { network } = simResponder(h.fleet, h.clock);
  const hellos = groupListener(network);
  const channel = network.bind({ address: "0.0.0.0", port: 40000 });
  const unicastOnly = new SadpResponder({ channel, fleet: h.fleet, clock: h.clock, logger: silentLogger, group: undefined, loopbackOnly: true });
  const camera = h.fleet.byName("camera-1")!;
  unicastOnly.announce(camera, "U");
  await h.clock.advance(100);
  t.same(hellos, []);
  t.equal(unicastOnly.stats.hellos, 0);

  const { responder } = simResponder(h.fleet, h.clock, { network });
  responder.close();
  responder.announce(camera, "U");
  await h.clock.advance(100);
  t.same(hellos, []);
});
