import t from "tap";
import { createHash } from "node:crypto";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Profile } from "../../src/profiles/index.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { CAMERA } from "../helpers/harness.js";

const PASSWORD = "Hik12345!";

/*
 * A browser-style client written from hik-protocols.md §2.4 alone, as the web UI's
 * webAuth.js does it: it shares no code with the device side.
 */

const sha256hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The text of the first `<name>` element, as the UI's `$(xml).find(name)` reads it. */
function field(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/** §2.4 step 2, irreversible: sha256(user + salt + pwd), then with the challenge, then hashed up to iterations - 1. */
function encodePwd(user: string, password: string, cap: { salt: string; challenge: string; iterations: number }): string {
  let r = sha256hex(user + cap.salt + password);
  r = sha256hex(r + cap.challenge);
  for (let i = 2; i < cap.iterations; i++) r = sha256hex(r);
  return r;
}

interface Cap {
  readonly sessionID: string;
  readonly challenge: string;
  readonly iterations: number;
  readonly salt: string;
  readonly xml: string;
}

async function capabilities(base: string, user: string): Promise<Cap> {
  const random = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  const response = await fetch(`${base}/ISAPI/Security/sessionLogin/capabilities?username=${encodeURIComponent(user)}&random=${random}`);
  const xml = await response.text();
  if (response.status !== 200) throw new Error(`capabilities: ${response.status} ${xml}`);
  return { sessionID: field(xml, "sessionID") ?? "", challenge: field(xml, "challenge") ?? "", iterations: Number(field(xml, "iterations")), salt: field(xml, "salt") ?? "", xml };
}

function loginXml(user: string, hash: string, sessionID: string, needTag: boolean): string {
  return (
    `<SessionLogin><userName>${user}</userName><password>${hash}</password><sessionID>${sessionID}</sessionID>` +
    `<isSessionIDValidLongTerm>false</isSessionIDValidLongTerm><sessionIDVersion>2</sessionIDVersion><isNeedSessionTag>${needTag}</isNeedSessionTag></SessionLogin>`
  );
}

async function postLogin(base: string, body: string): Promise<{ status: number; xml: string; headers: Headers }> {
  const response = await fetch(`${base}/ISAPI/Security/sessionLogin?timeStamp=${Date.now()}`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" } });
  return { status: response.status, xml: await response.text(), headers: response.headers };
}

interface BrowserSession {
  /** `Cookie` and `sessiontag` headers the UI sends from now on. */
  readonly headers: Record<string, string>;
  readonly cookieName: string;
  readonly cookieValue: string;
  readonly loginXml: string;
  readonly setCookie: string;
}

async function browserLogin(base: string, user: string, password: string, needTag = true): Promise<BrowserSession> {
  const cap = await capabilities(base, user);
  const reply = await postLogin(base, loginXml(user, encodePwd(user, password, cap), cap.sessionID, needTag));
  if (reply.status !== 200) throw new Error(`sessionLogin: ${reply.status} ${reply.xml}`);
  const setCookie = reply.headers.get("set-cookie") ?? "";
  const [pair = ""] = setCookie.split(";");
  const eq = pair.indexOf("=");
  const tag = field(reply.xml, "sessionTag");
  const headers: Record<string, string> = { cookie: pair };
  if (tag !== undefined) headers.sessiontag = tag;
  return { headers, cookieName: pair.slice(0, eq), cookieValue: pair.slice(eq + 1), loginXml: reply.xml, setCookie };
}

const put = (url: string, headers: Record<string, string>) => fetch(url, { method: "PUT", headers });

t.test("THE ACCEPTANCE TEST: a browser-style client logs in with sessionLogin, reads deviceInfo with the cookie, logs out, and is refused afterwards", async (t) => {
  const emulator = await startDefaultFleet(t, 54);
  for (const name of ["camera-1", "nvr-1"]) {
    const device = emulator.fleet.byName(name)!;
    const password = await adminPassword(emulator, name, PASSWORD);
    const base = baseUrl(emulator, name);

    const cap = await capabilities(base, "admin");
    t.match(cap.xml, new RegExp(`<SessionLoginCap version="2\\.0" xmlns="${device.profile.isapi.namespace.replace(/\./g, "\\.")}">`), `${name}: SessionLoginCap in the device's namespace`);
    t.match(cap, { sessionID: /^[0-9a-f]{64}$/, challenge: /^[0-9a-f]{32}$/, iterations: 100, salt: /^[0-9A-Fa-f]{64}$/ }, "sessionID, challenge, iterations, salt (§2.4 step 1)");
    t.equal(field(cap.xml, "isIrreversible"), "true");
    t.equal(field(cap.xml, "sessionIDVersion"), "2");
    t.equal(field(cap.xml, "isSupportSessionTag"), "true");
    t.equal(field(cap.xml, "isSupportRTSPWithSession"), "true");

    const session = await browserLogin(base, "admin", password);
    t.match(session.setCookie, /^WebSession_[0-9A-F]{10}=[0-9a-f]{64}; path=\/; HttpOnly$/, "Set-Cookie WebSession_<10 hex>=<64 hex>");
    t.equal(field(session.loginXml, "statusValue"), "200");
    t.equal(field(session.loginXml, "statusString"), "OK");
    t.equal(field(session.loginXml, "isDefaultPassword"), "false");
    t.equal(field(session.loginXml, "isRiskPassword"), "false");
    t.equal(field(session.loginXml, "isActivated"), "true");
    t.match(field(session.loginXml, "sessionTag"), /^[0-9a-f]{32}$/, "a sessionTag, since the login asked for one");
    t.equal(field(session.loginXml, "sessionIDVersion"), "2");
    t.match(session.loginXml, /^<\?xml[^>]*>\r\n<SessionLogin>\r\n<statusValue>/, "root SessionLogin as §2.4 step 4 shows it");

    const info = await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: session.headers });
    t.equal(info.status, 200, `${name}: deviceInfo with the cookie and sessiontag only, no Authorization`);
    t.match(await info.text(), `<serialNumber>${device.identity.serial}</serialNumber>`);

    const beat = await put(`${base}/ISAPI/Security/sessionHeartbeat`, session.headers);
    t.equal(beat.status, 200, "heartbeat");
    t.match(await beat.text(), /<statusCode>1<\/statusCode>[\s\S]*<subStatusCode>ok<\/subStatusCode>/);

    const logout = await put(`${base}/ISAPI/Security/sessionLogout`, session.headers);
    t.equal(logout.status, 200, "logout");
    t.match(await logout.text(), /<statusString>OK<\/statusString>/);

    const after = await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: session.headers });
    t.equal(after.status, 401, `${name}: the same cookie after logout is refused`);
    await after.text();
    const beatAfter = await put(`${base}/ISAPI/Security/sessionHeartbeat`, session.headers);
    t.equal(beatAfter.status, 401, "a heartbeat after logout is refused too");
    t.equal(beatAfter.headers.get("www-authenticate"), null, "session-only resources offer no Digest challenge");
    await beatAfter.text();
  }
});

