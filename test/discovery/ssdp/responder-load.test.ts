import t from "tap";
import { performance } from "node:perf_hooks";
import { CAMERA, makeFleet, spec } from "../../helpers/harness.js";
import { SsdpSimClient, mSearch, simSsdp } from "../../helpers/ssdp-sim.js";
import { SimulatedNetwork } from "../../../src/discovery/net/simulated-network.js";
import { parseMessage } from "../../../src/discovery/ssdp/node-ssdp-message.js";
import { SSDP_PORT } from "../../../src/discovery/ssdp/constants.js";

const bigFleet = () => makeFleet({ specs: Array.from({ length: 5000 }, (_, i) => spec(CAMERA, `c${i}`, `127.0.${125 + (i >> 8)}.${i & 255}`)) });

/**
 * An ssdp:all to 5,000 devices is 15,000 datagrams: they leave in bursts (32 every 4 ms by
 * default, ~1.9 s of sending), so no step holds the event loop for long. The bounds are loose,
 * for a loaded CI host (a step is ~1 ms here; the rare long one is a garbage collection).
 */
t.test("ssdp:all to 5,000 devices: 15,000 answers in short steps, within MX", async (t) => {
  const { fleet, clock } = await bigFleet();
  const { network, responder } = simSsdp(fleet, clock, { burstSize: 32, burstIntervalMs: 4 });
  const client = network.bind({ address: "127.0.95.1" });
  const usns = new Set<string>();
  let received = 0;
  client.onMessage((d) => {
    received++;
    usns.add(parseMessage(d.data.toString("latin1")).headers["USN"] ?? "");
  });
  const sent = clock.now();
  await client.send(mSearch("ssdp:all", { mx: 5 }), "127.0.0.1", SSDP_PORT);
  const steps: number[] = [];
  while (received < 15_000 && clock.now() - sent < 10_000) {
    const before = performance.now();
    await clock.advance(4);
    steps.push(performance.now() - before);
  }
  t.equal(received, 15_000, "every target of every device answered once");
  t.equal(usns.size, 15_000, "no USN twice");
  // 15,000 datagrams at 32 per 4 ms take 1,875 ms; the start is random within the slack MX leaves.
  const took = clock.now() - sent;
  t.ok(took >= 1875 && took <= 5000, `all within MX 5 s (${took} ms of transport time)`);
  t.equal(responder.stats.late, 0);
  steps.sort((a, b) => a - b);
  const p95 = steps[Math.floor(steps.length * 0.95)]!;
  t.ok(p95 < 25, `95 % of ${steps.length} steps held the loop under 25 ms (p95 ${p95.toFixed(1)} ms)`);
  t.ok(steps.at(-1)! < 500, `the longest step ${steps.at(-1)!.toFixed(1)} ms (bound 500 ms)`);
  t.equal(responder.queued, 0);
});

t.test("4 × ssdp:all to 5,000 devices behind the start-up alive round: what is accepted ends within MX, the rest is refused", async (t) => {
  const { fleet, clock } = await bigFleet();
  const network = new SimulatedNetwork();
  // The NOTIFY listener binds first, so unicast to the host reaches the responder (advertiser.test.ts).
  const listener = SsdpSimClient.listener(network, clock);
  const { responder } = simSsdp(fleet, clock, { network, burstSize: 32, burstIntervalMs: 4, advertise: true });
  const clients = Array.from({ length: 4 }, (_, i) => SsdpSimClient.bind(network, clock, `127.0.95.${10 + i}`));
  const sent = clock.now();
  for (const client of clients) await client.search("ssdp:all", { mx: 5 });
  await clock.advance(0);
  t.equal(responder.stats.overloaded, 3, "one ssdp:all (15,000 answers) takes most of MX 5 at the rate admission counts on: the other 3 refused");
  for (let elapsed = 0; elapsed < 10_000; elapsed += 100) await clock.advance(100);
  const answered = clients.map((c) => c.responses().length);
  t.same(answered, [15_000, 0, 0, 0], "the accepted search is answered in full");
  const last = Math.max(...clients[0]!.responses().map((r) => r.at));
  t.ok(last - sent <= 5000, `its last answer ${last - sent} ms after the search (MX 5 s)`);
  t.equal(responder.stats.late, 0);
  t.equal(listener.notifies("ssdp:alive").length, 15_000, "the alive round still goes out in full");
});
