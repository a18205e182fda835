import t from "tap";
import type { DeviceError } from "../../src/emulator/errors.js";
import { passwordMatches } from "../../src/emulator/auth/credentials.js";
import { Fleet } from "../../src/emulator/fleet.js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { SeededRandom } from "../../src/emulator/random.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { Store } from "../../src/emulator/store/store.js";
import { makeFleet, silentLogger, threeSpecs } from "../helpers/harness.js";

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
  t.ok(passwordMatches(camera.credentialsOf("admin")!, "admin", "Hik12345!", camera.identity.salt));
  t.notOk(passwordMatches(camera.credentialsOf("admin")!, "admin", "Hik12345?", camera.identity.salt));
  t.equal(fleet.byName("nvr-1")!.activated, false, "other devices are untouched");
});

t.test("second activation gets hasActivated; a risky password leaves the device inactive", async (t) => {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  await t.rejects(camera.activate("12345678", "test"), { code: "riskPassword" });
  t.equal(camera.activated, false);
  await camera.activate("Hik12345!", "test");
  await t.rejects(camera.activate("Other123!", "test"), { code: "hasActivated" });
  t.ok(passwordMatches(camera.credentialsOf("admin")!, "admin", "Hik12345!", camera.identity.salt), "password unchanged");
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

t.test("digest nonces live in RAM and go stale on the virtual clock", async (t) => {
  const { fleet, clock } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  const nonce = camera.issueNonce();
  t.match(nonce, /^[0-9a-f]{32}$/);
  t.equal(camera.nonceState(nonce), "fresh");
  t.equal(camera.nonceState("0".repeat(32)), "unknown");
  await clock.advance(camera.profile.isapi.nonceLifetimeSeconds * 1000 + 1);
  t.equal(camera.nonceState(nonce), "stale");
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
