import t from "tap";
import { RealClock } from "../../src/runtime/real-clock.js";

// RealClock's timers are unref'd (sockets keep a running emulator alive); keep this process up.
const keepAlive = setInterval(() => undefined, 1000);
t.teardown(() => clearInterval(keepAlive));

t.test("a timer callback whose promise rejects is reported, never left unhandled", async (t) => {
  const heard = new Promise<[unknown, string]>((resolve) => {
    const clock = new RealClock((error, timer) => resolve([error, timer]));
    clock.timer("boom", 0, () => Promise.reject(new Error("disk gone")));
  });
  const [error, timer] = await heard;
  t.equal((error as Error).message, "disk gone");
  t.equal(timer, "boom");
});

t.test("a timer callback that throws is reported too", async (t) => {
  const heard = await new Promise<unknown>((resolve) => {
    new RealClock((error) => resolve(error)).timer("sync", 0, () => {
      throw new Error("sync boom");
    });
  });
  t.equal((heard as Error).message, "sync boom");
});

t.test("a cancelled timer does not fire; now() is host time", async (t) => {
  const clock = new RealClock();
  let fired = false;
  clock.timer("never", 0, () => {
    fired = true;
  }).cancel();
  await new Promise<void>((resolve) => clock.timer("after", 1, () => resolve()));
  t.equal(fired, false);
  t.ok(Math.abs(clock.now() - Date.now()) < 1000);
});
