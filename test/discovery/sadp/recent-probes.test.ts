import t from "tap";
import { RecentProbes } from "../../../src/discovery/sadp/recent-probes.js";
import { VirtualClock } from "../../../src/emulator/clock.js";

t.test("keys expire with the window and are bounded in number", async (t) => {
  const clock = new VirtualClock(0);
  const recent = new RecentProbes(2000, 3, () => clock.now());
  recent.add("a");
  await clock.advance(1000);
  recent.add("b");
  t.ok(recent.has("a") && recent.has("b"));
  await clock.advance(1000);
  t.notOk(recent.has("a"), "a expired 2000 ms after it was added");
  t.ok(recent.has("b"));
  recent.add("c");
  recent.add("d");
  recent.add("e");
  t.equal(recent.size, 3, "at most 3 kept");
  t.notOk(recent.has("b"), "the oldest went first");
  t.ok(recent.has("e"));
});
