import t from "tap";
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { VirtualClock } from "../../src/emulator/clock.js";
import { digestChallenge, parseDigestAuthorization } from "../../src/http/digest.js";
import { digestResponseMatches } from "../../src/emulator/auth/digest-math.js";
import { baseUrl, startDefaultFleet } from "../helpers/emulator.js";

// The page's HTTP auth module (web/doc/script/http-auth.js) is plain browser JS without imports:
// loaded here as is and checked against the device's own Digest verification.
interface Challenge {
  scheme: string;
  params: Record<string, string>;
}
interface Auth {
  scheme: "digest" | "basic";
  user: string;
  realm: string;
  algorithm: string;
  ha1: string;
  nonce: string;
  opaque?: string;
  nc: number;
  header?: string;
}
interface HttpAuthModule {
  parseChallenges(header: string | undefined): Challenge[];
  httpAuthFrom(header: string | undefined, user: string, password: string, hashes: Record<string, (text: string) => string>): Auth | undefined;
  digestAuthorization(auth: Auth, method: string, uri: string, nc: number, cnonce: string, hash: (text: string) => string): string;
  renewedAuth(auth: Auth, header: string | undefined): Auth | undefined;
  newCnonce(): string;
}
const { parseChallenges, httpAuthFrom, digestAuthorization, renewedAuth, newCnonce } = (await import(pathToFileURL(resolve("web/doc/script/http-auth.js")).href)) as HttpAuthModule;

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

t.test("Basic only where the device offers nothing else", async (t) => {
  const auth = httpAuthFrom(`Basic realm="${REALM}"`, "admin", "12345", HASHES)!;
  t.equal(auth.scheme, "basic");
  t.equal(auth.header, `Basic ${Buffer.from("admin:12345").toString("base64")}`);
  t.equal(httpAuthFrom('Negotiate abc', "admin", "12345", HASHES), undefined, "no scheme the page speaks");
  t.equal(httpAuthFrom(undefined, "admin", "12345", HASHES), undefined);
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
