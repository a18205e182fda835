import t, { type Test } from "tap";
import { createHash } from "node:crypto";
import { createServer, connect, type Socket } from "node:net";
import { request } from "urllib";
import DigestClient from "digest-fetch";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { curl, sentAuthorizations } from "../helpers/curl.js";
import { protectedGets } from "../helpers/protected-gets.js";
import { requestsDigest, requestsDigestHeader } from "../helpers/requests-digest.js";
import { digestHeader } from "../helpers/digest-header.js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { parseXml, textAt } from "../../src/http/xml.js";
import type { Device } from "../../src/emulator/device.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";

const PASSWORD = "Hik12345!";
const OCTET = 95;
const DEVICES = ["camera-1", "nvr-1"] as const;
const AUTH_CODES = ["unauthorized", "notActivated", "lowPrivilege"];

/** Authenticated: 200, or a ResponseStatus that is about the request, not the login. */
function authenticatedReply(status: number, body: string): boolean {
  if (status === 200) return true;
  if (status === 401) return false;
  // 403 is also how a device refuses a resource it lacks (notSupport, §2.9): only the auth codes count as refused logins.
  const code = textAt(parseXml(body) ?? {}, "ResponseStatus", "subStatusCode");
  return code !== undefined && !AUTH_CODES.includes(code);
}

/** Counts the device's counted login failures (loginFailed events) from now on. */
function failureCounter(device: Device): () => number {
  let count = 0;
  device.events.on("loginFailed", () => count++);
  return () => count;
}

async function setWebAuth(emulator: RunningEmulator, name: string, type: string, algorithm: string): Promise<void> {
  const body = `<WebCertificate version="2.0" xmlns="${emulator.fleet.byName(name)!.profile.isapi.namespace}"><CertificateType>${type}</CertificateType><SecurityAlgorithm><algorithmType>${algorithm}</algorithmType></SecurityAlgorithm></WebCertificate>`;
  // curl, so this works whatever the current algorithm (urllib knows only MD5).
  const reply = await curl(["--digest", "-u", `admin:${PASSWORD}`, "-X", "PUT", "-H", "Content-Type: application/xml", "--data-binary", body, `${baseUrl(emulator, name)}/ISAPI/Security/webCertificate`]);
  if (reply.statuses[0] !== 200) throw new Error(`webCertificate PUT on ${name}: ${reply.statuses[0]} ${reply.body}`);
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

t.test("curl --digest, urllib and digest-fetch (MD5) authenticate on every protected GET of the route table", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 1 });
  for (const name of DEVICES) {
    const device = emulator.fleet.byName(name)!;
    await adminPassword(emulator, name, PASSWORD);
    const paths = protectedGets(device.profile);
    t.ok(paths.includes("/ISAPI/System/deviceInfo") && paths.includes("/ISAPI/Security/userCheck"), `${name}: the table walk finds the resources (${paths.length})`);
    const fetcher = new DigestClient("admin", PASSWORD, { algorithm: "MD5" });
    for (const path of paths) {
      const url = `${baseUrl(emulator, name)}${path}`;
      const byCurl = await curl(["--digest", "-u", `admin:${PASSWORD}`, url]);
      t.ok(authenticatedReply(byCurl.statuses[0]!, byCurl.body), `${name} ${path}: curl --digest (${byCurl.statuses[0]})`);
      const byUrllib = await request(url, { digestAuth: `admin:${PASSWORD}`, dataType: "text" });
      t.equal(byUrllib.status, byCurl.statuses[0], `${name} ${path}: urllib gets what curl gets`);
      const byFetch = await fetcher.fetch(url);
      t.equal(byFetch.status, byCurl.statuses[0], `${name} ${path}: digest-fetch gets what curl gets`);
      await byFetch.text();
    }
    const wrong = await curl(["--digest", "-u", "admin:Wrong1234!", `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`]);
    t.equal(wrong.statuses[0], 401, `${name}: curl with a wrong password is refused`);
  }
});

