import t from "tap";
import { createCipheriv, createHash } from "node:crypto";
import { makeFleet } from "../../helpers/harness.js";
import { expectedDigestResponse } from "../../../src/emulator/auth/digest-math.js";
import { decideLogin, sessionHash, type LoginProof, type LoginSubject } from "../../../src/emulator/auth/login.js";
import { deriveCredentials, type Credentials } from "../../../src/emulator/auth/credentials.js";
import type { Device } from "../../../src/emulator/device.js";

const PASSWORD = "Hik12345!";
const ISAPI = { front: "isapi", peer: "127.0.0.9" } as const;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const md5 = (s: string) => createHash("md5").update(s).digest("hex");

function digestProof(device: Device, password: string, userName = "admin", nonce = device.accounts.issueNonce()): LoginProof {
  const fields = { nonce, uri: "/ISAPI/System/deviceInfo", qop: "auth", nc: "00000001", cnonce: "abcdef01" };
  const ha1 = md5(`${userName}:${device.identity.realm}:${password}`);
  const response = expectedDigestResponse(fields, "GET", ha1, "md5");
  return { kind: "digest", userName, realm: device.identity.realm, method: "GET", requestUri: fields.uri, algorithm: "md5", response, ...fields };
}

/** §1.7 as the SADP Java client builds it, written here from the description, not from the device's code. */
function sadpClientPassword(userName: string, salt: string, password: string): string {
  const k = md5(sha256(`${userName}${salt}${password}`));
  const plain = Buffer.alloc(64);
  Buffer.from(k, "ascii").copy(plain);
  const cipher = createCipheriv("aes-128-ecb", Buffer.from(k.slice(0, 16), "ascii"), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
}

/** §2.4 encodePwd, irreversible: r = sha256(user+salt+pwd); r = sha256(r+challenge); then i = 2 … iterations-1: r = sha256(r). */
function webClientHash(userName: string, salt: string, password: string, challenge: string, iterations: number): string {
  let r = sha256(`${userName}${salt}${password}`);
  r = sha256(r + challenge);
  for (let i = 2; i < iterations; i++) r = sha256(r);
  return r;
}

async function activeCamera(): Promise<Device> {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  await camera.activate(PASSWORD, "test");
  return camera;
}

t.test("every proof kind is decided by the same operation", async (t) => {
  const camera = await activeCamera();
  const { salt } = camera.identity;
  const session = camera.accounts.beginSession("admin");
  t.match(session, { sessionId: /^[0-9a-f]{64}$/, challenge: /^[0-9a-f]{32}$/, iterations: 100 }, "SessionLoginCap values (§2.4)");
  const good: [string, LoginProof][] = [
    ["Digest MD5", digestProof(camera, PASSWORD)],
    ["plain password", { kind: "plain", userName: "admin", password: PASSWORD }],
    ["SADP salted password (§1.7)", { kind: "sadpSalted", userName: "admin", password: sadpClientPassword("admin", salt, PASSWORD) }],
    ["web session hash (§2.4)", { kind: "sessionHash", userName: "admin", sessionId: session.sessionId, hash: webClientHash("admin", salt, PASSWORD, session.challenge, session.iterations) }],
  ];
  for (const [what, proof] of good) t.same(camera.login(proof, ISAPI), { ok: true, userName: "admin" }, what);

  const bad: [string, LoginProof][] = [
    ["Digest, wrong password", digestProof(camera, "Wrong1234!")],
    ["Digest, another realm", { ...(digestProof(camera, PASSWORD) as Extract<LoginProof, { kind: "digest" }>), realm: "IP Camera(00000)" }],
    ["Digest, uri not the request's", { ...(digestProof(camera, PASSWORD) as Extract<LoginProof, { kind: "digest" }>), requestUri: "/ISAPI/Other" }],
    ["plain, wrong password", { kind: "plain", userName: "admin", password: "Hik12345?" }],
    ["SADP salted, another password", { kind: "sadpSalted", userName: "admin", password: sadpClientPassword("admin", salt, "Other123!") }],
  ];
  for (const [what, proof] of bad) t.match(camera.login(proof, ISAPI), { ok: false, reason: "badCredentials", knownUser: true }, what);
  t.match(camera.login(digestProof(camera, PASSWORD, "ghost"), ISAPI), { ok: false, reason: "badCredentials", knownUser: false }, "Digest, unknown user");
});

t.test("session challenges are the device's: single use, for their user, with its iteration count", async (t) => {
  const camera = await activeCamera();
  const { salt } = camera.identity;
  const proofFor = (s: { sessionId: string; challenge: string }, iterations = 100, userName = "admin"): LoginProof => ({
    kind: "sessionHash",
    userName,
    sessionId: s.sessionId,
    hash: webClientHash("admin", salt, PASSWORD, s.challenge, iterations),
  });
  const first = camera.accounts.beginSession("admin");
  t.ok(camera.login(proofFor(first), ISAPI).ok);
  t.match(camera.login(proofFor(first), ISAPI), { ok: false, reason: "unknownNonce", knownUser: true }, "a replayed hash finds its challenge used up");
  const second = camera.accounts.beginSession("admin");
  t.match(camera.login(proofFor(second, 2_000_000), ISAPI), { ok: false, reason: "badCredentials", knownUser: true }, "the client cannot choose the iteration count");
  const third = camera.accounts.beginSession("operator");
  t.same(camera.login(proofFor(third), ISAPI).ok, false, "a challenge issued for another user name");
  t.same(camera.login(proofFor({ sessionId: "0".repeat(64), challenge: "x" }), ISAPI).ok, false, "a session id never issued");
});

t.test("failures are counted per peer and user in RAM and announced; a success clears the count", async (t) => {
  const camera = await activeCamera();
  const events: unknown[] = [];
  camera.events.on("loginFailed", (e) => events.push(e));
  camera.login(digestProof(camera, "Wrong1234!"), ISAPI);
  camera.login({ kind: "plain", userName: "admin", password: "nope" }, { front: "sadp", peer: "127.0.0.9" });
  camera.login({ kind: "plain", userName: "admin", password: "nope" }, { front: "web", peer: "127.0.0.8" });
  t.equal(camera.accounts.failures("admin", "127.0.0.9")?.count, 2, "two failures for admin from one peer, over two fronts");
  t.equal(camera.accounts.failures("admin", "127.0.0.9")?.lastFront, "sadp");
  t.equal(camera.accounts.failures("admin", "127.0.0.8")?.count, 1, "another peer counts apart (§2.11 locks an IP)");
  t.same(events[1], { name: "camera-1", userName: "admin", front: "sadp", peer: "127.0.0.9", failures: 2 });

  // Through the control front, which the address lockout does not cover: only the per-user book is under test here.
  for (let i = 0; i < 2000; i++) camera.login({ kind: "plain", userName: `ghost-${i}`, password: "x" }, { front: "control", peer: ISAPI.peer });
  t.equal(camera.accounts.failures("ghost-1999", "127.0.0.9")?.count, 1, "unknown user names are counted too");
  t.equal(camera.accounts.failures("admin", "127.0.0.9")?.count, 2, "but cannot evict a real user's count");

  t.ok(camera.login(digestProof(camera, PASSWORD), ISAPI).ok);
  t.equal(camera.accounts.failures("admin", "127.0.0.9"), undefined, "cleared by a success from that peer");
  t.equal(camera.accounts.failures("admin", "127.0.0.8")?.count, 1, "not from another");
  camera.powerOff();
  camera.powerOn();
  t.equal(camera.accounts.failures("admin", "127.0.0.8"), undefined, "RAM: gone after a power cycle");
});

t.test("an unknown user costs the same hashing as a known one, and never succeeds", (t) => {
  const known = deriveCredentials("admin", PASSWORD, "realm", "S".repeat(64));
  let decoyReads = 0;
  // The decoy's password material is what a made-up user name is checked against.
  const decoy = new Proxy(deriveCredentials("", "decoy-secret", "realm", "S".repeat(64)), {
    get(target, key: keyof Credentials) {
      decoyReads++;
      return target[key];
    },
  });
  const subject: LoginSubject = {
    activated: true,
    realm: "realm",
    salt: "S".repeat(64),
    decoy,
    credentialsOf: (name) => (name === "admin" ? known : undefined),
    nonceState: () => "fresh",
    nonceAccepted: () => undefined,
    accepts: () => true,
    sessionChallenge: () => undefined,
  };
  t.same(decideLogin(subject, { kind: "plain", userName: "ghost", password: PASSWORD }), { ok: false, reason: "badCredentials", knownUser: false });
  t.equal(decoyReads, 1, "the password was hashed and compared against the decoy");
  t.same(decideLogin(subject, { kind: "plain", userName: "", password: "decoy-secret" }), { ok: false, reason: "badCredentials", knownUser: false }, "even the decoy's own password gets nowhere");
  t.end();
});

t.test("sessionHash follows §2.4: sha256(irreversible + challenge), then iterations - 2 more rounds", (t) => {
  const irreversible = sha256("admin" + "S".repeat(64) + PASSWORD);
  t.equal(sessionHash(irreversible, "chal", 5), webClientHash("admin", "S".repeat(64), PASSWORD, "chal", 5));
  t.end();
});

t.test("nonce problems are not failed attempts; an inactive device reports notActivated", async (t) => {
  const { fleet, clock } = await makeFleet();
  const nvr = fleet.byName("nvr-1")!;
  t.match(nvr.login({ kind: "plain", userName: "admin", password: PASSWORD }, ISAPI), { ok: false, reason: "notActivated", knownUser: false });
  await nvr.activate(PASSWORD, "test");
  const proof = digestProof(nvr, PASSWORD);
  await clock.advance(nvr.profile.isapi.nonceLifetimeSeconds * 1000 + 1);
  t.match(nvr.login(proof, ISAPI), { ok: false, reason: "staleNonce", knownUser: true });
  // A nonce the device never issued is unknown whether the digest is right or not: the answer
  // must not tell a guesser anything about the password.
  t.match(nvr.login(digestProof(nvr, PASSWORD, "admin", "f".repeat(32)), ISAPI), { ok: false, reason: "unknownNonce", knownUser: true });
  t.match(nvr.login(digestProof(nvr, "Wrong12345!", "admin", "f".repeat(32)), ISAPI), { ok: false, reason: "unknownNonce", knownUser: true });
  t.equal(nvr.accounts.failures("admin", ISAPI.peer), undefined, "neither counted");
});

t.test("sameHex: equal only for the same text, whatever the length", async (t) => {
  const { sameHex } = await import("../../../src/emulator/auth/credentials.js");
  t.ok(sameHex("00ff", "00ff"));
  t.notOk(sameHex("00ff", "00fe"));
  t.notOk(sameHex("00ff", "00ff0"), "another length");
  t.notOk(sameHex("", "0"));
  t.ok(sameHex("", ""));
});
