import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";

t.test("virtual clock fires due timers in order and only when advanced", (t) => {
  const clock = new VirtualClock(1000);
  const fired: string[] = [];
  clock.timer("b", 20, () => fired.push(`b@${clock.now()}`));
  clock.timer("a", 10, () => {
    fired.push(`a@${clock.now()}`);
    clock.timer("c", 5, () => fired.push(`c@${clock.now()}`));
  });
  const cancelled = clock.timer("x", 1, () => fired.push("x"));
  cancelled.cancel();
  t.same(fired, [], "nothing fires before time moves");
  clock.advance(14);
  t.same(fired, ["a@1010"], "only a is due at +14; c was set for 1015");
  t.equal(clock.now(), 1014);
  clock.advance(101);
  t.same(fired, ["a@1010", "c@1015", "b@1020"], "timers set by callbacks fire when due, in due order");
  t.equal(clock.now(), 1115);
  t.same(clock.pendingTimers(), []);
  t.end();
});
