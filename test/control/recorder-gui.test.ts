import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { sadpMac } from "../../src/util/mac.js";
import { baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { startControl } from "../helpers/control.js";
import { legacyRecorder } from "../helpers/legacy-recorder.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { sadpProbe } from "../helpers/sadp-client.js";

async function call(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, { method, ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }) });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read into the JSON
  return { status: response.status, headers: response.headers, text, json: (text.startsWith("{") ? JSON.parse(text) : undefined) as any };
}

const STRONG = "Recorder2024!";

t.test("the page and its files; the same page for any name, and only the token-guarded API says which devices are recorders", async (t) => {
  const emulator = await startDefaultFleet(t, 192, new VirtualClock());
  const control = await startControl(t, emulator);
  const page = await call(control.url, "GET", "/recorder/nvr-1");
  t.equal(page.status, 200);
  t.match(page.headers.get("content-type"), /^text\/html/);
  t.match(page.headers.get("content-security-policy"), "script-src 'self'", "the control plane's CSP: no inline script");
  t.match(page.text, '<script type="module" src="/local-gui/recorder.js">');
  for (const file of ["recorder.js", "forgot.js", "local-api.js", "password-rules.js", "recorder.css"]) {
    const asset = await call(control.url, "GET", `/local-gui/${file}`);
    t.equal(asset.status, 200, `${file} is served`);
  }
  t.equal((await call(control.url, "GET", "/local-gui/nothing.js")).status, 404);
  for (const [name, what] of [
    ["camera-1", "a camera"],
    ["nope", "an unknown name"],
  ] as const) {
    const other = await call(control.url, "GET", `/recorder/${name}`);
    t.equal(other.status, 200, `${what}: the page is served (it tells nothing about the fleet)`);
    t.equal(other.text, page.text, `${what}: the very same page as a recorder's`);
  }
  for (const [path, what, message] of [
    ["/api/devices/camera-1/local", "a camera has no local resources", "camera-1 is a camera"],
    ["/api/devices/nope/local", "nor an unknown one", 'no device named "nope"'],
  ] as const) {
    const reply = await call(control.url, "GET", path);
    t.equal(reply.status, 404, what);
    t.equal(reply.json.error.code, "notFound", `${what}: the control error shape the page shows`);
    t.match(reply.json.error.message, message, `${what}: the reason the page shows`);
  }
  const camera = await call(control.url, "POST", "/api/devices/camera-1/local/security-code", { code: "QRS" });
  t.equal(camera.status, 404, "a camera's local security code does not exist either");
  t.match(camera.json.error.message, "camera-1 is a camera");
});

t.test("with a control token: the page answers alike for every name without it, the API refuses without it", async (t) => {
  const emulator = await startDefaultFleet(t, 200, new VirtualClock(), { subnet: 3 });
  const control = await startControl(t, emulator, "lab-token-200");
  const pages = await Promise.all(["nvr-1", "camera-1", "nope"].map((name) => call(control.url, "GET", `/recorder/${name}`)));
  t.same(pages.map((p) => p.status), [200, 200, 200], "the page, whatever the name");
  t.equal(new Set(pages.map((p) => p.text)).size, 1, "byte for byte the same page: no name is told apart");
  for (const name of ["nvr-1", "camera-1", "nope"]) {
    const anonymous = await call(control.url, "GET", `/api/devices/${name}/local`);
    t.equal(anonymous.status, 401, `${name}: the API needs the token`);
  }
  const withToken = await fetch(`${control.url}/api/devices/nope/local`, { headers: { authorization: "Bearer lab-token-200" } });
  t.equal(withToken.status, 404, "with the token the API says an unknown name is not there");
  await withToken.arrayBuffer();
});

