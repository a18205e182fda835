import t from "tap";
import { LoginLockout, type LockoutPolicy } from "../../../src/emulator/auth/login-lockout.js";

/** The camera manuals' rule (hik-protocols.md §2.11): 7 admin / 5 user failures, 30 minutes. */
const MANUAL: LockoutPolicy = { enabled: true, adminAttempts: 7, userAttempts: 5, lockSeconds: 1800 };
const PEER = "192.0.2.10";
const OTHER = "192.0.2.11";
const T0 = 1_000_000;

/** `count` failures from `peer` at `now`; the state after the last one. */
function fail(lockout: LoginLockout, peer: string, admin: boolean, count: number, now = T0, policy = MANUAL) {
  let last = lockout.status(peer, admin, policy, now);
  for (let i = 0; i < count; i++) last = lockout.failed(peer, admin, policy, now);
  return last;
}

t.test("7 admin failures lock the address; retriesLeft counts down before that", (t) => {
  const lockout = new LoginLockout();
  t.same(lockout.status(PEER, true, MANUAL, T0), { locked: false, unlockSeconds: 0, retriesLeft: 7 }, "a clean address has all 7");
  const left: number[] = [];
  for (let i = 0; i < 6; i++) left.push(lockout.failed(PEER, true, MANUAL, T0).retriesLeft);
  t.same(left, [6, 5, 4, 3, 2, 1], "retryLoginTime after each failure");
  t.same(lockout.failed(PEER, true, MANUAL, T0), { locked: true, unlockSeconds: 1800, retriesLeft: 0 }, "the 7th locks for 1800 s");
  t.same(lockout.status(OTHER, true, MANUAL, T0), { locked: false, unlockSeconds: 0, retriesLeft: 7 }, "another address is not affected");
  t.end();
});

t.test("5 failures of any other user name lock the whole address, admin included", (t) => {
  const lockout = new LoginLockout();
  const left: number[] = [];
  for (let i = 0; i < 4; i++) left.push(lockout.failed(PEER, false, MANUAL, T0).retriesLeft);
  t.same(left, [4, 3, 2, 1]);
  t.equal(lockout.status(PEER, true, MANUAL, T0).retriesLeft, 7, "user failures do not spend the admin's count");
  t.same(lockout.failed(PEER, false, MANUAL, T0), { locked: true, unlockSeconds: 1800, retriesLeft: 0 });
  t.same(lockout.status(PEER, true, MANUAL, T0), { locked: true, unlockSeconds: 1800, retriesLeft: 0 }, "the lock is the address's, not the user's");
  t.end();
});

t.test("a locked address stays locked, counts nothing more, and the seconds left run down", (t) => {
  const lockout = new LoginLockout();
  fail(lockout, PEER, true, 7);
  t.same(lockout.failed(PEER, true, MANUAL, T0 + 60_000), { locked: true, unlockSeconds: 1740, retriesLeft: 0 }, "a failure while locked does not extend the lock");
  t.equal(lockout.status(PEER, true, MANUAL, T0 + 1_799_001).unlockSeconds, 1, "seconds left are rounded up");
  t.equal(lockout.status(PEER, false, MANUAL, T0 + 1_799_999).locked, true, "still locked a millisecond before the end");
  t.end();
});

t.test("at the end of the lock the address starts again from zero", (t) => {
  const lockout = new LoginLockout();
  fail(lockout, PEER, true, 7);
  const end = T0 + 1_800_000;
  t.same(lockout.status(PEER, true, MANUAL, end), { locked: false, unlockSeconds: 0, retriesLeft: 7 });
  t.equal(lockout.size, 0, "the expired entry is forgotten");
  t.same(lockout.failed(PEER, true, MANUAL, end), { locked: false, unlockSeconds: 0, retriesLeft: 6 }, "a fresh count");
  t.end();
});

t.test("an admin success clears the address's counts", (t) => {
  const lockout = new LoginLockout();
  fail(lockout, PEER, true, 6);
  fail(lockout, PEER, false, 4);
  lockout.succeeded(PEER, true);
  t.equal(lockout.status(PEER, false, MANUAL, T0).retriesLeft, 5, "the other-user count is back to 5");
  t.equal(lockout.status(PEER, true, MANUAL, T0).retriesLeft, 7, "the admin count is back to 7");
  t.equal(lockout.size, 0, "nothing left to remember");
  t.equal(fail(lockout, PEER, true, 6).locked, false, "6 more failures do not lock");
  t.end();
});

t.test("another user's success clears nothing (no endless guessing with a valid account)", (t) => {
  const lockout = new LoginLockout();
  fail(lockout, PEER, true, 6);
  fail(lockout, PEER, false, 4);
  lockout.succeeded(PEER, false);
  t.equal(lockout.status(PEER, false, MANUAL, T0).retriesLeft, 1, "the other-user count is kept: a viewer's login does not buy guesses at the operator");
  t.equal(lockout.status(PEER, true, MANUAL, T0).retriesLeft, 1, "the admin count is kept");
  t.equal(lockout.failed(PEER, false, MANUAL, T0).locked, true, "the next other-user failure locks");
  t.end();
});

