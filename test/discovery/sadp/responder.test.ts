import t from "tap";
import { SADP_GROUP } from "../../../src/discovery/sadp/responder.js";
import { encodeProbe } from "../../../src/discovery/sadp/codec.js";
import { CAMERA, makeFleet, spec } from "../../helpers/harness.js";
import { SADP, SimClient, dashed, simResponder } from "../../helpers/sadp-sim.js";

t.test("an inquiry gets one ProbeMatch per device, unicast to the sender and to the group", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock);
  const listener = SimClient.bind(network, "0.0.0.0", { port: SADP, sourceAddress: "127.0.0.3", groups: [SADP_GROUP] });
  const client = SimClient.bind(network);
  // To the group, as SADP Tool sends: unicast to 127.0.0.1:37020 would reach the listener,
  // the last socket bound to 0.0.0.0:37020 (docs/protocol-coverage.md, same host as a SADP tool).
  const uuid = await client.probe("inquiry", { uuid: "UUID-1", to: SADP_GROUP });
  await clock.advance(10);
  t.same(client.macs(uuid), fleet.devices.map((d) => dashed(d.identity.mac)).sort(), "one unicast reply per device");
  t.same(listener.macs(uuid), client.macs(uuid), "and a copy of each through the group");
  t.ok(client.to(uuid).every((f) => f.get("Types") === "inquiry"), "Types echoed");
  t.equal(responder.stats.replies, 6);
  t.equal(responder.stats.dropped, 3, "the group copies looped back to the responder are not probes");
});

t.test("replies are paced in bursts on the clock: burstSize datagrams, then burstIntervalMs", async (t) => {
  const specs = Array.from({ length: 10 }, (_, i) => spec(CAMERA, `c${i}`, `127.23.0.${i + 1}`));
  const { fleet, clock } = await makeFleet({ specs });
  const { network } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const uuid = await client.probe("inquiry_v32");
  await clock.advance(0);
  t.equal(client.to(uuid).length, 2, "first burst: 4 datagrams = 2 replies, unicast + group copy each");
  await clock.advance(9);
  t.equal(client.to(uuid).length, 2, "nothing before the burst interval");
  await clock.advance(1);
  t.equal(client.to(uuid).length, 4);
  await clock.advance(30);
  t.equal(client.to(uuid).length, 10, "all 10 after 5 bursts");
});

t.test("default pacing is 32 datagrams every 4 ms", async (t) => {
  const specs = Array.from({ length: 40 }, (_, i) => spec(CAMERA, `c${i}`, `127.23.1.${i + 1}`));
  const { fleet, clock } = await makeFleet({ specs });
  const { network, responder } = simResponder(fleet, clock, { burstSize: 32, burstIntervalMs: 4 });
  const client = SimClient.bind(network);
  const uuid = await client.probe();
  await clock.advance(0);
  t.equal(client.to(uuid).length, 16, "16 replies + 16 group copies");
  await clock.advance(3);
  t.equal(client.to(uuid).length, 16);
  await clock.advance(1);
  t.equal(client.to(uuid).length, 32);
  await clock.advance(4);
  t.equal(client.to(uuid).length, 40);
  t.equal(responder.stats.replies, 80);
  t.equal(responder.queued, 0);
});

t.test("a MAC-directed inquiry is answered by that device only", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const nvr = fleet.byName("nvr-1")!;
  const uuid = await client.probe("inquiry", { extra: [["MAC", dashed(nvr.identity.mac).toUpperCase()]] });
  const other = await client.probe("inquiry", { extra: [["MAC", "00-11-22-33-44-55"]] });
  await clock.advance(0);
  t.same(
    client.to(uuid).map((f) => f.get("DeviceSN")),
    [nvr.identity.serial],
  );
  t.same(client.to(other), [], "a MAC that is not ours: silence");
});

t.test("unimplemented commands: denied for our MACs, silence for others", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const mac = dashed(fleet.byName("camera-1")!.identity.mac);
  const ours = await client.probe("lamp", { extra: [["MAC", mac]] });
  const theirs = await client.probe("lamp", { extra: [["MAC", "00-11-22-33-44-55"]] });
  await clock.advance(0);
  t.same(
    client.to(ours).map((f) => Object.fromEntries(f)),
    [{ Uuid: ours, MAC: mac, Types: "lamp", Result: "denied", ResultDescription: "Device deny!" }],
  );
  t.same(client.to(theirs), []);
  t.equal(responder.stats.unsupported, 2);
  t.equal(responder.stats.replies, 2, "one reply, unicast + group");
});

t.test("loopback-only refuses other sources; junk is counted and dropped", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock);
  const lan = SimClient.bind(network, "192.0.2.7");
  const local = SimClient.bind(network);
  const refusedUuid = await lan.probe();
  await local.endpoint.send(Buffer.from("garbage"), "127.0.0.1", SADP);
  await clock.advance(10);
  t.same(lan.to(refusedUuid), []);
  t.same({ refused: responder.stats.refused, dropped: responder.stats.dropped, replies: responder.stats.replies }, { refused: 1, dropped: 1, replies: 0 });

  const open = simResponder(fleet, clock, { loopbackOnly: false });
  const lanOpen = SimClient.bind(open.network, "192.0.2.7");
  const answered = await lanOpen.probe();
  await clock.advance(10);
  t.equal(lanOpen.to(answered).length, 3, "with --interface all the same probe is answered");

  // Off loopback, only sources on a chosen subnet (runtime/interfaces.ts discoverySourceAllowed).
  const onLink = simResponder(fleet, clock, { loopbackOnly: false, sourceAllowed: (a) => a.startsWith("192.0.2.") || a.startsWith("127.") });
  const peer = SimClient.bind(onLink.network, "192.0.2.8");
  const stranger = SimClient.bind(onLink.network, "198.51.100.9");
  const fromPeer = await peer.probe();
  const fromStranger = await stranger.probe();
  await clock.advance(10);
  t.equal(peer.to(fromPeer).length, 3, "a peer on the link is answered");
  t.same(stranger.to(fromStranger), [], "an off-link source gets nothing");
  t.equal(onLink.responder.stats.refused, 1);
});

t.test("send errors are counted, never thrown", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { channel, responder } = simResponder(fleet, clock);
  await channel.close();
  responder.handle({ data: encodeProbe("U", "inquiry"), address: "127.0.0.1", port: 1 });
  await clock.advance(10);
  t.equal(responder.stats.sendErrors, 6, "3 replies, unicast and group each, on a closed channel");
  t.equal(responder.stats.replies, 0);
});
