import t from "tap";
import type { DeviceError } from "../../src/emulator/errors.js";
import { Fleet } from "../../src/emulator/fleet.js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { SeededRandom } from "../../src/emulator/random.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { Store } from "../../src/emulator/store/store.js";
import { makeFleet, silentLogger, threeSpecs } from "../helpers/harness.js";
import { NonceBook, NonceSigner } from "../../src/emulator/auth/nonces.js";

const TEST = { front: "control", peer: "127.0.0.1" } as const;

t.test("activate sets the admin password, persists it and emits activated", async (t) => {
  const { fleet, store } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  const events: unknown[] = [];
  camera.events.on("activated", (e) => events.push(e));
  t.equal(camera.activated, false, "factory-new");
  await camera.activate("Hik12345!", "test");
  t.equal(camera.activated, true);
  t.same(events, [{ name: "camera-1", via: "test" }]);
  const stored = (await store.load("camera-1")) as { flash: { activated: boolean; users: { userName: string }[] } };
  t.equal(stored.flash.activated, true, "flash on the store says activated");
  t.same(stored.flash.users.map((u) => u.userName), ["admin"]);
  t.notMatch(JSON.stringify(stored), /Hik12345!/, "the plaintext password is never stored");
  t.ok(camera.login({ kind: "plain", userName: "admin", password: "Hik12345!" }, TEST).ok);
  t.notOk(camera.login({ kind: "plain", userName: "admin", password: "Hik12345?" }, TEST).ok);
  t.equal(fleet.byName("nvr-1")!.activated, false, "other devices are untouched");
});

t.test("second activation gets hasActivated; a risky password leaves the device inactive", async (t) => {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  await t.rejects(camera.activate("12345678", "test"), { code: "riskPassword" });
  t.equal(camera.activated, false);
  await camera.activate("Hik12345!", "test");
  await t.rejects(camera.activate("Other123!", "test"), { code: "hasActivated" });
  t.ok(camera.login({ kind: "plain", userName: "admin", password: "Hik12345!" }, TEST).ok, "password unchanged");
});

t.test("encrypted activation needs a pending challenge", async (t) => {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  await t.rejects(camera.activateEncrypted(Buffer.alloc(32), "either", "test"), { code: "noChallenge" });
});