t.test("a disabled policy never locks and remembers nothing", (t) => {
  const lockout = new LoginLockout();
  const off: LockoutPolicy = { ...MANUAL, enabled: false };
  const last = fail(lockout, PEER, true, 100, T0, off);
  t.same(last, { locked: false, unlockSeconds: 0, retriesLeft: 0 });
  t.equal(lockout.size, 0);
  t.equal(lockout.status(PEER, true, MANUAL, T0).retriesLeft, 7, "enabling it again starts from a clean count");
  t.end();
});

t.test("the policy in force at each failure decides: lowering the count locks at once", (t) => {
  const lockout = new LoginLockout();
  fail(lockout, PEER, true, 4);
  const three: LockoutPolicy = { ...MANUAL, adminAttempts: 3, userAttempts: 3, lockSeconds: 60 };
  t.same(lockout.status(PEER, true, three, T0), { locked: false, unlockSeconds: 0, retriesLeft: 0 }, "never below zero");
  t.same(lockout.failed(PEER, true, three, T0), { locked: true, unlockSeconds: 60, retriesLeft: 0 }, "locked for the new 60 s");
  t.end();
});

t.test("capacity: a full table drops the unlocked address that failed longest ago", (t) => {
  const lockout = new LoginLockout(4);
  fail(lockout, "10.0.0.1", true, 7); // locked, oldest
  fail(lockout, "10.0.0.2", true, 1);
  fail(lockout, "10.0.0.3", true, 1);
  fail(lockout, "10.0.0.4", true, 7); // locked
  fail(lockout, "10.0.0.2", true, 1, T0 + 1); // failed again: now the newest unlocked one
  fail(lockout, "10.0.0.5", true, 1, T0 + 2);
  t.equal(lockout.size, 4, "bounded");
  t.equal(lockout.status("10.0.0.3", true, MANUAL, T0 + 2).retriesLeft, 7, "10.0.0.3 (unlocked, longest ago) made room");
  t.equal(lockout.status("10.0.0.2", true, MANUAL, T0 + 2).retriesLeft, 5, "10.0.0.2 kept its two failures");
  t.equal(lockout.status("10.0.0.1", true, MANUAL, T0 + 2).locked, true, "the older lock survived");
  t.equal(lockout.status("10.0.0.4", true, MANUAL, T0 + 2).locked, true);
  t.end();
});

t.test("capacity: an expired lock counts as unlocked; only a table of live locks gives up its oldest lock", (t) => {
  const lockout = new LoginLockout(3);
  const short: LockoutPolicy = { ...MANUAL, lockSeconds: 10 };
  fail(lockout, "10.0.0.1", true, 7, T0, MANUAL);
  fail(lockout, "10.0.0.2", true, 7, T0, short); // runs out at T0 + 10 s
  fail(lockout, "10.0.0.3", true, 7, T0, MANUAL);
  fail(lockout, "10.0.0.4", true, 1, T0 + 20_000);
  t.equal(lockout.status("10.0.0.1", true, MANUAL, T0 + 20_000).locked, true, "the live locks stay");
  t.equal(lockout.status("10.0.0.3", true, MANUAL, T0 + 20_000).locked, true);
  t.equal(lockout.size, 3);
  fail(lockout, "10.0.0.4", true, 6, T0 + 20_000); // now every entry is a live lock
  fail(lockout, "10.0.0.5", true, 1, T0 + 20_000);
  t.equal(lockout.size, 3, "still bounded");
  t.equal(lockout.status("10.0.0.1", true, MANUAL, T0 + 20_000).locked, false, "the oldest lock went");
  t.equal(lockout.status("10.0.0.3", true, MANUAL, T0 + 20_000).locked, true, "the others stay");
  t.equal(lockout.status("10.0.0.4", true, MANUAL, T0 + 20_000).locked, true);
  t.end();
});

t.test("locked addresses survive a flood of new addresses while room exists", (t) => {
  const lockout = new LoginLockout(1024);
  const locked = Array.from({ length: 100 }, (_, i) => `10.1.0.${i}`);
  for (const peer of locked) fail(lockout, peer, true, 7);
  // 100,000 one-shot addresses: each new one pushes out an unlocked one, never a lock.
  for (let i = 0; i < 100_000; i++) lockout.failed(`10.2.${i >> 8}.${i & 255}`, false, MANUAL, T0 + 1);
  t.equal(lockout.size, 1024, "the table is full, not larger");
  t.same(
    locked.filter((peer) => !lockout.status(peer, true, MANUAL, T0 + 2).locked),
    [],
    "all 100 locks are still there",
  );
  t.end();
});
