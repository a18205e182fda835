import t from "tap";
import { TokenBuckets } from "../../src/util/token-buckets.js";
import { VirtualClock } from "../../src/emulator/clock.js";

t.test("a burst, then the refill rate, per key, on the given clock", async (t) => {
  const clock = new VirtualClock(0);
  const buckets = new TokenBuckets({ capacity: 3, refillPerSecond: 2, maxKeys: 10 }, () => clock.now());
  t.same([1, 2, 3, 4].map(() => buckets.take("a")), [true, true, true, false], "burst of 3");
  t.ok(buckets.take("b"), "another key has its own bucket");
  await clock.advance(499);
  t.notOk(buckets.take("a"), "just under one token back after 499 ms at 2/s");
  await clock.advance(1);
  t.ok(buckets.take("a"), "one token after 500 ms");
  t.notOk(buckets.take("a"));
  await clock.advance(60_000);
  t.same([1, 2, 3, 4].map(() => buckets.take("a")), [true, true, true, false], "never more than the capacity");
});

t.test("keys are bounded: the least recently used is forgotten", async (t) => {
  const clock = new VirtualClock(0);
  const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 0, maxKeys: 2 }, () => clock.now());
  t.ok(buckets.take("a"));
  t.ok(buckets.take("b"));
  t.notOk(buckets.take("a"), "a is empty (and now most recently used)");
  t.ok(buckets.take("c"), "c evicts b");
  t.equal(buckets.size, 2);
  t.notOk(buckets.take("a"), "a was kept");
  t.ok(buckets.take("b"), "b comes back with a full bucket");
});
