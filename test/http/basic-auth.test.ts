import t from "tap";
import { request } from "urllib";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { curl } from "../helpers/curl.js";
import { readFixture } from "../helpers/golden.js";
import type { Device } from "../../src/emulator/device.js";

const PASSWORD = "Hik12345!";
const OCTET = 96;

function failureCounter(device: Device): () => number {
  let count = 0;
  device.events.on("loginFailed", () => count++);
  return () => count;
}

/** The WWW-Authenticate headers of a 401, one per header line, as curl printed them. */
function challengesIn(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .filter((line) => /^< www-authenticate: /i.test(line))
    .map((line) => line.replace(/^< www-authenticate: /i, ""));
}

t.test("V5.2 camera (factory digest/basic): Digest and Basic challenges, the captured HTML 401, curl --basic with admin / 12345", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 1 });
  const name = "legacy-camera-1";
  const device = emulator.fleet.byName(name)!;
  const url = `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`;
  const password = await adminPassword(emulator, name, PASSWORD);
  t.equal(password, "12345", "its factory password");

  const anonymous = await curl(["--verbose", url]);
  t.equal(anonymous.statuses[0], 401);
  const challenges = challengesIn(anonymous.stderr);
  t.equal(challenges.length, 2, "two WWW-Authenticate headers");
  t.match(challenges[0], /^Digest qop="auth", realm="IP Camera\([^)]+\)", nonce="[0-9a-f]{32}", stale="FALSE"$/, "Digest first, camera layout");
  t.equal(challenges[1], `Basic realm="${device.identity.realm}"`, "then Basic, same realm");
  t.match(anonymous.stderr, /< content-type: text\/html\r?\n/i);
  t.equal(anonymous.body, readFixture("isapi/unauthorized.DS-2CD2155FWD-I.capture.html").toString(), "the 401 page byte for byte (V5.5 cassette capture)");

  const basic = await curl(["--basic", "-u", "admin:12345", url]);
  t.equal(basic.statuses[0], 200, "curl --basic admin / 12345");
  t.match(basic.body, /<model>DS-2CD2532F-IWS<\/model>/);
  t.equal((await request(url, { auth: "admin:12345", dataType: "text" })).status, 200, "urllib's Basic auth too");
  t.equal((await curl(["--digest", "-u", "admin:12345", url])).statuses[0], 200, "and Digest");

  const failures = failureCounter(device);
  const wrong = await curl(["--basic", "-u", "admin:wrong", url]);
  t.equal(wrong.statuses[0], 401, "a wrong Basic password is refused");
  t.equal(failures(), 1, "and counted like any wrong password");

  // Node's Base64 decoder skips stray characters; the credentials must be one clean token (RFC 7617).
  const good = Buffer.from("admin:12345").toString("base64");
  for (const token of [`${good}extra`, `!!!${good}`, `${good.slice(0, 8)} ${good.slice(8)}`, good.replace(/=+$/, "")]) {
    const reply = await fetch(url, { headers: { authorization: `Basic ${token}` } });
    t.equal(reply.status, 401, `"Basic ${token}" is no Basic credential`);
  }
  t.equal(failures(), 1, "none of them counted");
});

t.test("digest-only devices (G2 camera, NVR): no Basic challenge, Basic refused uncounted; after webCertificate digest/basic it works", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 2 });
  for (const name of ["camera-1", "nvr-1"]) {
    const device = emulator.fleet.byName(name)!;
    await adminPassword(emulator, name, PASSWORD);
    const url = `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`;
    const failures = failureCounter(device);

    const anonymous = await curl(["--verbose", url]);
    const challenges = challengesIn(anonymous.stderr);
    t.ok(challenges.length > 0 && challenges.every((c) => c.startsWith("Digest ")), `${name}: Digest challenges only`);
    const refused = await curl(["--basic", "-u", `admin:${PASSWORD}`, url]);
    t.equal(refused.statuses[0], 401, `${name}: curl --basic refused with the right password`);
    t.notMatch(refused.body, /lockStatus/, `${name}: no lock fields`);
    t.equal(failures(), 0, `${name}: a refused scheme is not a failed login`);

    const body = `<WebCertificate version="2.0" xmlns="${device.profile.isapi.namespace}"><CertificateType>digest/basic</CertificateType><SecurityAlgorithm><algorithmType>MD5</algorithmType></SecurityAlgorithm></WebCertificate>`;
    const put = await curl(["--digest", "-u", `admin:${PASSWORD}`, "-X", "PUT", "--data-binary", body, `${baseUrl(emulator, name)}/ISAPI/Security/webCertificate`]);
    t.equal(put.statuses[0], 200, `${name}: webCertificate digest/basic`);
    const after = challengesIn((await curl(["--verbose", url])).stderr);
    t.equal(after.at(-1), `Basic realm="${device.identity.realm}"`, `${name}: the Basic challenge is offered last`);
    t.equal((await curl(["--basic", "-u", `admin:${PASSWORD}`, url])).statuses[0], 200, `${name}: curl --basic now works`);
  }
});
