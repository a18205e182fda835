import t from "tap";
import { createHash } from "node:crypto";
import { PER_USER, WebSessions } from "../../../src/emulator/auth/web-sessions.js";
import { hasFactoryPassword } from "../../../src/emulator/auth/factory-password.js";
import { SeededRandom } from "../../../src/emulator/random.js";
import type { Device } from "../../../src/emulator/device.js";
import { makeFleet } from "../../helpers/harness.js";

const PASSWORD = "Hik12345!";
const PEER = "127.0.0.9";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const sameMark = () => "mark";

/** §2.4 encodePwd, irreversible, written here from the description. */
function webClientHash(userName: string, salt: string, password: string, challenge: string, iterations: number): string {
  let r = sha256(`${userName}${salt}${password}`);
  r = sha256(r + challenge);
  for (let i = 2; i < iterations; i++) r = sha256(r);
  return r;
}

function login(device: Device, password: string, withTag = true) {
  const { sessionId, challenge, iterations } = device.accounts.beginSession("admin");
  const hash = webClientHash("admin", device.identity.salt, password, challenge, iterations);
  return device.accounts.openSession({ kind: "sessionHash", userName: "admin", sessionId, hash }, PEER, withTag);
}

t.test("WebSessions: cookie value and tag, kept alive by use, ended after idleMs without one", (t) => {
  const sessions = new WebSessions(new SeededRandom("s"), 120_000, 8);
  const tagged = sessions.open("admin", PEER, true, "mark", 0);
  const plain = sessions.open("admin", PEER, false, "mark", 0);
  t.match(tagged, { id: /^[0-9a-f]{64}$/, tag: /^[0-9a-f]{32}$/, userName: "admin", peer: PEER, loginAt: 0 }, "64-hex cookie value and a 32-hex sessiontag (§2.4)");
  t.equal(plain.tag, undefined, "no tag unless the login asked for one");
  t.not(tagged.id, plain.id);

  t.match(sessions.use(tagged.id, undefined, 1, sameMark), { ok: false, reason: "badTag" }, "a tagged session needs its tag");
  t.match(sessions.use(tagged.id, "0".repeat(32), 1, sameMark), { ok: false, reason: "badTag" }, "and the right one");
  t.match(sessions.use(tagged.id, tagged.tag, 100_000, sameMark), { ok: true, session: { lastSeen: 100_000 } }, "a wrong tag did not end it; use refreshes lastSeen");
  t.match(sessions.use(plain.id, "anything", 100_000, sameMark), { ok: true }, "an untagged session ignores the header");
  t.match(sessions.use(tagged.id, tagged.tag, 220_000, sameMark), { ok: true }, "exactly idleMs after the last use: still alive");
  t.match(sessions.use(plain.id, undefined, 220_001, sameMark), { ok: false, reason: "unknown" }, "idleMs + 1 ms after the last use: gone");
  t.match(sessions.use(plain.id, undefined, 220_001, sameMark), { ok: false, reason: "unknown" }, "and stays gone");
  t.match(sessions.use(tagged.id, tagged.tag, 220_002, () => "new password"), { ok: false, reason: "unknown" }, "a password change ends it");
  t.equal(sessions.size, 0);

  const closed = sessions.open("admin", PEER, false, "mark", 0);
  t.equal(sessions.close(closed.id), true, "logout");
  t.equal(sessions.close(closed.id), false, "a second logout finds nothing");
  t.match(sessions.use(closed.id, undefined, 1, sameMark), { ok: false, reason: "unknown" });
  t.end();
});

t.test("WebSessions: bounded by capacity; a new login takes the room of the session idle longest", (t) => {
  const sessions = new WebSessions(new SeededRandom("c"), 120_000, 3);
  const [a, b, c] = [0, 1, 2].map((i) => sessions.open("admin", PEER, false, "mark", i));
  t.ok(sessions.use(a!.id, undefined, 10, sameMark).ok, "a is used again: b is now the one idle longest");
  const d = sessions.open("admin", PEER, false, "mark", 11);
  t.equal(sessions.size, 3, "still at capacity");
  t.match(sessions.use(b!.id, undefined, 12, sameMark), { ok: false, reason: "unknown" }, "b made room");
  for (const s of [a!, c!, d]) t.ok(sessions.use(s.id, undefined, 12, sameMark).ok, "the others live");

  for (let i = 0; i < 1000; i++) sessions.open("admin", `127.0.${i >> 8}.${i & 255}`, true, "mark", 20 + i);
  t.equal(sessions.size, 3, "1000 logins later the table holds capacity sessions");
  t.equal(sessions.list(1100, sameMark).length, 3);
  t.end();
});

