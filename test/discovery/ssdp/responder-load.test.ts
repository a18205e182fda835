import t from "tap";
import { performance } from "node:perf_hooks";
import { CAMERA, makeFleet, spec } from "../../helpers/harness.js";
import { mSearch, simSsdp } from "../../helpers/ssdp-sim.js";
import { parseMessage } from "../../../src/discovery/ssdp/node-ssdp-message.js";
import { SSDP_PORT } from "../../../src/discovery/ssdp/constants.js";

/**
 * An ssdp:all to 5,000 devices is 15,000 datagrams: they leave in bursts (32 every 4 ms by
 * default), so no step holds the event loop for long. The bounds are loose, for a loaded CI
 * host (a step is ~1 ms of encoding here; the rare long one is a garbage collection).
 */
t.test("ssdp:all to 5,000 devices: 15,000 answers in short steps, within MX", async (t) => {
  const specs = Array.from({ length: 5000 }, (_, i) => spec(CAMERA, `c${i}`, `127.0.${125 + (i >> 8)}.${i & 255}`));
  const { fleet, clock } = await makeFleet({ specs });
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
  t.ok(clock.now() - sent <= 5000, `all within MX 5 s (${clock.now() - sent} ms of transport time)`);
  steps.sort((a, b) => a - b);
  const p95 = steps[Math.floor(steps.length * 0.95)]!;
  t.ok(p95 < 25, `95 % of ${steps.length} steps held the loop under 25 ms (p95 ${p95.toFixed(1)} ms)`);
  t.ok(steps.at(-1)! < 500, `the longest step ${steps.at(-1)!.toFixed(1)} ms (bound 500 ms)`);
  t.equal(responder.queued, 0);
});
