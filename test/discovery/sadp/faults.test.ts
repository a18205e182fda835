import t from "tap";
import { SADP_GROUP } from "../../../src/discovery/sadp/responder.js";
import { decodeHello } from "../../../src/discovery/sadp/codec.js";
import { BootAnnouncer } from "../../../src/discovery/sadp/boot-announcer.js";
import { SeededRandom } from "../../../src/emulator/random.js";
import { makeFleet } from "../../helpers/harness.js";
import { SADP, SimClient, dashed, simResponder } from "../../helpers/sadp-sim.js";

t.test("discoveryDropRate 1: that device's replies are all lost, its neighbours answer", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock);
  const listener = SimClient.bind(network, "0.0.0.0", { port: SADP, sourceAddress: "127.0.0.3", groups: [SADP_GROUP] });
  const client = SimClient.bind(network);
  const camera = fleet.byName("camera-1")!;
  camera.faults.set({ discoveryDropRate: 1 });

  const uuid = await client.probe("inquiry", { to: SADP_GROUP });
  await clock.advance(10);
  const others = fleet.devices.filter((d) => d !== camera).map((d) => dashed(d.identity.mac)).sort();
  t.same(client.macs(uuid), others, "unicast: the neighbours only");
  t.same(listener.macs(uuid), others, "group: the neighbours only");
  t.equal(responder.stats.faultDropped, 2, "the unicast reply and its group copy, each rolled and lost");
  t.equal(responder.stats.replies, 4);

  const directed = await client.probe("inquiry", { extra: [["MAC", dashed(camera.identity.mac)]] });
  await clock.advance(10);
  t.same(client.to(directed), [], "a probe for its MAC alone goes unanswered too");

  camera.faults.clear();
  const back = await client.probe("inquiry", { to: SADP_GROUP });
  await clock.advance(10);
  t.equal(client.to(back).length, 3, "cleared: all three answer");
});

t.test("discoveryDropRate 0.5, seeded: each datagram is rolled on its own; some get through, some do not", async (t) => {
  const run = async () => {
    const { fleet, clock } = await makeFleet();
    const { network, responder } = simResponder(fleet, clock);
    const listener = SimClient.bind(network, "0.0.0.0", { port: SADP, sourceAddress: "127.0.0.3", groups: [SADP_GROUP] });
    const client = SimClient.bind(network);
    const camera = fleet.byName("camera-1")!;
    camera.faults.set({ discoveryDropRate: 0.5 });
    const mac = dashed(camera.identity.mac);
    const seen: string[] = [];
    // 16 probes: the sender's burst allowance (DEFAULT_SADP_LIMITS), so none is rate-limited.
    for (let i = 0; i < 16; i++) {
      const uuid = await client.probe("inquiry", { uuid: `U-${i}`, to: SADP_GROUP });
      await clock.advance(10);
      const unicast = client.macs(uuid).includes(mac);
      const group = listener.macs(uuid).includes(mac);
      seen.push(`${unicast ? "u" : "-"}${group ? "g" : "-"}`);
    }
    return { seen, dropped: responder.stats.faultDropped };
  };
  const first = await run();
  t.equal(first.dropped, first.seen.join("").split("-").length - 1, "every missing copy is a counted drop");
  t.ok(first.dropped >= 8 && first.dropped <= 24, `about half of 32 datagrams lost (${first.dropped})`);
  t.ok(first.seen.includes("ug") || first.seen.includes("u-") || first.seen.includes("-g"), "some replies get through");
  t.ok(first.seen.includes("u-") || first.seen.includes("-g"), "the unicast reply and its group copy are lost independently");
  t.same((await run()).seen, first.seen, "the seeded Random decides: the same datagrams every run");
});

t.test("discoveryDropRate 1 loses the Hello too", async (t) => {
  const h = await makeFleet();
  const { network, responder } = simResponder(h.fleet, h.clock);
  const hellos: string[] = [];
  network.bind({ address: "0.0.0.0", port: SADP, sourceAddress: "127.0.0.3", groups: [SADP_GROUP] }).onMessage((d) => {
    const mac = decodeHello(d.data)?.get("MAC");
    if (mac) hellos.push(mac);
  });
  new BootAnnouncer(h.fleet, (device, uuid) => responder.announce(device, uuid), new SeededRandom("x"));
  const camera = h.fleet.byName("camera-1")!;
  const nvr = h.fleet.byName("nvr-1")!;
  camera.faults.set({ discoveryDropRate: 1 });
  camera.reboot("control");
  nvr.reboot("control");
  await h.clock.advance(camera.profile.shutdownSeconds * 1000);
  await h.clock.advance(Math.max(camera.readyAt, nvr.readyAt) - h.clock.now());
  t.same(hellos, [dashed(nvr.identity.mac)], "only the neighbour's Hello arrives");
  t.equal(responder.stats.faultDropped, 1);
  t.equal(responder.stats.hellos, 1);
});
