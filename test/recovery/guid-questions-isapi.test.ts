import t from "tap";
import type { Test } from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import type { DeviceEventMap } from "../../src/emulator/events.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { requestsDigest } from "../helpers/requests-digest.js";
import { onlyAdminPasswordChanged } from "../helpers/flash-diff.js";

// Octet 166: ISAPI security questions and GUID file (issue #11).
const OLD = "Hik12345!";
const NEW = "NewPass987!";

async function fleet(t: Test, subnet: number, name: "camera-1" | "nvr-1") {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 166, clock, { subnet });
  await adminPassword(emulator, name, OLD);
  const device = deviceOf(emulator, name);
  const base = baseUrl(emulator, name);
  const admin = (path: string, method: "GET" | "PUT" | "POST" = "GET", body?: string, password = OLD) => isapiCall(base, path, "admin", password, method, body);
  /** Without credentials, as the forgot-password page asks. */
  const anonymous = async (path: string, method: "GET" | "PUT" = "GET", body?: string) => {
    const response = await fetch(`${base}${path}`, { method, ...(body === undefined ? {} : { body, headers: { "content-type": "application/xml" } }) });
    const text = await response.text();
    const element = (n: string) => new RegExp(`<${n}>([^<]*)</${n}>`).exec(text)?.[1];
    return { status: response.status, body: text, statusCode: element("statusCode"), subStatusCode: element("subStatusCode") };
  };
  const digestStatus = async (password: string) => (await requestsDigest(`${base}/ISAPI/System/deviceInfo`, "admin", password)).final.status;
  return { clock, emulator, device, base, admin, anonymous, digestStatus };
}