t.test("a factory-new V4.62 recorder: activation screen, the device's refusal, then login", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 192, clock, { subnet: 1 });
  const control = await startControl(t, emulator);
  const nvr = deviceOf(emulator, "nvr-1");
  const screen = await call(control.url, "GET", "/api/devices/nvr-1/local");
  t.equal(screen.status, 200);
  t.match(screen.json, { name: "nvr-1", model: "DS-7608NXI-I2/8P/S", type: "nvr", serial: nvr.identity.serial, firmware: "V4.62.210 build 230619", activated: false });
  t.same(screen.json.recovery, { securityCode: null, guidFile: true, securityQuestions: true, qr: "key" }, "V4.62 has no security code; its other methods are listed");

  for (const [body, code] of [
    [{}, "badRequest"],
    [{ password: 12345678 }, "badRequest"],
    [{ password: STRONG, extra: 1 }, "badRequest"],
  ] as const) {
    const reply = await call(control.url, "POST", "/api/devices/nvr-1/local/activate", body);
    t.equal(reply.status, 400, `bad input ${JSON.stringify(body)}`);
    t.equal(reply.json.error.code, code);
  }
  const weak = await call(control.url, "POST", "/api/devices/nvr-1/local/activate", { password: "abcdefgh" });
  t.equal(weak.status, 409);
  t.equal(weak.json.error.code, "riskPassword", "the device's own refusal");
  t.equal(nvr.activated, false, "still inactive");
  const loginEarly = await call(control.url, "POST", "/api/devices/nvr-1/local/login", { userName: "admin", password: STRONG });
  t.equal(loginEarly.json.error.code, "notActivated");

  const done = await call(control.url, "POST", "/api/devices/nvr-1/local/activate", { password: STRONG });
  t.equal(done.status, 200);
  t.equal(done.json.activated, true);
  await emulator.http.settled();
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock });
  t.equal(sadp.byMac.get(sadpMac(nvr.identity.mac))?.get("Activated"), "true", "SADP agrees");
  t.equal((await isapiCall(baseUrl(emulator, "nvr-1"), "/ISAPI/System/deviceInfo", "admin", STRONG)).status, 200, "ISAPI Digest with the password set locally");
  const again = await call(control.url, "POST", "/api/devices/nvr-1/local/activate", { password: STRONG });
  t.equal(again.json.error.code, "hasActivated");

  const ok = await call(control.url, "POST", "/api/devices/nvr-1/local/login", { userName: "admin", password: STRONG });
  t.same([ok.status, ok.json], [200, { userName: "admin" }]);
  let last;
  for (let i = 0; i < 7; i++) last = await call(control.url, "POST", "/api/devices/nvr-1/local/login", { userName: "admin", password: "Wrong-pass-1" });
  t.equal(last?.json.error.code, "deviceLocked", "the seventh wrong admin password locks the local GUI (§2.11)");
  const locked = await call(control.url, "POST", "/api/devices/nvr-1/local/login", { userName: "admin", password: STRONG });
  t.equal(locked.json.error.code, "deviceLocked", "the right password too, while locked");
  t.equal((await call(control.url, "GET", "/api/devices/nvr-1/local")).json.lock.locked, true);
  t.equal((await isapiCall(baseUrl(emulator, "nvr-1"), "/ISAPI/System/deviceInfo", "admin", STRONG)).status, 200, "the network's addresses are not the local seat");
});

t.test("the legacy recorder's security code: wrong codes refused and counted, the right one resets admin to 12345", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 192, clock, { subnet: 2, profileOf: legacyRecorder });
  const control = await startControl(t, emulator);
  const nvr = deviceOf(emulator, "nvr-1");
  const base = baseUrl(emulator, "nvr-1");
  const lost = "Forgot-123!";
  const change = await isapiCall(base, "/ISAPI/Security/users/1", "admin", "12345", "PUT", `<User><id>1</id><userName>admin</userName><password>${lost}</password><loginPassword>12345</loginPassword></User>`);
  t.equal(change.status, 200, "the trainer sets a password nobody remembers");

  const screen = (await call(control.url, "GET", "/api/devices/nvr-1/local")).json;
  t.equal(screen.firmware, "V3.0.18 build 150113");
  t.equal(screen.activated, true, "firmware before activation is active from the factory");
  t.equal(screen.recovery.securityCode.serial, nvr.identity.serial);
  t.match(screen.recovery.securityCode.date, /^\d{8}$/);
  t.same([screen.recovery.guidFile, screen.recovery.securityQuestions, screen.recovery.qr], [false, false, null], "only the security code");

  const bad = await call(control.url, "POST", "/api/devices/nvr-1/local/security-code", { code: "" });
  t.same([bad.status, bad.json.error.code], [400, "badRequest"], "an empty code is bad input");
  const retries = screen.lock.retriesLeft;
  const wrong = await call(control.url, "POST", "/api/devices/nvr-1/local/security-code", { code: "QRSqrd" });
  t.same([wrong.status, wrong.json.error.code], [409, "badResetCode"]);
  t.equal((await call(control.url, "GET", "/api/devices/nvr-1/local")).json.lock.retriesLeft, retries - 1, "a wrong code counts toward the local lockout");
  t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", lost)).status, 200, "nothing changed");

  const code = emulator.supportDesk.securityCode(screen.recovery.securityCode.serial, screen.recovery.securityCode.date);
  const reset = await call(control.url, "POST", "/api/devices/nvr-1/local/security-code", { code });
  t.same([reset.status, reset.json], [200, { reset: true, password: "12345" }]);
  t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", "12345")).status, 200, "admin / 12345 works over Digest");
  t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", lost)).status, 401, "the lost password no longer does");
  t.equal(nvr.activated, true);

  // The V4.62 recorder refuses a security code: its firmware has none.
  const newer = await startDefaultFleet(t, 192, clock, { subnet: 3 });
  const newerControl = await startControl(t, newer);
  await deviceOf(newer, "nvr-1").activate(STRONG, "test");
  const refused = await call(newerControl.url, "POST", "/api/devices/nvr-1/local/security-code", { code });
  t.same([refused.status, refused.json.error.code], [409, "notSupport"]);
});

