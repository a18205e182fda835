import t from "tap";
import { SadpResponder, SADP_GROUP } from "../../../src/discovery/sadp/responder.js";
import { decodeProbeMatch, encodeProbe } from "../../../src/discovery/sadp/codec.js";
import type { Datagram, UdpChannel } from "../../../src/discovery/net/udp-channel.js";
import { CAMERA, makeFleet, silentLogger, spec } from "../../helpers/harness.js";
import type { VirtualClock } from "../../../src/emulator/clock.js";
import type { Fleet } from "../../../src/emulator/fleet.js";

/** A channel that records what the responder sends (injected, no module patching). */
class RecordingChannel implements UdpChannel {
  readonly sent: { data: Buffer; address: string; port: number }[] = [];
  listener: ((d: Datagram) => void) | undefined;
  readonly port = 37020;
  onMessage(listener: (d: Datagram) => void): void {
    this.listener = listener;
  }
  async send(data: Buffer, address: string, port: number): Promise<void> {
    this.sent.push({ data, address, port });
  }
  async close(): Promise<void> {}
}

function setup(fleet: Fleet, clock: VirtualClock, loopbackOnly = true) {
  const channel = new RecordingChannel();
  const responder = new SadpResponder({ channel, fleet, clock, logger: silentLogger, group: { address: SADP_GROUP, port: 37020 }, loopbackOnly, burstSize: 4, burstIntervalMs: 10 });
  return { channel, responder };
}

t.test("an inquiry gets one ProbeMatch per device, unicast to the sender and to the group", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { channel, responder } = setup(fleet, clock);
  responder.handle({ data: encodeProbe("UUID-1", "inquiry"), address: "127.0.0.1", port: 5555 });
  await clock.advance(0);
  await clock.advance(10);
  const unicast = channel.sent.filter((s) => s.address === "127.0.0.1" && s.port === 5555);
  const group = channel.sent.filter((s) => s.address === SADP_GROUP && s.port === 37020);
  t.equal(unicast.length, 3);
  t.equal(group.length, 3);
  const macs = unicast.map((s) => decodeProbeMatch(s.data)!.get("MAC"));
  t.same(new Set(macs), new Set(fleet.devices.map((d) => d.identity.mac.replaceAll(":", "-"))));
  t.ok(unicast.every((s) => decodeProbeMatch(s.data)!.get("Uuid") === "UUID-1"), "Uuid echoed");
  t.equal(responder.stats.replies, 6);
});

t.test("replies to a big fleet are paced in bursts on the clock", async (t) => {
  const specs = Array.from({ length: 10 }, (_, i) => spec(CAMERA, `c${i}`, `127.23.0.${i + 1}`));
  const { fleet, clock } = await makeFleet({ specs });
  const { channel, responder } = setup(fleet, clock);
  responder.handle({ data: encodeProbe("U", "inquiry_v32"), address: "127.0.0.1", port: 1 });
  await clock.advance(0);
  t.equal(channel.sent.length, 4, "first burst only");
  await clock.advance(9);
  t.equal(channel.sent.length, 4, "nothing before the burst interval");
  for (let i = 0; i < 5; i++) {
    await clock.advance(10);
  }
  t.equal(channel.sent.length, 20, "all 10 unicast + 10 group replies sent");
});

t.test("a MAC-directed inquiry is answered by that device only", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { channel, responder } = setup(fleet, clock);
  const nvr = fleet.byName("nvr-1")!;
  responder.handle({ data: encodeProbe("U", "inquiry", [["MAC", nvr.identity.mac.replaceAll(":", "-").toUpperCase()]]), address: "127.0.0.1", port: 1 });
  await clock.advance(0);
  t.same(
    channel.sent.map((s) => decodeProbeMatch(s.data)!.get("DeviceSN")),
    [nvr.identity.serial, nvr.identity.serial],
  );
});

t.test("unimplemented commands: denied for our MACs, silence for others", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { channel, responder } = setup(fleet, clock);
  const camera = fleet.byName("camera-1")!;
  const mac = camera.identity.mac.replaceAll(":", "-");
  responder.handle({ data: encodeProbe("U", "lamp", [["MAC", mac]]), address: "127.0.0.1", port: 1 });
  responder.handle({ data: encodeProbe("U", "lamp", [["MAC", "00-11-22-33-44-55"]]), address: "127.0.0.1", port: 1 });
  await clock.advance(0);
  t.equal(channel.sent.length, 2, "one reply, unicast + group");
  const reply = decodeProbeMatch(channel.sent[0]!.data)!;
  t.same(Object.fromEntries(reply), { Uuid: "U", MAC: mac, Types: "lamp", Result: "denied" });
  t.equal(responder.stats.unsupported, 2);
});

t.test("loopback-only refuses other sources; junk is counted and dropped", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { channel, responder } = setup(fleet, clock);
  responder.handle({ data: encodeProbe("U", "inquiry"), address: "192.0.2.7", port: 1 });
  responder.handle({ data: Buffer.from("garbage"), address: "127.0.0.1", port: 1 });
  await clock.advance(0);
  t.equal(channel.sent.length, 0);
  t.same({ refused: responder.stats.refused, dropped: responder.stats.dropped }, { refused: 1, dropped: 1 });
  const open = setup(fleet, clock, false);
  open.responder.handle({ data: encodeProbe("U", "inquiry"), address: "192.0.2.7", port: 1 });
  await clock.advance(0);
  await clock.advance(10);
  t.equal(open.channel.sent.length, 6, "with --interface all the same probe is answered");
});

t.test("send errors are counted, never thrown", async (t) => {
  const { fleet, clock } = await makeFleet();
  const channel = new RecordingChannel();
  channel.send = () => Promise.reject(new Error("EPERM"));
  const responder = new SadpResponder({ channel, fleet, clock, logger: silentLogger, group: undefined, loopbackOnly: true });
  responder.handle({ data: encodeProbe("U", "inquiry"), address: "127.0.0.1", port: 1 });
  await clock.advance(0);
  t.equal(responder.stats.sendErrors, 3);
});
