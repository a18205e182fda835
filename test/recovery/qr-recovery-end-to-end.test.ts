import t from "tap";
import type { Test } from "tap";
import { startControlFixture, type ControlFixture } from "../helpers/control-api.js";
import { adminPassword, baseUrl } from "../helpers/emulator.js";
import { udpSender } from "../helpers/sadp-activation-client.js";
import { requestsDigest } from "../helpers/requests-digest.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { onlyAdminPasswordChanged } from "../helpers/flash-diff.js";
import { sadpMac } from "../../src/util/mac.js";
import { parseQrPayload, qrKeyFor, QR_KEY_ALPHABET } from "../../src/support/qr-key.js";
import type { Device } from "../../src/emulator/device.js";

/**
 * Issue #11 methods 3 (QR key) and 6 (reserved e-mail), end to end over real sockets on
 * 127.170.x: SADP GetQRcodes / ISAPI email/qrCode → the support desk on the control API →
 * the key (or the code in the outbox, GET /api/mail) → reset over ISAPI emailCertification or
 * SADP MailReset. Virtual clock for the 48 h expiry.
 */

const FIRST = "Qr1stPass!23";
const NEW = "QrNewPass!45";

interface Lab {
  readonly fixture: ControlFixture;
  readonly device: Device;
  readonly base: string;
  readonly sadp: ReturnType<typeof udpSender>;
  /** The admin password now: FIRST, or the factory password of firmware without activation. */
  readonly password: string;
}

async function lab(t: Test, name: string): Promise<Lab> {
  const fixture = await startControlFixture(t, 170);
  const device = fixture.emulator.fleet.byName(name)!;
  const password = await adminPassword(fixture.emulator, name, FIRST);
  return { fixture, device, password, base: baseUrl(fixture.emulator, name), sadp: udpSender("127.0.0.1", fixture.emulator.sadpPort, sadpMac(device.identity.mac)) };
}

async function digestStatus(base: string, password: string): Promise<number> {
  const { final } = await requestsDigest(`${base}/ISAPI/System/deviceInfo`, "admin", password);
  await final.arrayBuffer();
  return final.status;
}

