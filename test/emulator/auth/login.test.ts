import t from "tap";
import { createHash } from "node:crypto";
import { makeFleet } from "../../helpers/harness.js";
import { expectedDigestResponse } from "../../../src/emulator/auth/digest-math.js";
import { sadpSaltedPassword, sessionHash, type LoginProof } from "../../../src/emulator/auth/login.js";
import type { Device } from "../../../src/emulator/device.js";

const PASSWORD = "Hik12345!";
const ISAPI = { front: "isapi", peer: "127.0.0.9" } as const;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const md5 = (s: string) => createHash("md5").update(s).digest("hex");

function digestProof(device: Device, password: string, userName = "admin", nonce = device.issueNonce()): LoginProof {
  const fields = { nonce, uri: "/ISAPI/System/deviceInfo", qop: "auth", nc: "00000001", cnonce: "abcdef01" };
  const ha1 = md5(`${userName}:${device.identity.realm}:${password}`);
  const response = expectedDigestResponse(fields, "GET", ha1, "md5");
  return { kind: "digest", userName, realm: device.identity.realm, method: "GET", requestUri: fields.uri, algorithm: "md5", response, ...fields };
}

async function activeCamera(): Promise<Device> {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  await camera.activate(PASSWORD, "test");
  return camera;
}

t.test("every proof kind is decided by the same operation", async (t) => {
  const camera = await activeCamera();
  const irreversible = sha256(`admin${camera.identity.salt}${PASSWORD}`);
  const good: [string, LoginProof][] = [
    ["Digest MD5", digestProof(camera, PASSWORD)],
    ["plain password", { kind: "plain", userName: "admin", password: PASSWORD }],
    // §1.7, built independently of the device's helper: AES key = first 16 chars of md5hex(sha256hex(user+salt+pwd)).
    ["SADP salted password", { kind: "sadpSalted", userName: "admin", password: sadpSaltedPassword(irreversible) }],
    ["web session hash (§2.4)", { kind: "sessionHash", userName: "admin", challenge: "0123456789abcdef0123456789abcdef", iterations: 100, hash: sessionHash(irreversible, "0123456789abcdef0123456789abcdef", 100) }],
  ];
  for (const [what, proof] of good) t.same(camera.login(proof, ISAPI), { ok: true, userName: "admin" }, what);

  const bad: [string, LoginProof][] = [
    ["Digest, wrong password", digestProof(camera, "Wrong1234!")],
    ["Digest, unknown user", digestProof(camera, PASSWORD, "ghost")],
    ["Digest, another realm", { ...(digestProof(camera, PASSWORD) as Extract<LoginProof, { kind: "digest" }>), realm: "IP Camera(00000)" }],
    ["Digest, uri not the request's", { ...(digestProof(camera, PASSWORD) as Extract<LoginProof, { kind: "digest" }>), requestUri: "/ISAPI/Other" }],
    ["plain, wrong password", { kind: "plain", userName: "admin", password: "Hik12345?" }],
    ["SADP salted, junk", { kind: "sadpSalted", userName: "admin", password: "AAAA" }],
    ["session hash, wrong iterations", { kind: "sessionHash", userName: "admin", challenge: "c", iterations: 99, hash: sessionHash(irreversible, "c", 100) }],
  ];
  for (const [what, proof] of bad) t.same(camera.login(proof, ISAPI), { ok: false, reason: "badCredentials" }, what);
});

t.test("sessionHash follows §2.4: sha256(irreversible + challenge), then iterations - 2 more rounds", (t) => {
  const irreversible = sha256("admin" + "S".repeat(64) + PASSWORD);
  let r = sha256(irreversible + "chal");
  for (let i = 2; i < 5; i++) r = sha256(r);
  t.equal(sessionHash(irreversible, "chal", 5), r);
  t.end();
});

t.test("failures are counted in RAM per user and announced; a success clears the count", async (t) => {
  const camera = await activeCamera();
  const events: unknown[] = [];
  camera.events.on("loginFailed", (e) => events.push(e));
  camera.login(digestProof(camera, "Wrong1234!"), ISAPI);
  camera.login({ kind: "plain", userName: "admin", password: "nope" }, { front: "sadp", peer: "127.0.0.7" });
  camera.login(digestProof(camera, "Wrong1234!", "ghost"), ISAPI);
  t.equal(camera.failedLogins("admin")?.count, 2, "two failures for admin, from two fronts");
  t.equal(camera.failedLogins("admin")?.lastFront, "sadp");
  t.equal(camera.failedLogins("ghost")?.count, 1, "unknown users are counted too");
  t.same(events[1], { name: "camera-1", userName: "admin", front: "sadp", peer: "127.0.0.7", failures: 2 });
  t.ok(camera.login(digestProof(camera, PASSWORD), ISAPI).ok);
  t.equal(camera.failedLogins("admin"), undefined, "cleared by a success");
  camera.setPower("off");
  camera.setPower("on");
  t.equal(camera.failedLogins("ghost"), undefined, "RAM: gone after a power cycle");
});

t.test("nonce problems are not failed attempts; an inactive device reports notActivated", async (t) => {
  const { fleet, clock } = await makeFleet();
  const nvr = fleet.byName("nvr-1")!;
  t.same(nvr.login({ kind: "plain", userName: "admin", password: PASSWORD }, ISAPI), { ok: false, reason: "notActivated" });
  await nvr.activate(PASSWORD, "test");
  const proof = digestProof(nvr, PASSWORD);
  await clock.advance(nvr.profile.isapi.nonceLifetimeSeconds * 1000 + 1);
  t.same(nvr.login(proof, ISAPI), { ok: false, reason: "staleNonce" });
  t.same(nvr.login(digestProof(nvr, PASSWORD, "admin", "f".repeat(32)), ISAPI), { ok: false, reason: "unknownNonce" });
  t.equal(nvr.failedLogins("admin"), undefined, "neither counted");
});
