import t from "tap";
import { SADP_GROUP } from "../../../src/discovery/sadp/responder.js";
import { SimulatedNetwork } from "../../../src/discovery/net/simulated-network.js";
import { VirtualClock } from "../../../src/emulator/clock.js";
import { makeFleet, threeSpecs } from "../../helpers/harness.js";
import { SADP, SimClient, dashed, simResponder } from "../../helpers/sadp-sim.js";

/** Two emulators on one segment (two hosts, one group), one clock. */
async function twoFleets(network: SimulatedNetwork, loopbackOnly: [boolean, boolean] = [true, true]) {
  const clock = new VirtualClock();
  const a = await makeFleet({ clock, seed: "host-a", specs: threeSpecs("127.21.1") });
  const b = await makeFleet({ clock, seed: "host-b", specs: threeSpecs("127.21.2") });
  const ra = simResponder(a.fleet, clock, { network, host: "127.0.0.1", loopbackOnly: loopbackOnly[0] }).responder;
  const rb = simResponder(b.fleet, clock, { network, host: "127.0.0.2", loopbackOnly: loopbackOnly[1] }).responder;
  const macs = [...a.fleet.devices, ...b.fleet.devices].map((d) => dashed(d.identity.mac)).sort();
  return { clock, a, b, ra, rb, macs };
}

t.test("two responders on one group; a tool on 37020 sees every reply, its own and others' via the group", async (t) => {
  const network = new SimulatedNetwork();
  const { clock, ra, rb, macs } = await twoFleets(network);
  // SADP Tool: bound to 0.0.0.0:37020 (after the responders), joined to the group.
  const tool = SimClient.bind(network, "0.0.0.0", { port: SADP, sourceAddress: "127.0.0.3", groups: [SADP_GROUP] });
  // A scanner: an ephemeral port, reads the socket it sent from.
  const scanner = SimClient.bind(network, "127.0.0.4");

  const toolUuid = await tool.probe("inquiry", { to: SADP_GROUP });
  const scanUuid = await scanner.probe("inquiry", { to: SADP_GROUP });
  await clock.advance(100);

  t.same([...new Set(tool.macs(toolUuid))], macs, "both fleets answered the tool");
  t.equal(tool.to(toolUuid).length, 12, "each reply twice: unicast to 127.0.0.3:37020 and the group copy");
  t.same(scanner.macs(scanUuid), macs, "the scanner got its unicast replies");
  t.same(tool.macs(scanUuid), macs, "and the tool saw the group copies of the replies to the scanner");
  t.same(
    [ra.stats.dropped, rb.stats.dropped],
    [12, 12],
    "each responder receives all 12 group copies (its own and the other's) and drops them as not probes",
  );
  t.same([ra.stats.replies, rb.stats.replies], [12, 12]);
});

t.test("loopback-only refusal on a shared segment: only the emulator opened to the LAN answers a LAN host", async (t) => {
  const network = new SimulatedNetwork();
  const { clock, b, ra, rb } = await twoFleets(network, [true, false]);
  const lanTool = SimClient.bind(network, "192.0.2.10");
  const uuid = await lanTool.probe("inquiry", { to: SADP_GROUP });
  await clock.advance(100);
  t.same(lanTool.macs(uuid), b.fleet.devices.map((d) => dashed(d.identity.mac)).sort(), "only host b's devices answered");
  t.equal(ra.stats.refused, 1, "host a (loopback only) refused the LAN probe");
  t.equal(rb.stats.refused, 0);
  t.equal(ra.stats.replies, 0);
});

t.test("a lossy segment: replies lost on the way are not resent, the next refresh finds the devices", async (t) => {
  let lossy = true;
  const network = new SimulatedNetwork({ lose: (p) => lossy && p.from.address === "127.0.0.2" });
  const { clock, a, macs } = await twoFleets(network);
  const scanner = SimClient.bind(network, "127.0.0.4");
  const first = await scanner.probe("inquiry", { to: SADP_GROUP });
  await clock.advance(100);
  t.same(scanner.macs(first), a.fleet.devices.map((d) => dashed(d.identity.mac)).sort(), "host b's replies were lost");
  t.ok(network.stats.lost >= 3);
  lossy = false;
  await clock.advance(15_000);
  const refresh = await scanner.probe("inquiry", { to: SADP_GROUP });
  await clock.advance(100);
  t.same(scanner.macs(refresh), macs, "SADP Tool's 15 s refresh (§1.10) sees both");
});