t.test("concurrent activations: exactly one wins", async (t) => {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  const results = await Promise.allSettled([camera.activate("Hik12345!", "a"), camera.activate("Other123!", "b")]);
  t.same(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
  const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  t.equal((rejected.reason as DeviceError).code, "hasActivated");
});

t.test("a failed flash write leaves state unchanged and answers deviceError", async (t) => {
  const inner = new MemoryStore();
  let failing = false;
  const store: Store = {
    load: (k) => inner.load(k),
    keys: () => inner.keys(),
    close: () => inner.close(),
    save: (k, v) => (failing ? Promise.reject(new Error("disk full")) : inner.save(k, v)),
  };
  const fleet = await Fleet.create({ seed: "s", specs: threeSpecs(), clock: new VirtualClock(), random: new SeededRandom("r"), store, logger: silentLogger });
  failing = true;
  const camera = fleet.byName("camera-1")!;
  await t.rejects(camera.activate("Hik12345!", "test"), { code: "deviceError" });
  t.equal(camera.activated, false, "RAM view did not run ahead of flash");
  failing = false;
  await camera.activate("Hik12345!", "test");
  t.equal(camera.activated, true, "works once the store does");
});

t.test("digest nonces: issued, fresh for their lifetime, then stale; forgotten own ones stale; others unknown", (t) => {
  const random = new SeededRandom("n");
  const signer = new NonceSigner(random);
  const book = new NonceBook(signer, random, 300_000);
  const nonce = book.issue(1_000);
  t.match(nonce, /^[0-9a-f]{32}$/);
  const use = (nc: string) => {
    const state = book.check(nonce, 1_000 + 300_000, nc);
    if (state === "fresh") book.accept(nonce, nc);
    return state;
  };
  t.equal(book.check(nonce, 1_000 + 300_000, "00000001"), "fresh");
  t.equal(book.check(nonce, 1_000 + 300_000, "00000001"), "fresh", "checking alone records nothing (a wrong response burns no count)");
  t.equal(use("00000001"), "fresh");
  t.equal(use("00000001"), "replayed", "the same nonce count again is a replay");
  t.equal(use("00000003"), "fresh", "a higher count is fine, gaps allowed");
  t.equal(use("00000002"), "fresh", "a lower count not used yet arrives late: accepted (concurrent requests on one nonce)");
  t.equal(use("00000002"), "replayed", "but only once");
  t.equal(use("00000050"), "fresh");
  t.equal(use("00000004"), "replayed", "more than 64 below the highest: too old to tell, refused");
  t.equal(use("00000000"), "replayed", "count zero is no count");
  t.equal(book.check(nonce, 1_000 + 300_000, undefined), "replayed", "no count at all cannot be told from a replay");
  t.equal(book.check("0".repeat(32), 1_000, "00000001"), "unknown");
  t.equal(book.check(nonce, 1_000 + 300_001, "00000009"), "stale");
  book.clear();
  t.equal(book.check(nonce, 2_000, "00000001"), "stale", "forgotten at a reboot, but signed by this device");
  const tampered = nonce.slice(0, 31) + (nonce.endsWith("0") ? "1" : "0");
  t.equal(book.check(tampered, 2_000, "00000001"), "unknown", "a changed signature is not the device's");
  t.equal(new NonceBook(new NonceSigner(new SeededRandom("other")), random, 300_000).check(nonce, 2_000, "00000001"), "unknown", "another device's nonce is unknown");
  t.end();
});

t.test("beginKeyExchange refuses keys too small to carry the challenge", async (t) => {
  const { generateKeyPairSync, createPublicKey } = await import("node:crypto");
  const { fleet } = await makeFleet();
  // 256-bit modulus (the web UI's IE<9 size, §2.3): too small for PKCS#1 v1.5 of 32 bytes.
  const n = Buffer.alloc(32, 0xc3);
  const small = createPublicKey({ key: { kty: "RSA", n: n.toString("base64url"), e: "AQAB" }, format: "jwk" });
  t.throws(() => fleet.byName("camera-1")!.beginKeyExchange(small), { code: "badPublicKey" });
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
  t.throws(() => fleet.byName("camera-1")!.beginKeyExchange(ec), { code: "badPublicKey" });
});

t.test("beginKeyExchange: an unusable or huge modulus is the client's error, and the pending challenge stays", async (t) => {
  const { createPublicKey } = await import("node:crypto");
  const { newClientKey, rsaDecryptPkcs1 } = await import("../helpers/isapi-activation-client.js");
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  const good = newClientKey();
  const pending = rsaDecryptPkcs1(good.privateKey, camera.beginKeyExchange(good.publicKey)).toString("ascii");
  const jwk = (n: Buffer) => createPublicKey({ key: { kty: "RSA", n: n.toString("base64url"), e: "AQAB" }, format: "jwk" });
  const even = Buffer.alloc(128, 0xc4);
  t.throws(() => camera.beginKeyExchange(jwk(even)), { code: "badPublicKey" }, "an even modulus cannot encrypt");
  const huge = Buffer.alloc(4096, 0xc3);
  t.throws(() => camera.beginKeyExchange(jwk(huge)), { code: "badPublicKey" }, "a 32,768-bit modulus is refused before any work");
  const { encryptPassword } = await import("../helpers/isapi-activation-client.js");
  const cipher = Buffer.from(Buffer.from(encryptPassword(pending, "Hik12345!"), "base64").toString("ascii"), "hex");
  await camera.activateEncrypted(cipher, "hex", "test");
  t.equal(camera.activated, true, "the challenge issued before the bad keys still activates");
});

t.test("power: a key exchange begun before a power cut is gone after it", async (t) => {
  const { newClientKey } = await import("../helpers/isapi-activation-client.js");
  const { fleet } = await makeFleet();
  const nvr = fleet.byName("nvr-1")!;
  nvr.beginKeyExchange(newClientKey().publicKey);
  nvr.powerOff();
  nvr.powerOn();
  await t.rejects(nvr.activateEncrypted(Buffer.alloc(16), "either", "test"), { code: "noChallenge" });
});

t.test("power: off makes the device unreachable; on rebuilds RAM with a new boot time", async (t) => {
  const { fleet, clock } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  await camera.activate("Hik12345!", "test");
  const bootedBefore = camera.bootedAt;
  const nonce = camera.accounts.issueNonce();
  const powers: unknown[] = [];
  camera.events.on("power", (e) => powers.push(e));
  camera.powerOff();
  t.equal(camera.reachable, false);
  await clock.advance(5_000);
  camera.powerOn();
  t.equal(camera.reachable, false, "booting: not there yet");
  await clock.advance(camera.profile.bootSeconds * 1000 - 1);
  t.equal(camera.reachable, false, "a millisecond before the boot time has passed");
  await clock.advance(1);
  t.equal(camera.reachable, true, "up once the profile's boot time has passed");
  t.same(powers, ["off", "booting", "running"].map((state) => ({ name: "camera-1", state })));
  t.equal(camera.bootedAt, bootedBefore + 5_000, "a new boot time, taken at power-on");
  const old = { kind: "digest", userName: "admin", realm: camera.identity.realm, nonce, uri: "/", requestUri: "/", method: "GET", algorithm: "md5", response: "0", qop: "auth", nc: "00000001", cnonce: "c" } as const;
  t.match(camera.login(old, TEST), { ok: false, reason: "staleNonce", knownUser: true }, "a nonce from before the power cut is forgotten: stale, the client retries with a new one");
  t.equal(camera.activated, true, "flash survives");
  t.throws(() => camera.powerOn(), { code: "invalidOperation" }, "powering on a device that is on is refused");
  t.equal(powers.length, 3, "and changes nothing");
});