t.test("GUID file and QR key through the local resources", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 192, clock, { subnet: 4 });
  const control = await startControl(t, emulator);
  const nvr = deviceOf(emulator, "nvr-1");
  const base = baseUrl(emulator, "nvr-1");
  await nvr.activate(STRONG, "test");
  const exported = await isapiCall(base, "/ISAPI/Security/GUIDFileData", "admin", STRONG, "POST", `<LoginPassword><password>${STRONG}</password></LoginPassword>`);
  t.equal(exported.status, 200);

  const notAFile = await call(control.url, "POST", "/api/devices/nvr-1/local/guid", { file: "<x/>", password: "NewPass-2024" });
  t.same([notAFile.status, notAFile.json.error.code], [400, "badXmlContent"]);
  const weak = await call(control.url, "POST", "/api/devices/nvr-1/local/guid", { file: exported.body, password: "weak" });
  t.equal(weak.json.error.code, "riskPassword", "the password rules first");
  const done = await call(control.url, "POST", "/api/devices/nvr-1/local/guid", { file: exported.body, password: "NewPass-2024" });
  t.same([done.status, done.json], [200, { reset: true }]);
  t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", "NewPass-2024")).status, 200);
  const reused = await call(control.url, "POST", "/api/devices/nvr-1/local/guid", { file: exported.body, password: "Other-pass-9" });
  t.equal(reused.json.error.code, "badResetCode", "the file is void once used");

  const qr = await call(control.url, "POST", "/api/devices/nvr-1/local/qr");
  t.equal(qr.json.mode, "key");
  t.match(qr.json.payload, /^hikemu-qr:1\?serial=/);
  t.match(qr.json.svg, /^<svg [^>]*viewBox/);
  const answer = await emulator.supportDesk.answerQr(qr.json.payload);
  t.equal(answer.mode, "key");
  const wrongKey = await call(control.url, "POST", "/api/devices/nvr-1/local/qr/reset", { code: "AAAAAAAA", password: "Qr-reset-2024" });
  t.equal(wrongKey.json.error.code, "badResetCode");
  const reset = await call(control.url, "POST", "/api/devices/nvr-1/local/qr/reset", { code: answer.mode === "key" ? answer.key : "", password: "Qr-reset-2024" });
  t.same([reset.status, reset.json], [200, { reset: true }]);
  t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", "Qr-reset-2024")).status, 200);

  const questions = await call(control.url, "GET", "/api/devices/nvr-1/local/questions");
  t.same(questions.json, { questions: [] }, "no questions set");
  const noQuestions = await call(control.url, "POST", "/api/devices/nvr-1/local/questions", { answers: [{ id: 1, answer: "a" }], password: "Qr-reset-2025" });
  t.equal(noQuestions.status, 400, "answers out of range are bad input");

  nvr.powerOff();
  const off = await call(control.url, "GET", "/api/devices/nvr-1/local");
  t.same([off.status, off.json.error.code], [409, "notRunning"], "a recorder that is off shows nothing");
});