t.test("capabilities: a missing username is badParameters; an unknown user gets an answer of the same shape", async (t) => {
  const emulator = await startDefaultFleet(t, 54);
  const base = baseUrl(emulator, "camera-1");
  await adminPassword(emulator, "camera-1", PASSWORD);
  const missing = await fetch(`${base}/ISAPI/Security/sessionLogin/capabilities?random=12345678`);
  t.equal(missing.status, 400);
  t.match(await missing.text(), /<ResponseStatus [^>]*>[\s\S]*<statusCode>6<\/statusCode>[\s\S]*<subStatusCode>badParameters<\/subStatusCode>/);

  const known = await capabilities(base, "admin");
  const ghost = await capabilities(base, "nobody-here");
  const shape = (xml: string) => xml.replace(/>[0-9a-f]{64}</g, ">H64<").replace(/>[0-9a-f]{32}</g, ">H32<");
  t.equal(shape(ghost.xml), shape(known.xml), "same elements, same salt and iterations, fresh ids");
  t.not(ghost.sessionID, known.sessionID);
  t.not(ghost.challenge, known.challenge);

  const refused = await postLogin(base, loginXml("nobody-here", encodePwd("nobody-here", "Whatever1!", ghost), ghost.sessionID, true));
  const wrong = await postLogin(base, loginXml("admin", encodePwd("admin", "Whatever1!", known), known.sessionID, true));
  t.equal(refused.status, 401);
  t.equal(field(refused.xml, "subStatusCode"), "badAuthorization", "an unknown user is refused like a wrong password");
  t.equal(refused.xml.replace(/<retryLoginTime>\d+</, "<retryLoginTime>N<"), wrong.xml.replace(/<retryLoginTime>\d+</, "<retryLoginTime>N<"), "same body, but for the attempts left");
});

