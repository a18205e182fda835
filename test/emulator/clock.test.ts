import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";

/** Resolves after `n` chained microtasks: work that a single `await` would not see finish. */
async function microtasks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

t.test("virtual clock fires due timers in order and only when advanced", async (t) => {
  const clock = new VirtualClock(1000);
  const fired: string[] = [];
  clock.timer("b", 20, () => {
    fired.push(`b@${clock.now()}`);
  });
  clock.timer("a", 10, () => {
    fired.push(`a@${clock.now()}`);
    clock.timer("c", 5, () => {
      fired.push(`c@${clock.now()}`);
    });
  });
  const cancelled = clock.timer("x", 1, () => {
    fired.push("x");
  });
  cancelled.cancel();
  t.same(fired, [], "nothing fires before time moves");
  await clock.advance(14);
  t.same(fired, ["a@1010"], "only a is due at +14; c was set for 1015");
  t.equal(clock.now(), 1014);
  await clock.advance(101);
  t.same(fired, ["a@1010", "c@1015", "b@1020"], "timers set by callbacks fire when due, in due order");
  t.equal(clock.now(), 1115);
  t.same(clock.pendingTimers(), []);
});

t.test("advance waits for the promise a callback returns, and for timers that work sets", async (t) => {
  const clock = new VirtualClock(0);
  const log: string[] = [];
  clock.timer("job", 10, async () => {
    await microtasks(20);
    log.push(`job done@${clock.now()}`);
    clock.timer("follow-up", 5, () => {
      log.push(`follow-up@${clock.now()}`);
    });
  });
  await clock.advance(15);
  t.same(log, ["job done@10", "follow-up@15"], "the follow-up set after 20 microtasks still fired in the same advance");
});

t.test("advance settles work a callback starts without returning it", async (t) => {
  const clock = new VirtualClock(0);
  let finished = false;
  clock.timer("fire-and-forget", 1, () => {
    void microtasks(50).then(() => {
      finished = true;
    });
  });
  await clock.advance(1);
  t.ok(finished, "a detached promise chain has run by the time advance resolves");
});

t.test("advance sees timers set by work started before it was called", async (t) => {
  const clock = new VirtualClock(0);
  let fired = false;
  // As a datagram delivered in a microtask makes a responder schedule a reply at delay 0.
  void microtasks(10).then(() =>
    clock.timer("reply", 0, () => {
      fired = true;
    }),
  );
  await clock.advance(0);
  t.ok(fired);
});

t.test("overlapping advance calls run one after the other; a failing callback rejects its call", async (t) => {
  const clock = new VirtualClock(0);
  const seen: number[] = [];
  clock.timer("at-5", 5, () => {
    seen.push(clock.now());
  });
  clock.timer("at-12", 12, () => {
    seen.push(clock.now());
  });
  await Promise.all([clock.advance(10), clock.advance(10)]);
  t.same(seen, [5, 12]);
  t.equal(clock.now(), 20);
  clock.timer("broken", 1, async () => {
    await microtasks(1);
    throw new Error("boom");
  });
  await t.rejects(clock.advance(1), { message: "boom" });
  await clock.advance(1);
  t.equal(clock.now(), 22, "the clock keeps working after a failed callback");
});