async function certify(base: string, verificationCode: string, password: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}/ISAPI/Security/emailCertification?format=json`, { method: "PUT", body: JSON.stringify({ EmailCertification: { verificationCode, password } }) });
  return { status: response.status, text: await response.text() };
}

async function qrOverIsapi(t: Test, base: string): Promise<{ data: string; mode: string }> {
  const response = await fetch(`${base}/ISAPI/Security/email/qrCode?format=json`);
  t.equal(response.status, 200, "GET email/qrCode answers without a login");
  t.match(response.headers.get("content-type"), /^application\/json/);
  return ((await response.json()) as { QRCode: { data: string; mode: string } }).QRCode;
}

async function setEmail(l: Lab, password: string, address: string): Promise<number> {
  const body = JSON.stringify({ SecurityEmail: { password, SecurityInformation: [{ emailAddress: address }] } });
  return (await isapiCall(l.base, "/ISAPI/Security/email/parameter?format=json", "admin", password, "PUT", body)).status;
}

/** Asks the desk for the payload's code and reads it out of the outbox (the trainee's mailbox). */
async function mailedCode(t: Test, l: Lab, payload: string, to: string): Promise<string> {
  const before = (await l.fixture.api("GET", `/api/mail?to=${encodeURIComponent(to)}`)).body.messages.length as number;
  const answer = await l.fixture.api("POST", "/api/support/qr", { payload });
  t.equal(answer.status, 200);
  const mail = await l.fixture.api("GET", `/api/mail?to=${encodeURIComponent(to)}`);
  const message = mail.body.messages[before];
  const code = /Verification code: ([A-Z0-9]{8})/.exec(message?.text ?? "")?.[1];
  if (code === undefined) throw new Error(`no verification code mailed to ${to}`);
  return code;
}

t.test("QR key: SADP GetQRcodes → support desk (control API) → key → reset over ISAPI; new password works, old fails, nothing else moves; the key is used once", async (t) => {
  const l = await lab(t, "camera-1");
  const reply = await l.sadp("GetQRcodes", []);
  t.equal(reply?.get("Result"), "success");
  const payload = reply?.get("QRCode") ?? "";
  const parsed = parseQrPayload(payload);
  t.ok(parsed.ok, "the QRCode element carries a hikemu payload");
  t.match(parsed.ok ? parsed.payload : {}, { serial: l.device.identity.serial, mode: "key" }, "for this device, key mode (no reserved e-mail set)");

  const desk = await l.fixture.api("POST", "/api/support/qr", { payload });
  t.equal(desk.status, 200);
  t.same(Object.keys(desk.body).sort(), ["key", "mode", "serial"]);
  t.match(desk.body, { mode: "key", serial: l.device.identity.serial });
  const key = desk.body.key as string;
  t.equal(key.length, 8);
  t.ok([...key].every((c) => QR_KEY_ALPHABET.includes(c)), "8 characters of the unambiguous alphabet");
  const again = await l.fixture.api("POST", "/api/support/qr", { payload });
  t.equal(again.body.key, key, "the desk answers a payload with the same key each time");

  const before = l.device.flash;
  const weak = await certify(l.base, key, "abc");
  t.equal(weak.status, 403, "a weak password is refused…");
  t.match(weak.text, /"subStatusCode":"riskPassword"/, "JSON ResponseStatus (format=json)");
  const wrong = await certify(l.base, key === "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA", NEW);
  t.equal(wrong.status, 400, "a wrong key is refused");
  t.match(wrong.text, /"subStatusCode":"invalidVerificationCode"/, "JSON ResponseStatus (format=json)");
  t.same(l.device.flash, before, "refusals change nothing");

  const done = await certify(l.base, key.toLowerCase(), NEW);
  t.equal(done.status, 200, "…and did not use the key up (typed in lower case: accepted)");
  t.match(JSON.parse(done.text), { statusCode: 1, subStatusCode: "ok" });
  t.equal(await digestStatus(l.base, NEW), 200, "the new password works over Digest");
  t.equal(await digestStatus(l.base, FIRST), 401, "the old one fails");
  t.ok(l.device.flash.activated, "still activated");
  onlyAdminPasswordChanged(t, before, l.device.flash, {}, "nothing else in flash changed");

  const used = await certify(l.base, key, "QrOther!678");
  t.equal(used.status, 400, "the key works once");
  t.match(used.text, /"subStatusCode":"verificationCodeExpired"/, "JSON ResponseStatus (format=json)");
  t.equal(await digestStatus(l.base, NEW), 200);
});

t.test("reserved e-mail: set over ISAPI with Digest → forgot password → QR → desk mails the code → GET /api/mail → SADP MailReset → success", async (t) => {
  const l = await lab(t, "nvr-1");
  const address = "trainee@lab.example";
  t.equal(await setEmail(l, FIRST, address), 200, "PUT email/parameter as admin");
  const shown = await isapiCall(l.base, "/ISAPI/Security/email/parameter?format=json", "admin", FIRST);
  t.same(JSON.parse(shown.body), { SecurityEmail: { SecurityInformation: [{ emailAddress: "t***@lab.example" }] } }, "GET shows it masked");
  t.equal(l.device.flash.recovery?.email, address, "kept in flash");

  const qr = await l.sadp("GetQRcodes", []);
  const payload = qr?.get("QRCode") ?? "";
  t.match(parseQrPayload(payload), { ok: true, payload: { mode: "email", email: address } }, "e-mail mode once an address is set");
  const desk = await l.fixture.api("POST", "/api/support/qr", { payload });
  t.same(desk.body, { mode: "email", serial: l.device.identity.serial, sentTo: "t***@lab.example" }, "the desk says where, never the code");
  const mail = await l.fixture.api("GET", `/api/mail?to=${encodeURIComponent(address)}`);
  t.equal(mail.body.messages.length, 1);
  t.match(mail.body.messages[0], { id: 1, from: "support@hikemu.invalid", to: address, subject: `Verification code for device ${l.device.identity.serial}` });
  const code = /Verification code: ([A-Z0-9]{8})/.exec(mail.body.messages[0].text)?.[1] ?? "";
  t.match(code, /^[A-Z0-9]{8}$/, "the mail carries an 8-character code: the trainee reads it there");

  const before = l.device.flash;
  const wrong = await l.sadp("MailReset", [["Code", code === "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA"], ["Password", NEW]]);
  t.equal(wrong?.get("Result"), "failure");
  t.equal(wrong?.get("ResultDescription"), "Password error!", "a wrong code");
  const reset = await l.sadp("MailReset", [["Code", code], ["Password", NEW]]);
  t.equal(reset?.get("Result"), "success", "MailReset with the mailed code");
  t.equal(await digestStatus(l.base, NEW), 200, "the new password works over Digest");
  t.equal(await digestStatus(l.base, FIRST), 401, "the old one fails");
  t.ok(l.device.flash.activated, "still activated");
  onlyAdminPasswordChanged(t, before, l.device.flash, {}, "nothing else in flash changed (the reserved e-mail stays)");
  const reused = await l.sadp("MailReset", [["Code", code], ["Password", "QrOther!678"]]);
  t.equal(reused?.get("ResultDescription"), "Export file overdue!", "a used code is void");
});

t.test("reserved e-mail failures: expired after 48 h, void after a reboot, void after an e-mail change, weak password keeps the code", async (t) => {
  const l = await lab(t, "camera-1");
  const address = "lab.admin@lab.example";
  t.equal(await setEmail(l, FIRST, address), 200);

  // Expired: 48 h of device time (profile recoveryExpiry.emailCode).
  let qr = await qrOverIsapi(t, l.base);
  t.equal(qr.mode, "email");
  let code = await mailedCode(t, l, qr.data, address);
  t.equal((await l.fixture.api("POST", "/api/clock/advance", { seconds: 48 * 3600 - 1 })).status, 200);
  const weak = await certify(l.base, code, "short");
  t.equal(weak.status, 403, "a second before expiry: a weak password is refused, the code kept");
  t.equal((await l.fixture.api("POST", "/api/clock/advance", { seconds: 1 })).status, 200);
  let refused = await certify(l.base, code, NEW);
  t.equal(refused.status, 400, "48 h later the code has expired");
  t.match(refused.text, /verificationCodeExpired/);

  // After a reboot (power cycle over the control API).
  qr = await qrOverIsapi(t, l.base);
  code = await mailedCode(t, l, qr.data, address);
  t.equal((await l.fixture.api("POST", "/api/devices/camera-1/power", { state: "cycle" })).status, 200);
  await l.fixture.api("POST", "/api/clock/advance", { seconds: l.device.profile.bootSeconds });
  t.match((await l.fixture.api("GET", "/api/devices/camera-1")).body, { power: "running" });
  refused = await certify(l.base, code, NEW);
  t.equal(refused.status, 400, "a reboot voids the pending code");
  t.match(refused.text, /verificationCodeExpired/);

  // After an e-mail change.
  qr = await qrOverIsapi(t, l.base);
  code = await mailedCode(t, l, qr.data, address);
  t.equal(await setEmail(l, FIRST, "other@lab.example"), 200);
  refused = await certify(l.base, code, NEW);
  t.equal(refused.status, 400, "a new reserved address voids the code mailed to the old one");
  t.match(refused.text, /verificationCodeExpired/);
  t.equal(await digestStatus(l.base, FIRST), 200, "the password never changed");

  // A new QR code replaces the old: the first code is wrong for the second challenge.
  const first = await qrOverIsapi(t, l.base);
  const firstCode = await mailedCode(t, l, first.data, "other@lab.example");
  const second = await qrOverIsapi(t, l.base);
  t.not(second.data, first.data, "each QR code is fresh");
  refused = await certify(l.base, firstCode, NEW);
  t.match(refused.text, /invalidVerificationCode/, "the replaced challenge's code no longer matches");
  const secondCode = await mailedCode(t, l, second.data, "other@lab.example");
  t.equal((await certify(l.base, secondCode, NEW)).status, 200, "the newest code works");
  t.equal(await digestStatus(l.base, NEW), 200);
});

t.test("firmware without the methods: the legacy camera answers GetQRcodes and MailReset as a device without them, and has no e-mail resources", async (t) => {
  const l = await lab(t, "legacy-camera-1");
  t.notOk(l.device.profile.recovery.includes("qrKey") || l.device.profile.recovery.includes("reservedEmail"), "V5.2.0 offers only the security code");
  const qr = await l.sadp("GetQRcodes", []);
  t.equal(qr?.get("Result"), "denied");
  t.equal(qr?.get("ResultDescription"), "Device deny!");
  t.notOk(qr?.has("QRCode"), "no payload");
  const mail = await l.sadp("MailReset", [["Code", "ABCDEFGH"], ["Password", NEW]]);
  t.equal(mail?.get("Result"), "denied");
  // No such resources on this firmware: challenged like any unknown path, then its unknown-resource status.
  const response = await fetch(`${l.base}/ISAPI/Security/email/qrCode?format=json`);
  t.equal(response.status, 401, "email/qrCode is not public here: an unknown path is challenged");
  await response.arrayBuffer();
  const factory = l.password;
  const unknown = l.device.profile.isapi.replies.unknownResourceStatus;
  t.equal((await isapiCall(l.base, "/ISAPI/Security/email/qrCode?format=json", "admin", factory)).status, unknown, "no email/qrCode resource");
  t.equal(await setEmail(l, factory, "a@lab.example"), unknown, "no email/parameter resource");
  t.equal(l.device.flash.recovery, undefined, "nothing stored");
});

t.test("a camera on firmware with the QR key but without the reserved e-mail stays in key mode even with MailReset", async (t) => {
  const l = await lab(t, "camera-1");
  const qr = await l.sadp("GetQRcodes", []);
  const payload = qr?.get("QRCode") ?? "";
  const key = qrKeyFor(payload);
  const mailReset = await l.sadp("MailReset", [["Code", key], ["Password", NEW]]);
  t.equal(mailReset?.get("Result"), "failure", "MailReset is the e-mail flow: a key-mode challenge is refused");
  t.equal(mailReset?.get("ResultDescription"), "Password error!");
  const missing = await l.sadp("MailReset", [["Password", NEW]]);
  t.equal(missing?.get("Result"), "failure", "no Code");
  t.equal((await certify(l.base, key, NEW)).status, 200, "the key still works where key mode belongs");
});

t.test("QR key over SADP: `reset` with the 8-character key (typed with a dash) and the new password; a wrong key is 'Password error!', a used one 'Export file overdue!'", async (t) => {
  const l = await lab(t, "camera-1");
  const payload = (await l.sadp("GetQRcodes", []))?.get("QRCode") ?? "";
  const key = qrKeyFor(payload);
  const before = l.device.flash;
  const wrongKey = key === "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA";
  const wrong = await l.sadp("reset", [["Code", wrongKey], ["Password", NEW]]);
  t.equal(wrong?.get("Result"), "failure");
  t.equal(wrong?.get("ResultDescription"), "Password error!");
  t.same(l.device.flash, before, "a wrong key changes nothing");

  const done = await l.sadp("reset", [["Code", `${key.slice(0, 4)}-${key.slice(4)}`], ["Password", NEW]]);
  t.equal(done?.get("Result"), "success");
  t.equal(await digestStatus(l.base, NEW), 200, "the new password works over Digest");
  t.equal(await digestStatus(l.base, FIRST), 401, "the old one fails");
  t.ok(l.device.flash.activated, "still activated");
  onlyAdminPasswordChanged(t, before, l.device.flash, {}, "nothing else in flash changed");

  const reused = await l.sadp("reset", [["Code", key], ["Password", "QrOther!678"]]);
  t.equal(reused?.get("Result"), "failure");
  t.equal(reused?.get("ResultDescription"), "Export file overdue!", "the key works once");
});