t.test("refused logins: 401 without WWW-Authenticate, retryLoginTime counting down, single-use challenges, the address lock", async (t) => {
  const emulator = await startDefaultFleet(t, 55);
  const base = baseUrl(emulator, "nvr-1");
  const nvr = emulator.fleet.byName("nvr-1")!;

  const early = await capabilities(base, "admin");
  const inactive = await postLogin(base, loginXml("admin", encodePwd("admin", PASSWORD, early), early.sessionID, true));
  t.equal(inactive.status, 401, "inactive device: refused");
  t.equal(field(inactive.xml, "subStatusCode"), "notActivated");
  t.equal(inactive.headers.get("www-authenticate"), null);

  const password = await adminPassword(emulator, "nvr-1", PASSWORD);
  const attempts = nvr.accounts.lockoutPolicy().adminAttempts;
  t.equal(attempts, 7, "7 admin attempts (§2.11)");
  for (let i = 1; i < attempts; i++) {
    const cap = await capabilities(base, "admin");
    const reply = await postLogin(base, loginXml("admin", encodePwd("admin", "Wrong1234!", cap), cap.sessionID, true));
    t.equal(reply.status, 401, `wrong hash #${i}: 401`);
    t.equal(reply.headers.get("www-authenticate"), null, "no WWW-Authenticate: the browser opens no dialog");
    t.match(reply.xml, /^<\?xml[^>]*>\r\n<userCheck>\r\n<statusValue>401<\/statusValue>\r\n<statusString>Unauthorized<\/statusString>\r\n<subStatusCode>badAuthorization<\/subStatusCode>/);
    t.equal(field(reply.xml, "lockStatus"), "unlock");
    t.equal(field(reply.xml, "unlockTime"), "0");
    t.equal(field(reply.xml, "retryLoginTime"), String(attempts - i), "attempts left");
  }

  // A challenge is single-use: the right hash for a challenge already spent is refused, uncounted.
  const cap = await capabilities(base, "admin");
  const good = loginXml("admin", encodePwd("admin", password, cap), cap.sessionID, true);
  t.equal((await postLogin(base, good)).status, 200, "the right hash logs in (and resets the count)");
  const replay = await postLogin(base, good);
  t.equal(replay.status, 401, "the same challenge again: refused");
  t.equal(field(replay.xml, "retryLoginTime"), "7", "a spent challenge is not a wrong password");
  const foreign = await capabilities(base, "operator");
  const misused = await postLogin(base, loginXml("admin", encodePwd("admin", password, foreign), foreign.sessionID, true));
  t.equal(misused.status, 401, "a challenge issued for another user name is refused");

  for (let i = 1; i <= attempts; i++) {
    const c = await capabilities(base, "admin");
    const reply = await postLogin(base, loginXml("admin", encodePwd("admin", "Wrong1234!", c), c.sessionID, true));
    if (i === attempts) {
      t.equal(field(reply.xml, "lockStatus"), "lock", "the 7th wrong hash locks the address");
      t.equal(field(reply.xml, "unlockTime"), String(nvr.security.current.illegalLoginLock.lockSeconds));
      t.equal(field(reply.xml, "retryLoginTime"), "0");
    }
  }
  const locked = await capabilities(base, "admin");
  const right = await postLogin(base, loginXml("admin", encodePwd("admin", password, locked), locked.sessionID, true));
  t.equal(right.status, 401, "locked: even the right hash is refused");
  t.equal(right.headers.get("set-cookie"), null, "and no session cookie is set");
  t.equal(field(right.xml, "lockStatus"), "lock");
  t.ok(Number(field(right.xml, "unlockTime")) > 0, "with the seconds left");
  t.equal(right.headers.get("www-authenticate"), null);

  const badXml = await postLogin(base, "<SessionLogin><userName>admin</userName>");
  t.equal(badXml.status, 400, "a body that is not XML");
  t.match(badXml.xml, /<subStatusCode>badXmlFormat<\/subStatusCode>/);
});

