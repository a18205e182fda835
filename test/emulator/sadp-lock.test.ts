import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { SadpLock } from "../../src/emulator/sadp-lock.js";
import type { LoginOutcome } from "../../src/emulator/auth/login.js";

const WRONG: LoginOutcome = { ok: false, reason: "badCredentials", knownUser: true };
const RIGHT: LoginOutcome = { ok: true, userName: "admin" };
const INACTIVE: LoginOutcome = { ok: false, reason: "notActivated", knownUser: false };

function lockWith(attempts: number, seconds: number) {
  const clock = new VirtualClock();
  const changes: boolean[] = [];
  const lock: SadpLock = new SadpLock({ clock, policy: () => ({ attempts, seconds }), onChange: () => changes.push(lock.locked) });
  return { clock, lock, changes };
}

t.test("wrong passwords count down; the last one locks for the policy's seconds, then it lifts", async (t) => {
  const { clock, lock, changes } = lockWith(3, 60);
  t.same(lock.check(() => WRONG), { ok: false, reason: "badCredentials", attemptsLeft: 2 });
  t.same(lock.check(() => WRONG), { ok: false, reason: "badCredentials", attemptsLeft: 1 });
  t.same(changes, [], "no flag change before the lock");
  t.same(lock.check(() => WRONG), { ok: false, reason: "badCredentials", attemptsLeft: 0 });
  t.equal(lock.locked, true);
  t.same(changes, [true], "locking is a change (ProbeMatch DeviceLock)");
  let asked = 0;
  await clock.advance(20_500);
  t.same(
    lock.check(() => (asked++, RIGHT)),
    { ok: false, reason: "locked", unlockSeconds: 40 },
    "locked: not even checked, seconds left rounded up",
  );
  t.equal(asked, 0);
  await clock.advance(39_500);
  t.equal(lock.locked, false);
  t.same(changes, [true, false], "expiry is a change too");
  t.same(lock.check(() => RIGHT), { ok: true });
  t.same(lock.check(() => WRONG), { ok: false, reason: "badCredentials", attemptsLeft: 2 }, "a fresh count after the lock");
});

t.test("a right password resets the count; an inactive device counts nothing", (t) => {
  const { lock } = lockWith(3, 60);
  lock.check(() => WRONG);
  lock.check(() => WRONG);
  t.same(lock.check(() => RIGHT), { ok: true });
  t.same(lock.check(() => WRONG), { ok: false, reason: "badCredentials", attemptsLeft: 2 }, "back to the full count");
  t.same(lock.check(() => INACTIVE), { ok: false, reason: "notActivated" });
  t.same(lock.check(() => WRONG), { ok: false, reason: "badCredentials", attemptsLeft: 1 }, "notActivated was not counted");
  t.end();
});

t.test("a boot clears the lock and the count (RAM), and the expiry timer with them", async (t) => {
  const { clock, lock, changes } = lockWith(1, 60);
  lock.check(() => WRONG);
  t.equal(lock.locked, true);
  lock.boot();
  t.equal(lock.locked, false);
  t.same(changes, [true, false]);
  await clock.advance(60_000);
  t.same(changes, [true, false], "the cancelled expiry does not fire");
  t.same(clock.pendingTimers(), []);
  lock.boot();
  t.same(changes, [true, false], "booting an unlocked device changes nothing");
});