const questionXml = (items: readonly (readonly [number | string, string])[], password?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><SecurityQuestion><QuestionList>${items.map(([id, answer]) => `<Question><id>${id}</id><answer>${answer}</answer></Question>`).join("")}</QuestionList>${password === undefined ? "" : `<password>${password}</password>`}</SecurityQuestion>`;
const ANSWERS = [[1, "Anton"], [4, "Mrs Berger"], [7, "Rex"]] as const;
const flashJson = (device: Device) => JSON.stringify(device.flash);
const events = <K extends keyof DeviceEventMap>(device: Device, name: K) => {
  const seen: DeviceEventMap[K][0][] = [];
  device.events.on(name, ((event: DeviceEventMap[K][0]) => seen.push(event)) as never);
  return seen;
};

t.test("security questions: set as admin (validated whole), listed without answers, then a forgotten password reset with them", async (t) => {
  const { device, admin, anonymous, digestStatus } = await fleet(t, 0, "camera-1");
  const empty = await anonymous("/ISAPI/Security/questionConfiguration");
  t.equal(empty.status, 200, "GET needs no login (the forgot-password page reads it)");
  t.notMatch(empty.body, /<Question>/, "none set yet");

  const before = flashJson(device);
  const refusals: [string, string, number, string][] = [
    ["malformed XML", "<SecurityQuestion><QuestionList>", 400, "badXmlFormat"],
    ["no QuestionList", "<SecurityQuestion><password>x</password></SecurityQuestion>", 400, "badXmlContent"],
    ["answer too long (129)", questionXml([[1, "a".repeat(129)], [4, "b"], [7, "c"]], OLD), 400, "badParameters"],
    ["duplicate question ids", questionXml([[1, "a"], [1, "b"], [7, "c"]], OLD), 400, "badParameters"],
    ["two questions", questionXml([[1, "a"], [4, "b"]], OLD), 400, "badParameters"],
    ["an id the firmware does not have", questionXml([[1, "a"], [4, "b"], [99, "c"]], OLD), 400, "badParameters"],
    ["no admin password (G2 asks for it)", questionXml(ANSWERS), 400, "badParameters"],
    ["a wrong admin password", questionXml(ANSWERS, "Wrong1234!"), 403, "incorrectUserNameOrPassword"],
  ];
  for (const [what, body, status, sub] of refusals) {
    const reply = await admin("/ISAPI/Security/questionConfiguration", "PUT", body);
    t.same([reply.status, reply.subStatusCode], [status, sub], `${what}: ${status} ${sub}`);
  }
  t.equal(flashJson(device), before, "no refusal changed flash");
  t.notMatch((await anonymous("/ISAPI/Security/questionConfiguration")).body, /<Question>/, "and GET still lists none");

  const set = await admin("/ISAPI/Security/questionConfiguration", "PUT", questionXml(ANSWERS, OLD));
  t.same([set.status, set.statusCode, set.subStatusCode], [200, "1", "ok"]);
  const stored = device.flash.recovery?.questions ?? [];
  t.same(stored.map((q) => q.id), [1, 4, 7], "flash keeps the three question ids");
  t.notMatch(JSON.stringify(device.flash), /Anton|Mrs Berger|Rex/, "and never an answer in plain text");
  t.match(stored[0]?.answerHash ?? "", /^pbkdf2-sha256:\d+:[0-9a-f]{32}:[0-9a-f]{64}$/, "a salted hash per answer");
  const listed = await anonymous("/ISAPI/Security/questionConfiguration");
  t.match(listed.body, /<SecurityQuestion version="2.0" xmlns="http:\/\/www.hikvision.com\/ver20\/XMLSchema">/);
  t.same([...listed.body.matchAll(/<Question>\r?\n<id>(\d+)<\/id>\r?\n<mark>true<\/mark>/g)].map((m) => m[1]), ["1", "4", "7"], "GET: ids with mark true");
  t.notMatch(listed.body, /answer/i, "no answers");

  const failed = events(device, "recoveryFailed");
  const beforeReset = device.flash;
  const wrong = await anonymous("/ISAPI/Security/questionCertification", "PUT", questionXml([[1, "Anton"], [4, "Mrs Berger"], [7, "rex"]], NEW));
  t.same([wrong.status, wrong.statusCode, wrong.subStatusCode], [400, "6", "securityAnswerError"], "one answer in another case: wrong (case counts)");
  t.equal(device.flash, beforeReset, "nothing written");
  t.same(failed.map((e) => [e.method, e.reason]), [["securityQuestions", "wrongSecurityAnswer"]], "recoveryFailed in the device log");
  const weak = await anonymous("/ISAPI/Security/questionCertification", "PUT", questionXml(ANSWERS, "abc"));
  t.same([weak.status, weak.subStatusCode], [403, "riskPassword"], "the new password must meet the rules");

  const resets = events(device, "passwordReset");
  const ok = await anonymous("/ISAPI/Security/questionCertification", "PUT", questionXml([[7, " Rex "], [1, "Anton"], [4, "Mrs Berger"]], NEW));
  t.same([ok.status, ok.statusCode], [200, "1"], "right answers (any order, surrounding spaces forgiven): reset");
  t.equal(await digestStatus(NEW), 200, "the new password works over Digest");
  t.equal(await digestStatus(OLD), 401, "the old one does not");
  t.equal(device.activated, true, "still activated");
  onlyAdminPasswordChanged(t, beforeReset, device.flash, {}, "nothing else in flash changed (the questions stay)");
  t.same(resets.map((e) => [e.method, e.syncIPCPassword, e.actor.via]), [["securityQuestions", false, "isapi"]]);
});

t.test("questions never set → invalidOperation, not counted as a wrong guess", async (t) => {
  const { device, anonymous, admin } = await fleet(t, 1, "nvr-1");
  const attempts = device.accounts.lockoutPolicy().adminAttempts;
  for (let i = 1; i <= attempts + 1; i++) {
    const reply = await anonymous("/ISAPI/Security/questionCertification", "PUT", questionXml(ANSWERS, NEW));
    t.same([reply.status, reply.statusCode, reply.subStatusCode], [403, "4", "invalidOperation"], `a clear refusal: nothing set up (${i})`);
  }
  t.equal(device.accounts.lockStatus("127.0.0.1", "admin").locked, false, `${attempts + 1} refusals did not lock the address`);
  t.equal((await admin("/ISAPI/System/deviceInfo")).status, 200, "and the admin still logs in from it");
});

t.test("wrong answers lock the client address like wrong passwords (§2.11: 7 tries)", async (t) => {
  const { device, admin, anonymous, digestStatus } = await fleet(t, 2, "camera-1");
  t.equal((await admin("/ISAPI/Security/questionConfiguration", "PUT", questionXml(ANSWERS, OLD))).status, 200);
  const attempts = device.accounts.lockoutPolicy().adminAttempts;
  for (let i = 1; i <= attempts; i++) {
    const reply = await anonymous("/ISAPI/Security/questionCertification", "PUT", questionXml([[1, "x"], [4, "y"], [7, `z${i}`]], NEW));
    t.equal(reply.subStatusCode, "securityAnswerError", `wrong answers ${i}`);
  }
  const locked = await anonymous("/ISAPI/Security/questionCertification", "PUT", questionXml(ANSWERS, NEW));
  t.same([locked.status, locked.subStatusCode], [401, "badAuthorization"], "then even the right answers are refused (deviceLocked)");
  t.equal(await digestStatus(OLD), 401, "and the address's admin logins are locked too");
  t.equal(device.accounts.lockStatus("127.0.0.1", "admin").locked, true);
  t.equal(await digestStatus(NEW), 401, "the password did not change");
});

const loginPassword = (password: string) => `<?xml version="1.0" encoding="UTF-8"?><LoginPassword><password>${password}</password></LoginPassword>`;
const guidReset = (file: string, password: string, sync?: boolean) =>
  `<GUIDCertification><GUIDFileData>${Buffer.from(file, "utf8").toString("base64")}</GUIDFileData><password>${password}</password>${sync === undefined ? "" : `<SyncIPCPassword>${sync}</SyncIPCPassword>`}</GUIDCertification>`;

t.test("GUID file: exported as admin, imported without login for a reset; the GUID rotates, the old file and another device's are refused", async (t) => {
  const { device, admin, anonymous, digestStatus } = await fleet(t, 3, "nvr-1");
  const none = await anonymous("/ISAPI/Security/GUIDCertification", "PUT", guidReset(`<GUIDFile version="1.0"><DeviceSN>${device.identity.serial}</DeviceSN><GUID>${"0".repeat(32)}</GUID></GUIDFile>`, NEW));
  t.same([none.status, none.subStatusCode], [403, "invalidOperation"], "no GUID exported yet: refused");

  const before = flashJson(device);
  const wrongPassword = await admin("/ISAPI/Security/GUIDFileData", "POST", loginPassword("Wrong1234!"));
  t.same([wrongPassword.status, wrongPassword.subStatusCode], [403, "incorrectUserNameOrPassword"], "export with a wrong admin password");
  t.same([(await admin("/ISAPI/Security/GUIDFileData", "POST", "<LoginPassword>")).subStatusCode], ["badXmlFormat"]);
  t.equal(flashJson(device), before, "nothing exported");

  const beforeExport = device.flash;
  const exported = await admin("/ISAPI/Security/GUIDFileData", "POST", loginPassword(OLD));
  t.equal(exported.status, 200);
  const guid = /<GUID>([^<]*)<\/GUID>/.exec(exported.body)?.[1] ?? "";
  t.match(guid, /^[0-9A-F]{32}$/, "a 32-hex GUID");
  t.equal(exported.body, `<?xml version="1.0" encoding="UTF-8"?>\r\n<GUIDFile version="1.0">\r\n<DeviceSN>${device.identity.serial}</DeviceSN>\r\n<GUID>${guid}</GUID>\r\n</GUIDFile>\r\n`, "the file: serial + GUID");
  t.notSame(device.flash.recovery, beforeExport.recovery, "flash keeps the exported GUID");
  t.match(device.flash.recovery?.guidHash, /^[0-9a-f]{64}$/, "as a hash");
  t.notOk(JSON.stringify(device.flash).includes(guid), "never the GUID itself");

  const otherDevice = exported.body.replace(device.identity.serial, "DS-7608NXI-I2/8P/S0820230101CCRRJ12345678");
  const foreign = await anonymous("/ISAPI/Security/GUIDCertification", "PUT", guidReset(otherDevice, NEW));
  t.same([foreign.status, foreign.subStatusCode], [400, "invalidVerificationCode"], "another device's file: refused");
  const junk = await anonymous("/ISAPI/Security/GUIDCertification", "PUT", "<GUIDCertification><GUIDFileData>%%%</GUIDFileData><password>x</password></GUIDCertification>");
  t.same([junk.status, junk.subStatusCode], [400, "badXmlContent"], "not Base64: badXmlContent");

  const beforeReset = device.flash;
  const resets = events(device, "passwordReset");
  const ok = await anonymous("/ISAPI/Security/GUIDCertification", "PUT", guidReset(exported.body, NEW, true));
  t.same([ok.status, ok.statusCode], [200, "1"], "the exported file resets the password");
  t.equal(await digestStatus(NEW), 200, "new password over Digest");
  t.equal(await digestStatus(OLD), 401, "old one refused");
  t.equal(device.activated, true);
  onlyAdminPasswordChanged(t, beforeReset, device.flash, { guidRotated: true }, "nothing else in flash changed; the GUID rotated");
  t.same(resets.map((e) => [e.method, e.syncIPCPassword]), [["guidFile", true]], "SyncIPCPassword honoured on the NVR");

  const reused = await anonymous("/ISAPI/Security/GUIDCertification", "PUT", guidReset(exported.body, "Another987!"));
  t.same([reused.status, reused.subStatusCode], [400, "invalidVerificationCode"], "the used file is void");
  t.equal(await digestStatus(NEW), 200, "password unchanged");
  const next = await admin("/ISAPI/Security/GUIDFileData", "POST", loginPassword(NEW), NEW);
  t.match(next.body, /<GUID>[0-9A-F]{32}<\/GUID>/);
  t.notMatch(next.body, `<GUID>${guid}</GUID>`, "a new export carries a new GUID");
});

t.test("the camera has no GUID file: the resources are not there", async (t) => {
  const { admin } = await fleet(t, 4, "camera-1");
  const reply = await admin("/ISAPI/Security/GUIDFileData", "POST", loginPassword(OLD));
  t.equal(reply.status, 404, "not found on this firmware (V5.7 answers 404)");
});

t.test("Restore keeps the questions and the GUID; Default removes them", async (t) => {
  const { device, admin, clock } = await fleet(t, 5, "nvr-1");
  t.equal((await admin("/ISAPI/Security/questionConfiguration", "PUT", questionXml(ANSWERS, OLD))).status, 200);
  t.equal((await admin("/ISAPI/Security/GUIDFileData", "POST", loginPassword(OLD))).status, 200);
  const recovery = device.flash.recovery;
  await device.factoryReset("basic", "control");
  t.same(device.flash.recovery, recovery, "Restore: kept");
  await clock.advance(600_000);
  await device.factoryReset("full", "control");
  t.equal(device.flash.recovery, undefined, "Default: gone");
});