t.test("SHA-256: refused under the factory MD5 setting (not counted), then the only algorithm after webCertificate SHA256", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 2 });
  for (const name of DEVICES) {
    const device = emulator.fleet.byName(name)!;
    await adminPassword(emulator, name, PASSWORD);
    const failures = failureCounter(device);
    const url = `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`;
    const realm = device.identity.realm;

    // A correct SHA-256 response, computed here, for a nonce of the MD5 challenge.
    const challenge = (await fetch(url)).headers.get("www-authenticate") ?? "";
    t.notMatch(challenge, /SHA-256/, `${name}: the factory setting offers MD5 only`);
    const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
    const uri = "/ISAPI/System/deviceInfo";
    const response = sha256(`${sha256(`admin:${realm}:${PASSWORD}`)}:${nonce}:00000001:c0ffee01:auth:${sha256(`GET:${uri}`)}`);
    const handMade = `Digest username="admin", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=SHA-256, response="${response}", qop=auth, nc=00000001, cnonce="c0ffee01"`;
    const refused = await fetch(url, { headers: { authorization: handMade } });
    t.equal(refused.status, 401, `${name}: SHA-256 refused while the setting is MD5`);
    t.notMatch(await refused.text(), /lockStatus/, `${name}: no lock fields: not a counted failure`);
    t.equal(failures(), 0, `${name}: not counted as a failed login`);

    await setWebAuth(emulator, name, "digest", "SHA256");
    const anonymous = await fetch(url);
    const challenges = anonymous.headers.get("www-authenticate") ?? "";
    const realmText = realm.replace(/[()]/g, "\\$&");
    const layout =
      device.profile.isapi.challengeStyle === "camera"
        ? new RegExp(`^Digest qop="auth", realm="${realmText}", nonce="[0-9a-f]{32}", algorithm="SHA-256", stale="FALSE"$`)
        : new RegExp(`^Digest realm="${realmText}", domain="::", qop="auth", nonce="[0-9a-f]{32}", opaque="", algorithm="SHA-256", stale="FALSE"$`);
    t.match(challenges, layout, `${name}: one challenge, algorithm="SHA-256" in the ${device.profile.isapi.challengeStyle} layout`);

    const fetcher = new DigestClient("admin", PASSWORD, { algorithm: "SHA-256" });
    for (const path of protectedGets(device.profile)) {
      const pathUrl = `${baseUrl(emulator, name)}${path}`;
      const byCurl = await curl(["--verbose", "--digest", "-u", `admin:${PASSWORD}`, pathUrl]);
      t.ok(authenticatedReply(byCurl.statuses[0]!, byCurl.body), `${name} ${path}: curl --digest (${byCurl.statuses[0]})`);
      t.match(sentAuthorizations(byCurl.stderr).at(-1), /algorithm=SHA-256/, `${name} ${path}: curl answered with SHA-256`);
      const byFetch = await fetcher.fetch(pathUrl);
      t.equal(byFetch.status, byCurl.statuses[0], `${name} ${path}: digest-fetch (SHA-256) gets what curl gets`);
      await byFetch.text();
    }
    const md5Only = await request(url, { digestAuth: `admin:${PASSWORD}`, dataType: "text" });
    t.equal(md5Only.status, 401, `${name}: urllib (MD5 only) is refused under SHA256`);
    t.equal(failures(), 0, `${name}: an algorithm the device does not offer is never a counted failure`);
  }
});

t.test("MD5/SHA256: two Digest challenges, MD5 first; every client finds a pair it can answer", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 3 });
  for (const name of DEVICES) {
    await adminPassword(emulator, name, PASSWORD);
    await setWebAuth(emulator, name, "digest", "MD5/SHA256");
    const url = `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`;
    const anonymous = await curl(["--verbose", url]);
    const offered = anonymous.stderr.split(/\r?\n/).filter((l) => /^< www-authenticate: /i.test(l));
    t.equal(offered.length, 2, `${name}: two WWW-Authenticate headers`);
    t.notMatch(offered[0], /SHA-256/, `${name}: MD5 first`);
    t.match(offered[1], /algorithm="SHA-256"/, `${name}: SHA-256 second`);

    // curl keeps the first Digest challenge and ignores the duplicate: MD5.
    const byCurl = await curl(["--verbose", "--digest", "-u", `admin:${PASSWORD}`, url]);
    t.equal(byCurl.statuses[0], 200, `${name}: curl`);
    t.notMatch(sentAuthorizations(byCurl.stderr).at(-1), /SHA-256/, `${name}: curl chose MD5 (the first)`);

    // requests reads the joined header as one dict: the second challenge's nonce and algorithm win.
    const joined = (await fetch(url)).headers.get("www-authenticate") ?? "";
    t.match(joined, /^Digest .*, Digest .*algorithm="SHA-256"/, `${name}: fetch joins the two headers with ", " as urllib3 does`);
    t.match(requestsDigestHeader(joined, "admin", PASSWORD, "GET", "/ISAPI/System/deviceInfo"), /algorithm="SHA-256"/, `${name}: requests would answer the SHA-256 challenge`);
    t.equal((await requestsDigest(url, "admin", PASSWORD)).final.status, 200, `${name}: requests-style client`);

    t.equal((await request(url, { digestAuth: `admin:${PASSWORD}`, dataType: "text" })).status, 200, `${name}: urllib (first Digest header, MD5)`);
    for (const algorithm of ["MD5", "SHA-256"]) {
      const response = await new DigestClient("admin", PASSWORD, { algorithm }).fetch(url);
      t.equal(response.status, 200, `${name}: digest-fetch ${algorithm}`);
      await response.text();
    }
  }
});