t.test("sessiontag: a tagged session needs its tag; an untagged one lives on its cookie alone", async (t) => {
  const emulator = await startDefaultFleet(t, 55);
  const base = baseUrl(emulator, "camera-1");
  await adminPassword(emulator, "camera-1", PASSWORD);

  const tagged = await browserLogin(base, "admin", PASSWORD, true);
  const noTag = await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: { cookie: tagged.headers.cookie! } });
  t.equal(noTag.status, 401, "the cookie without its sessiontag is refused");
  t.match(noTag.headers.get("www-authenticate"), /^Digest /, "deviceInfo still offers Digest");
  await noTag.text();
  const badTag = await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: { cookie: tagged.headers.cookie!, sessiontag: "0".repeat(32) } });
  t.equal(badTag.status, 401, "a wrong sessiontag is refused");
  await badTag.text();
  t.equal((await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: tagged.headers })).status, 200, "the right one is accepted, the session was not ended");

  const untagged = await browserLogin(base, "admin", PASSWORD, false);
  t.equal(field(untagged.loginXml, "sessionTag"), undefined, "no sessionTag unless isNeedSessionTag");
  t.equal(untagged.headers.sessiontag, undefined);
  t.equal((await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: untagged.headers })).status, 200, "the cookie alone");
  t.not(untagged.cookieValue, tagged.cookieValue, "every login its own session");
  t.equal(untagged.cookieName, tagged.cookieName, "one cookie name per device");

  const forged = await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: { cookie: `${tagged.cookieName}=${"a".repeat(64)}` } });
  t.equal(forged.status, 401, "a session id never issued is refused");
  await forged.text();
});

t.test("V5.2 firmware has no session login: challenged first, then notFound after Digest", async (t) => {
  const emulator = await startDefaultFleet(t, 55);
  const base = baseUrl(emulator, "legacy-camera-1");
  const password = await adminPassword(emulator, "legacy-camera-1", PASSWORD);
  for (const [method, path] of [
    ["GET", "/ISAPI/Security/sessionLogin/capabilities?username=admin&random=12345678"],
    ["POST", "/ISAPI/Security/sessionLogin?timeStamp=1"],
    ["PUT", "/ISAPI/Security/sessionHeartbeat"],
    ["PUT", "/ISAPI/Security/sessionLogout"],
  ] as const) {
    const anonymous = await fetch(`${base}${path}`, { method, ...(method === "GET" ? {} : { body: "<SessionLogin/>" }) });
    t.equal(anonymous.status, 401, `${method} ${path}: the challenge first`);
    t.match(anonymous.headers.get("www-authenticate"), /^Digest /);
    await anonymous.text();
    const digest = await request(`${base}${path}`, { method, digestAuth: `admin:${password}`, dataType: "text", ...(method === "GET" ? {} : { content: "<SessionLogin/>" }) });
    t.equal(digest.status, 403, `${method} ${path}: not there after Digest (403 before V5.7)`);
    t.match(String(digest.data), /<subStatusCode>notSupport<\/subStatusCode>/);
  }
});

