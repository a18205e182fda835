import t from "tap";
import { MB, rss } from "../helpers/memory.js";
import { performance } from "node:perf_hooks";
import { VirtualClock } from "../../src/emulator/clock.js";
import { LOCKOUT_CAPACITY } from "../../src/emulator/accounts.js";
import { adminPassword, startDefaultFleet } from "../helpers/emulator.js";
import { makeFleet } from "../helpers/harness.js";
import { SourceClient } from "../helpers/source-client.js";

/**
 * hik-protocols.md §2.11 under attack: a password guesser spread over many client addresses
 * must lock every one of them and cost the device fixed memory (login-lockout.ts keeps at
 * most LOCKOUT_CAPACITY addresses). Devices on 127.92.0.10-12; attackers on 127.94.a.b.
 */

const PASSWORD = "Hik12345!";
const WRONG = "Wrong1234!";
const INFO = "/ISAPI/System/deviceInfo";
const ADDRESSES = 1000;
const PER_ADDRESS = 10;
/** Client machines attacking at once: each reuses the nonce of its last 401, so fewer than the 512 nonces a device holds may be issued between two of its attempts. */
const PARALLEL = 50;


/** 127.94.1.1 … 127.94.4.250: 1,000 distinct client addresses. */
const attacker = (i: number) => `127.94.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;

t.test("ACCEPTANCE: 10,000 wrong passwords from 1,000 addresses lock them all, in fixed memory; the device keeps serving", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 92, clock);
  await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = emulator.fleet.byName("camera-1")!;
  const target = { host: camera.serving.address, port: camera.serving.httpPort, realm: camera.identity.realm };

  // Warm up the HTTP path once, so the baseline includes what any first request allocates.
  const warm = new SourceClient(target, "127.94.250.1");
  t.equal((await warm.digest(INFO, "admin", PASSWORD)).status, 200);
  warm.close();
  const before = rss();
  const started = performance.now();

  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < ADDRESSES) {
      const client = new SourceClient(target, attacker(next++));
      try {
        for (let k = 0; k < PER_ADDRESS; k++) {
          const { status } = await client.digest(INFO, "admin", WRONG);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      } finally {
        client.close();
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const seconds = (performance.now() - started) / 1000;
  t.comment(`${ADDRESSES * PER_ADDRESS} attempts in ${seconds.toFixed(1)} s`);

  t.same([...statuses], [[401, ADDRESSES * PER_ADDRESS]], "every attempt was refused");
  t.ok(camera.accounts.lockoutEntries > 0, "the lockout remembers the attackers");
  t.ok(camera.accounts.lockoutEntries <= LOCKOUT_CAPACITY, `at most LOCKOUT_CAPACITY (${LOCKOUT_CAPACITY}) addresses: ${camera.accounts.lockoutEntries}`);
  const unlocked = Array.from({ length: ADDRESSES }, (_, i) => attacker(i)).filter((peer) => !camera.accounts.lockStatus(peer, "admin").locked);
  t.same(unlocked, [], "every one of the 1,000 addresses is locked (they fit in the table)");
  for (const i of [0, 1, 499, 998, 999]) {
    const spot = new SourceClient(target, attacker(i));
    t.equal((await spot.digest(INFO, "admin", PASSWORD)).status, 401, `${attacker(i)}: the right password is refused`);
    spot.close();
    t.match(camera.accounts.lockStatus(attacker(i), "admin"), { locked: true, retriesLeft: 0 });
  }

  const fresh = new SourceClient(target, "127.94.251.1");
  t.equal((await fresh.digest(INFO, "admin", PASSWORD)).status, 200, "the process is up: a fresh address logs in");
  fresh.close();

  // The table holds ~1,000 small records (well under 1 MB); the rest of the bound is V8 and
  // socket buffers a 10,000-request run leaves behind (about 45 MB here after a GC). 200 MB
  // is far above both and far below what keeping per-attempt state would cost (a leak of
  // 20 KB per attempt already crosses it).
  const growth = (rss() - before) / MB;
  t.comment(`RSS growth ${growth.toFixed(1)} MB`);
  t.ok(growth < 200, `RSS grew ${growth.toFixed(1)} MB (< 200 MB)`);
});

t.test("5,000 distinct peers through device.login: the table stays within its capacity and the newest locks hold", async (t) => {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  await camera.activate(PASSWORD, "test");
  const peers = Array.from({ length: 5000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
  let largest = 0;
  for (const peer of peers) {
    for (let k = 0; k < 7; k++) camera.login({ kind: "plain", userName: "admin", password: WRONG }, { front: "isapi", peer });
    largest = Math.max(largest, camera.accounts.lockoutEntries);
  }
  t.equal(largest, LOCKOUT_CAPACITY, "the table filled up to its capacity and never beyond");
  t.equal(camera.accounts.lockoutEntries, LOCKOUT_CAPACITY);
  const newest = peers.slice(-LOCKOUT_CAPACITY);
  t.same(
    newest.filter((peer) => !camera.accounts.lockStatus(peer, "admin").locked),
    [],
    "the last 1,024 addresses are locked",
  );
  // Beyond its capacity, with every entry a live lock, the oldest lock makes room (login-lockout.ts).
  t.equal(camera.accounts.lockStatus(peers[0]!, "admin").locked, false, "the first address was pushed out");
  t.same(camera.login({ kind: "plain", userName: "admin", password: PASSWORD }, { front: "isapi", peer: "10.200.0.1" }), { ok: true, userName: "admin" }, "a fresh peer logs in");
});
