import t from "tap";
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { VirtualClock } from "../../src/emulator/clock.js";
import { digestChallenge, parseDigestAuthorization } from "../../src/http/digest.js";
import { digestResponseMatches } from "../../src/emulator/auth/digest-math.js";
import { request } from "urllib";
import { readFileSync } from "node:fs";
import { baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { legacyRecorder } from "../helpers/legacy-recorder.js";

// The page's HTTP auth module (web/doc/script/http-auth.js) is plain browser JS without imports:
// loaded here as is and checked against the device's own Digest verification.
interface Challenge {
  scheme: string;
  params: Record<string, string>;
}
interface Auth {
  scheme: "digest";
  user: string;
  realm: string;
  algorithm: string;
  ha1: string;
  nonce: string;
  opaque?: string;
  nc: number;
}
interface HttpAuthModule {
  parseChallenges(header: string | undefined): Challenge[];
  httpAuthFrom(header: string | undefined, user: string, password: string, hashes: Record<string, (text: string) => string>): Auth | undefined;
  digestAuthorization(auth: Auth, method: string, uri: string, nc: number, cnonce: string, hash: (text: string) => string): string;
  renewedAuth(auth: Auth, header: string | undefined): Auth | undefined;
  newCnonce(): string;
  basicOnly(header: string | undefined): boolean;
  readonly BASIC_ONLY: string;
  readonly NO_SESSION_LOGIN: ReadonlySet<number>;
}
const { parseChallenges, httpAuthFrom, digestAuthorization, renewedAuth, newCnonce, basicOnly, BASIC_ONLY, NO_SESSION_LOGIN } = (await import(pathToFileURL(resolve("web/doc/script/http-auth.js")).href)) as HttpAuthModule;

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const HASHES = { MD5: md5, "SHA-256": sha256 };
const REALM = "IP Camera(33327)";

t.test("the page's Digest header passes the device's verification (MD5, camera challenge with Basic)", async (t) => {
  const header = `${digestChallenge("camera", REALM, "0123456789abcdef0123456789abcdef", false)}, Basic realm="${REALM}"`;
  t.same(
    parseChallenges(header).map((c) => c.scheme),
    ["digest", "basic"],
    "both challenges read from one joined value",
  );
  const auth = httpAuthFrom(header, "admin", "pässword", HASHES)!;
  t.equal(auth.scheme, "digest", "Digest preferred over Basic");
  t.equal(auth.ha1, md5(`admin:${REALM}:pässword`), "HA1 over UTF-8");
  const value = digestAuthorization(auth, "PUT", "/ISAPI/Security/users/1?security=1", 7, newCnonce(), md5);
  const parsed = parseDigestAuthorization(value)!;
  t.equal(parsed.username, "admin");
  t.equal(parsed.realm, REALM);
  t.equal(parsed.nc, "00000007", "nc as 8 hex digits");
  t.equal(parsed.qop, "auth");
  t.equal(parsed.uri, "/ISAPI/Security/users/1?security=1");
  t.ok(digestResponseMatches(parsed, "PUT", md5(`admin:${REALM}:pässword`), "md5"), "the device's arithmetic accepts the response");
  t.notOk(digestResponseMatches(parsed, "GET", md5(`admin:${REALM}:pässword`), "md5"), "bound to the method");
});

t.test("SHA-256 only, recorder layout (opaque, algorithm), and the stale renewal", async (t) => {
  const header = digestChallenge("recorder", REALM, "fedcba9876543210fedcba9876543210", false, "SHA-256");
  const auth = httpAuthFrom(header, "admin", "Hik12345!", HASHES)!;
  t.equal(auth.algorithm, "SHA-256");
  t.equal(auth.opaque, "", "an empty opaque is echoed");
  const value = digestAuthorization(auth, "GET", "/ISAPI/System/deviceInfo", 1, "00112233", sha256);
  t.match(value, /opaque=""/);
  t.match(value, /algorithm=SHA-256/);
  const parsed = parseDigestAuthorization(value)!;
  t.ok(digestResponseMatches(parsed, "GET", sha256(`admin:${REALM}:Hik12345!`), "sha256"));

  t.equal(renewedAuth(auth, digestChallenge("recorder", REALM, "1".repeat(32), false, "SHA-256")), undefined, "stale=FALSE: the credentials were refused");
  const renewed = renewedAuth({ ...auth, nc: 9 }, digestChallenge("recorder", REALM, "2".repeat(32), true, "SHA-256"))!;
  t.equal(renewed.nonce, "2".repeat(32), "stale=TRUE: the new nonce");
  t.equal(renewed.nc, 0, "counting starts again");
  t.equal(renewed.ha1, auth.ha1, "no new login needed");
});

t.test("never Basic: a device offering only Basic gets a message, no stored header", async (t) => {
  t.equal(httpAuthFrom(`Basic realm="${REALM}"`, "admin", "12345", HASHES), undefined, "nothing to keep: the Basic header would be the password");
  t.equal(basicOnly(`Basic realm="${REALM}"`), true);
  t.match(BASIC_ONLY, /only Basic authentication/);
  t.equal(basicOnly(`${digestChallenge("camera", REALM, "0123456789abcdef0123456789abcdef", false)}, Basic realm="${REALM}"`), false, "Digest next to Basic: Digest is used");
  t.equal(httpAuthFrom("Negotiate abc", "admin", "12345", HASHES), undefined, "no scheme the page speaks");
  t.equal(basicOnly("Negotiate abc"), false, "and it is not the Basic message");
  t.equal(httpAuthFrom(undefined, "admin", "12345", HASHES), undefined);
  const source = readFileSync(resolve("web/doc/script/http-auth.js"), "utf8") + readFileSync(resolve("web/doc/script/session.js"), "utf8") + readFileSync(resolve("web/doc/script/isapi.js"), "utf8");
  t.notMatch(source, /btoa\(|Basic \$\{|auth\.header/, "no Basic header is built or sent by the page");
});

t.test("what sessionLogin/capabilities answers: the fallback statuses are those of firmware without the session login", async (t) => {
  const emulator = await startDefaultFleet(t, 203, new VirtualClock(), { subnet: 2, profileOf: legacyRecorder });
  const path = "/ISAPI/Security/sessionLogin/capabilities?username=admin&random=12345678";
  for (const name of ["legacy-camera-1", "nvr-1"]) {
    const base = baseUrl(emulator, name);
    const anonymous = await fetch(`${base}${path}`);
    await anonymous.text();
    t.equal(anonymous.status, 401, `${name}: the page's anonymous ask is challenged`);
    t.ok(NO_SESSION_LOGIN.has(anonymous.status), `${name}: ${anonymous.status} means "no session login"`);
    const digest = await request(`${base}${path}`, { digestAuth: "admin:12345", dataType: "text" });
    t.ok(NO_SESSION_LOGIN.has(digest.status), `${name}: authenticated, ${digest.status} too`);
  }
  const camera = await fetch(`${baseUrl(emulator, "camera-1")}${path}`);
  await camera.text();
  t.equal(camera.status, 200, "firmware with the session login answers 200");
  for (const status of [400, 405, 409, 429]) t.notOk(NO_SESSION_LOGIN.has(status), `${status} is another refusal, shown as it is`);

  // The NVR on V3.0.18: the page's Digest, from the recorder's own challenge, gets in.
  const nvr = baseUrl(emulator, "nvr-1");
  const challenge = await fetch(`${nvr}/ISAPI/Security/userCheck`);
  await challenge.text();
  const auth = httpAuthFrom(challenge.headers.get("www-authenticate") ?? undefined, "admin", "12345", HASHES)!;
  t.equal(auth.algorithm, "MD5", "V3.0.18 offers MD5 (as V5.2)");
  const signed = await fetch(`${nvr}/ISAPI/Security/userCheck`, { headers: { Authorization: digestAuthorization(auth, "GET", "/ISAPI/Security/userCheck", 1, newCnonce(), md5) } });
  t.equal(signed.status, 200);
  t.match(await signed.text(), /<statusValue>200<\/statusValue>/);
});

t.test("over the wire: the V5.2 camera's own challenge, signed by the module, gets in", async (t) => {
  const emulator = await startDefaultFleet(t, 199, new VirtualClock(), { subnet: 1 });
  const base = baseUrl(emulator, "legacy-camera-1");
  const first = await fetch(`${base}/ISAPI/Security/userCheck`);
  t.equal(first.status, 401);
  const auth = httpAuthFrom(first.headers.get("www-authenticate") ?? undefined, "admin", "12345", HASHES)!;
  t.equal(auth.scheme, "digest");
  for (const nc of [1, 2]) {
    const signed = await fetch(`${base}/ISAPI/Security/userCheck`, { headers: { Authorization: digestAuthorization(auth, "GET", "/ISAPI/Security/userCheck", nc, newCnonce(), md5) } });
    t.equal(signed.status, 200, `nc ${nc} accepted`);
    t.match(await signed.text(), /<statusValue>200<\/statusValue>/);
  }
  const replay = await fetch(`${base}/ISAPI/Security/userCheck`, { headers: { Authorization: digestAuthorization(auth, "GET", "/ISAPI/Security/userCheck", 2, newCnonce(), md5) } });
  t.equal(replay.status, 401, "a reused nonce count is refused");
  const wrong = httpAuthFrom(first.headers.get("www-authenticate") ?? undefined, "admin", "54321", HASHES)!;
  const refused = await fetch(`${base}/ISAPI/Security/userCheck`, { headers: { Authorization: digestAuthorization(wrong, "GET", "/ISAPI/Security/userCheck", 3, newCnonce(), md5) } });
  t.equal(refused.status, 401, "a wrong password is refused");
  t.equal(renewedAuth(wrong, refused.headers.get("www-authenticate") ?? undefined), undefined, "and not taken for a stale nonce");
});