t.test("nc replay: the same Authorization twice, the second is refused and not counted", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 4 });
  for (const name of DEVICES) {
    const device = emulator.fleet.byName(name)!;
    await adminPassword(emulator, name, PASSWORD);
    const failures = failureCounter(device);
    const url = `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`;
    const nonce = /nonce="([^"]+)"/.exec((await fetch(url)).headers.get("www-authenticate") ?? "")![1]!;
    const authorization = digestHeader(device.identity.realm, nonce, "/ISAPI/System/deviceInfo", PASSWORD);
    t.equal((await fetch(url, { headers: { authorization } })).status, 200, `${name}: first use`);
    const replay = await fetch(url, { headers: { authorization } });
    t.equal(replay.status, 401, `${name}: the replay is refused`);
    t.match(replay.headers.get("www-authenticate"), /stale="FALSE"/, `${name}: a replay is not a stale nonce`);
    t.notMatch(await replay.text(), /lockStatus/);
    t.equal(failures(), 0, `${name}: not counted`);
    const next = digestHeader(device.identity.realm, nonce, "/ISAPI/System/deviceInfo", PASSWORD);
    t.equal((await fetch(url, { headers: { authorization: next } })).status, 200, `${name}: the next nonce count is fine`);
  }
});

/**
 * A TCP relay that lets the device's clock run past the nonce lifetime just before the first
 * Authorization reaches the device: the nonce curl got a moment ago arrives stale.
 */
async function expiringRelay(t: Test, listen: string, target: { host: string; port: number }, expire: () => Promise<void>): Promise<number> {
  let fired = false;
  const server = createServer((client: Socket) => {
    const upstream = connect(target.port, target.host);
    upstream.pipe(client);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    let chain = Promise.resolve();
    client.on("data", (chunk: Buffer) => {
      chain = chain.then(async () => {
        if (!fired && /\r\nauthorization: digest /i.test(chunk.toString("latin1"))) {
          fired = true;
          await expire();
        }
        upstream.write(chunk);
      });
    });
    client.on("end", () => void chain.then(() => upstream.end()));
  });
  await new Promise<void>((resolve) => server.listen(0, listen, resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("relay has no port");
  return address.port;
}

t.test("stale nonce: stale=TRUE, and curl and digest-fetch retry with the fresh nonce on their own", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 5 });
  for (const [i, name] of DEVICES.entries()) {
    const device = emulator.fleet.byName(name)!;
    await adminPassword(emulator, name, PASSWORD);
    const failures = failureCounter(device);
    const lifetime = device.profile.isapi.nonceLifetimeSeconds * 1000;

    const port = await expiringRelay(t, `127.${OCTET}.5.${100 + i}`, { host: device.serving.address, port: device.serving.httpPort }, () => clock.advance(lifetime + 1000));
    const byCurl = await curl(["--verbose", "--digest", "-u", `admin:${PASSWORD}`, `http://127.${OCTET}.5.${100 + i}:${port}/ISAPI/System/deviceInfo`]);
    t.match(byCurl.stderr, /< www-authenticate: digest [^\r\n]*stale="TRUE"/i, `${name}: the device said stale=TRUE`);
    t.equal(sentAuthorizations(byCurl.stderr).length, 2, `${name}: curl answered the stale challenge once more`);
    t.equal(byCurl.statuses[0], 200, `${name}: curl got in without asking anyone`);

    // digest-fetch keeps its nonce between requests (nc 2, 3, …) until the device calls it stale.
    const url = `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`;
    const fetcher = new DigestClient("admin", PASSWORD, { algorithm: "MD5" });
    t.equal((await fetcher.fetch(url)).status, 200, `${name}: digest-fetch`);
    t.equal((await fetcher.fetch(url)).status, 200, `${name}: its nonce is reused with the next count`);
    t.equal(fetcher.digest.nc, 3, `${name}: no new challenge was needed (nc 1, 2 used)`);
    await clock.advance(lifetime + 1000);
    t.equal((await fetcher.fetch(url)).status, 200, `${name}: after the nonce expired, digest-fetch retried on stale=TRUE`);
    t.equal(failures(), 0, `${name}: a stale nonce is never a counted failure`);
  }
});