t.test("the device log shows the local seat's logins, lockout and resets as local entries, with no client address", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 202, clock, { profileOf: legacyRecorder });
  const control = await startControl(t, emulator);
  const nvr = deviceOf(emulator, "nvr-1");
  const base = baseUrl(emulator, "nvr-1");
  const local = (path: string, body: unknown) => call(control.url, "POST", `/api/devices/nvr-1/local/${path}`, body);

  t.equal((await local("login", { userName: "admin", password: "12345" })).status, 200);
  const refusals = [];
  for (let i = 0; i < 8; i++) refusals.push((await local("login", { userName: "admin", password: "Wrong-pass-1" })).json.error.code);
  t.same(refusals, [...Array(6).fill("wrongPassword"), "deviceLocked", "deviceLocked"], "the seventh locks the seat; the eighth is refused unchecked");
  await clock.advance(nvr.security.current.illegalLoginLock.lockSeconds * 1000);
  t.equal((await local("security-code", { code: "QRSqrd" })).json.error.code, "badResetCode");
  const screen = (await call(control.url, "GET", "/api/devices/nvr-1/local")).json;
  const code = emulator.supportDesk.securityCode(screen.recovery.securityCode.serial, screen.recovery.securityCode.date);
  t.same((await local("security-code", { code })).json, { reset: true, password: "12345" });

  const search = `<?xml version="1.0" encoding="utf-8"?><CMSearchDescription><searchID>1</searchID><maxResults>100</maxResults><searchResultPostion>0</searchResultPostion></CMSearchDescription>`;
  const reply = await isapiCall(base, "/ISAPI/ContentMgmt/logSearch", "admin", "12345", "POST", search);
  t.equal(reply.status, 200);
  const rows = [...reply.body.matchAll(/<logDescriptor>([\s\S]*?)<\/logDescriptor>/g)].map((m) => ({
    metaId: /<metaId>([^<]*)<\/metaId>/.exec(m[1] as string)?.[1],
    ipAddress: /<ipAddress>([^<]*)<\/ipAddress>/.exec(m[1] as string)?.[1],
    detail: /<additionInformation>([^<]*)<\/additionInformation>/.exec(m[1] as string)?.[1],
  }));
  const byLocal = rows.filter((r) => r.metaId !== "log.hikvision.com/Operation/devicePowerOn" && r.metaId !== "log.hikvision.com/Operation/remoteLogin");
  t.same(
    byLocal.map((r) => [r.metaId, r.ipAddress]),
    [
      ["log.hikvision.com/Operation/localLogin", undefined],
      ...Array(7).fill(["log.hikvision.com/Exception/illlegealAccess", undefined]),
      ["log.hikvision.com/Operation/localLock", undefined],
      ["log.hikvision.com/Exception/illlegealAccess", undefined],
      ["log.hikvision.com/Operation/localResetLoginPassWord", undefined],
    ],
    "local minors (the failed login and the wrong code: illegal access), and no ipAddress",
  );
  t.equal(byLocal[9]?.detail, "securityCode: badResetCode");
  t.notMatch(reply.body, /<ipAddress>local<\/ipAddress>/, "the seat's lockout key is no address");
  t.notMatch(reply.body, /remoteLoginLock|remoteResetLoginPassWord/, "no remote minors for the seat");
  t.equal(rows.find((r) => r.metaId === "log.hikvision.com/Operation/remoteLogin")?.ipAddress, "127.0.0.1", "the ISAPI client that searched (from 127.0.0.1) is remote, with its address");

  // Activation at a factory-new recorder's screen is local too.
  const fresh = await startDefaultFleet(t, 202, clock, { subnet: 1 });
  const freshControl = await startControl(t, fresh);
  t.equal((await call(freshControl.url, "POST", "/api/devices/nvr-1/local/activate", { password: STRONG })).status, 200);
  const activation = await isapiCall(baseUrl(fresh, "nvr-1"), "/ISAPI/ContentMgmt/logSearch", "admin", STRONG, "POST", search);
  t.match(activation.body, /<metaId>log\.hikvision\.com\/Operation\/localSetDeviceActive<\/metaId>/);
  t.notMatch(activation.body, /remoteSetDeviceActive/);
});