t.test("on the device clock: idle sessions expire, heartbeats keep them, reboot and a password change end them", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 56, clock);
  const nvr = emulator.fleet.byName("nvr-1")!;
  const base = baseUrl(emulator, "nvr-1");
  await adminPassword(emulator, "nvr-1", PASSWORD);
  const idle = nvr.profile.security.session.idleSeconds * 1000;
  t.equal(idle, 120_000);
  const info = async (headers: Record<string, string>) => {
    const response = await fetch(`${base}/ISAPI/System/deviceInfo`, { headers });
    await response.text();
    return response.status;
  };

  const kept = await browserLogin(base, "admin", PASSWORD);
  const dropped = await browserLogin(base, "admin", PASSWORD);
  await clock.advance(100_000);
  t.equal((await put(`${base}/ISAPI/Security/sessionHeartbeat`, kept.headers)).status, 200, "a heartbeat within the window");
  await clock.advance(100_000);
  t.equal(await info(kept.headers), 200, "200 s after login, 100 s after its heartbeat: alive");
  t.equal(await info(dropped.headers), 401, "the session without a heartbeat expired");
  await clock.advance(idle + 1);
  t.equal(await info(kept.headers), 401, "idle longer than 120 s: expired");
  const expired = await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: kept.headers });
  await expired.text();
  t.equal(expired.headers.get("www-authenticate"), null, "a web page's call on an ended session (cookie + sessiontag) gets no challenge: no browser prompt");
  const cookieOnly = await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: { cookie: kept.headers.cookie! } });
  await cookieOnly.text();
  t.match(cookieOnly.headers.get("www-authenticate"), /^Digest /, "a client with only a stale cookie is still challenged");

  const admin = await browserLogin(base, "admin", PASSWORD);
  const reboot = await put(`${base}/ISAPI/System/reboot`, admin.headers);
  t.equal(reboot.status, 200, "the session is good for an admin operation");
  await reboot.text();
  await clock.advance(nvr.profile.shutdownSeconds * 1000);
  await clock.advance(nvr.readyAt - clock.now());
  await emulator.http.settled();
  t.equal(nvr.power, "running");
  t.equal(await info(admin.headers), 401, "after the reboot the cookie is refused");

  const before = await browserLogin(base, "admin", PASSWORD);
  t.equal(await info(before.headers), 200);
  await nvr.userDirectory.modify({ userName: "admin", peer: "127.0.0.1", loginPassword: PASSWORD }, 1, { password: "Changed123!" });
  t.equal(await info(before.headers), 401, "the password changed: the session ended");
  const again = await browserLogin(base, "admin", "Changed123!");
  t.equal(await info(again.headers), 200, "the new password logs in");
});

t.test("firmware without activation reports the factory password: isDefaultPassword and isRiskPassword true", async (t) => {
  const withoutActivation = (p: Profile): Profile => (p.model === CAMERA ? { ...p, activation: { mode: "none", factoryPassword: "12345" } } : p);
  const emulator = await startDefaultFleet(t, 56, undefined, { profileOf: withoutActivation });
  const base = baseUrl(emulator, "camera-1");
  const session = await browserLogin(base, "admin", "12345");
  t.equal(field(session.loginXml, "isDefaultPassword"), "true");
  t.equal(field(session.loginXml, "isRiskPassword"), "true");
  t.equal(field(session.loginXml, "isActivated"), "true");
});

t.test("the camera locks too: 7 wrong hashes, then the right one refused with lockStatus lock; Digest from that address as well, until 30 minutes of device time pass", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 56, clock);
  const base = baseUrl(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  for (let i = 0; i < 7; i++) {
    const cap = await capabilities(base, "admin");
    await postLogin(base, loginXml("admin", encodePwd("admin", "Wrong1234!", cap), cap.sessionID, true));
  }
  const cap = await capabilities(base, "admin");
  const right = await postLogin(base, loginXml("admin", encodePwd("admin", password, cap), cap.sessionID, true));
  t.equal(right.status, 401, "the right hash is refused while locked");
  t.equal(field(right.xml, "lockStatus"), "lock");
  t.equal(field(right.xml, "unlockTime"), "1800", "30 minutes left (§2.11 camera manuals)");
  t.equal(field(right.xml, "retryLoginTime"), "0");
  const digest = () => request(`${base}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" });
  t.equal((await digest()).status, 401, "Digest from the same address is locked out too");
  await clock.advance(1_800_000);
  t.equal((await digest()).status, 200, "30 minutes later the right password works");
  const later = await capabilities(base, "admin");
  const again = await postLogin(base, loginXml("admin", encodePwd("admin", password, later), later.sessionID, true));
  t.equal(again.status, 200, "and so does sessionLogin");
});