t.test("WebSessions: one user looping logins makes room from their own sessions, never another user's", (t) => {
  const sessions = new WebSessions(new SeededRandom("u"), 120_000, 64);
  const admin = sessions.open("admin", PEER, true, "mark", 0);
  for (let i = 0; i < 500; i++) sessions.open("viewer", PEER, true, "mark", 1 + i);
  t.equal(sessions.list(600, sameMark).filter((s) => s.userName === "viewer").length, PER_USER, `the viewer holds at most ${PER_USER}`);
  t.ok(sessions.use(admin.id, admin.tag, 600, sameMark).ok, "the admin's session lives");
  t.end();
});

t.test("a device's sessions: open on the right hash, end on password change and on reboot", async (t) => {
  const { fleet, clock } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  t.match(login(camera, PASSWORD).outcome, { ok: false, reason: "notActivated" }, "inactive: no session");
  await camera.activate(PASSWORD, "test");

  const wrong = login(camera, "Wrong1234!");
  t.match(wrong, { outcome: { ok: false, reason: "badCredentials", lock: { locked: false, retriesLeft: 6 } } }, "a wrong hash counts towards the lockout");
  t.equal(wrong.session, undefined);

  const first = login(camera, PASSWORD);
  t.match(first.outcome, { ok: true, userName: "admin" });
  const session = first.session!;
  t.match(session.id, /^[0-9a-f]{64}$/);
  t.match(camera.accounts.useSession(session.id, session.tag), { ok: true, session: { userName: "admin" } });
  t.equal(camera.accounts.lockStatus(PEER, "admin").retriesLeft, 7, "the success reset the address's count");
  t.match(camera.accounts.sessionCookieName, /^WebSession_[0-9A-F]{10}$/, "WebSession_ + 10 hex (§2.4)");
  t.equal(camera.accounts.onlineUsers().filter((u) => u.userName === "admin").length, 1, "the session is an online user");

  const idle = camera.profile.security.session.idleSeconds * 1000;
  t.equal(idle, 120_000, "the profile's idle time: 120 s");
  await clock.advance(idle);
  t.ok(camera.accounts.useSession(session.id, session.tag).ok, "used exactly idleSeconds later: alive");
  await clock.advance(idle + 1);
  t.match(camera.accounts.useSession(session.id, session.tag), { ok: false, reason: "unknown" }, "idle longer: expired on the device clock");

  const second = login(camera, PASSWORD).session!;
  await camera.userDirectory.modify({ userName: "admin", peer: PEER, loginPassword: PASSWORD }, 1, { password: "Changed123!" });
  t.match(camera.accounts.useSession(second.id, second.tag), { ok: false, reason: "unknown" }, "the user's password changed: the session ended");

  // Back and forth to the same password: the old session stays ended (ended at the change, not compared by hash).
  const fourth = login(camera, "Changed123!").session!;
  await camera.userDirectory.modify({ userName: "admin", peer: PEER, loginPassword: "Changed123!" }, 1, { password: "Other123!" });
  await camera.userDirectory.modify({ userName: "admin", peer: PEER, loginPassword: "Other123!" }, 1, { password: "Changed123!" });
  t.match(camera.accounts.useSession(fourth.id, fourth.tag), { ok: false, reason: "unknown" }, "A → B → A does not bring the session back");

  const third = login(camera, "Changed123!").session!;
  t.ok(camera.accounts.useSession(third.id, third.tag).ok, "the new password opens a session");
  camera.reboot("control");
  await clock.advance(camera.readyAt - clock.now());
  t.equal(camera.power, "running");
  t.match(camera.accounts.useSession(third.id, third.tag), { ok: false, reason: "unknown" }, "a reboot ended it (RAM)");
});

t.test("hasFactoryPassword: only firmware without activation, only while admin keeps 12345", async (t) => {
  const { fleet } = await makeFleet();
  const legacy = fleet.byName("legacy-1")!;
  const camera = fleet.byName("camera-1")!;
  const admin = () => legacy.users.find((u) => u.userName === "admin")!;
  t.equal(hasFactoryPassword(legacy.profile.activation, admin(), legacy.identity.salt), true, "V5.2 leaves the factory with admin / 12345");
  await legacy.userDirectory.modify({ userName: "admin", peer: PEER, loginPassword: "12345" }, 1, { password: "Changed123!" });
  t.equal(hasFactoryPassword(legacy.profile.activation, admin(), legacy.identity.salt), false, "changed: no longer the default");
  await camera.activate("12345abcD!", "test");
  t.equal(hasFactoryPassword(camera.profile.activation, camera.users[0]!, camera.identity.salt), false, "activated firmware has no factory password");
});
