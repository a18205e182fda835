import t from "tap";
import type { Test } from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import { securityCode } from "../../src/support/security-code.js";
import { qrKeyFor } from "../../src/support/qr-key.js";
import { codeOfFile, deviceKeyXml } from "../../src/support/key-file-xml.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { udpSender } from "../helpers/sadp-activation-client.js";
import { requestsDigest } from "../helpers/requests-digest.js";
import { recordEvents } from "../helpers/lifecycle.js";

/**
 * Wrong recovery proofs count for EVERY method (issue #11 review): over SADP towards the device's
 * SADP lock (ProbeMatch DeviceLock, "Device lock!"), over ISAPI towards the client address's admin
 * lockout. While locked even the right proof is refused (and logged as recoveryFailed
 * deviceLocked); once the lock's time has passed on the virtual clock it works. 127.174.x.
 */
const OCTET = 174;
const OLD = "Old12345!x";
const NEW = "New12345!x";
const dashed = (device: Device) => device.identity.mac.replaceAll(":", "-");

async function fleet(t: Test, subnet: number, name: string) {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet });
  const password = await adminPassword(emulator, name, OLD);
  const device = deviceOf(emulator, name);
  const sadp = (types: string, fields: [string, string][]) => udpSender("127.0.0.1", emulator.sadpPort, dashed(device))(types, fields);
  const deviceLock = async () => {
    const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length });
    return replies.byMac.get(dashed(device))?.get("DeviceLock");
  };
  return { clock, emulator, device, password, sadp, deviceLock };
}

interface SadpAttempts {
  readonly clock: VirtualClock;
  readonly device: Device;
  readonly deviceLock: () => Promise<string | undefined>;
  /** One wrong proof; the reply. */
  readonly wrong: () => Promise<Map<string, string> | undefined>;
  /** The right proof (computed when sent); the reply. */
  readonly right: () => Promise<Map<string, string> | undefined>;
}

/** 7 wrong proofs lock SADP; the right one is refused until the lock's time has passed, then works once. */
async function locksAndLifts(t: Test, { clock, device, deviceLock, wrong, right }: SadpAttempts): Promise<void> {
  const { lockAttempts, lockSeconds } = device.profile.sadp.commands;
  t.equal(lockAttempts, 7, "the profile locks after 7 wrong proofs");
  t.equal(await deviceLock(), "false", "not locked to begin with");
  const failed = recordEvents(device.events, ["recoveryFailed"]);
  for (let i = 1; i <= lockAttempts; i++) {
    const reply = await wrong();
    t.same([reply?.get("Result"), reply?.get("ResultDescription")], ["failure", "Password error!"], `wrong proof ${i}: Password error!`);
    if (i < lockAttempts) t.equal(device.sadpLocked, false, `not locked after ${i}`);
  }
  t.equal(await deviceLock(), "true", "ProbeMatch DeviceLock true after 7 wrong proofs");
  t.equal(failed.length, lockAttempts, "each wrong proof is a recoveryFailed");

  const refused = await right();
  t.same([refused?.get("Result"), refused?.get("ResultDescription")], ["failure", "Device lock!"], "the right proof is refused while locked");
  t.match(failed.at(-1), ["recoveryFailed", { reason: "deviceLocked", actor: { via: "sadp" } }], "the locked refusal is logged too");

  await clock.advance(lockSeconds * 1000 - 1000);
  t.same((await right())?.get("ResultDescription"), "Device lock!", "still locked a second before the end");
  await clock.advance(1000);
  t.equal(await deviceLock(), "false", "the lock lifts on the device clock");
  const seen = recordEvents(device.events, ["passwordReset"]);
  t.equal((await right())?.get("Result"), "success", "then the right proof works");
  t.equal(seen.length, 1, "one password reset");
}

t.test("SADP legacy security code: wrong codes lock, even today's code is refused until the lock passes", async (t) => {
  const { clock, device, sadp, deviceLock } = await fleet(t, 0, "legacy-camera-1");
  await device.userDirectory.modify({ userName: "admin", peer: "127.0.0.1", loginPassword: "12345" }, 1, { password: "Forgot123!" });
  const today = () => device.time.isapiTime().slice(0, 10).replaceAll("-", "");
  const todaysCode = () => securityCode(device.identity.serial, today());
  const wrongCode = () => (todaysCode() === "QRSQRS" ? "QRSQRd" : "QRSQRS");
  await locksAndLifts(t, {
    clock,
    device,
    deviceLock,
    wrong: () => sadp("reset", [["Code", wrongCode()]]),
    right: () => sadp("reset", [["Code", todaysCode()]]),
  });
  const { final } = await requestsDigest(`http://${device.serving.address}:${device.serving.httpPort}/ISAPI/System/deviceInfo`, "admin", "12345");
  t.equal(final.status, 200, "admin/12345 after the reset");
});

t.test("SADP key file: tampered import files lock, even the support's answer is refused until the lock passes", async (t) => {
  const { clock, emulator, device, sadp, deviceLock } = await fleet(t, 1, "camera-1");
  const exported = await sadp("getcode", []);
  const deviceKey = deviceKeyXml({ serial: device.identity.serial, mac: dashed(device), exportTime: device.time.sadpTime(device.deviceTime()), code: exported?.get("Code") ?? "" });
  const answer = codeOfFile(emulator.supportDesk.answerKeyFile(deviceKey).file) ?? "";
  const bytes = Buffer.from(answer, "base64");
  bytes[bytes.length - 1]! ^= 0x01;
  const tampered = bytes.toString("base64");
  await locksAndLifts(t, {
    clock,
    device,
    deviceLock,
    wrong: () => sadp("reset", [["Code", tampered], ["Password", NEW]]),
    right: () => sadp("reset", [["Code", answer], ["Password", NEW]]),
  });
});

t.test("SADP QR key: wrong keys lock, even the support's key is refused until the lock passes", async (t) => {
  const { clock, device, sadp, deviceLock } = await fleet(t, 2, "nvr-1");
  const challenge = await sadp("GetQRcodes", []);
  const key = qrKeyFor(challenge?.get("QRCode") ?? "");
  t.match(key, /^[0-9A-Z]{8}$/, "the support's 8-character key");
  const wrongKey = key.startsWith("A") ? `B${key.slice(1)}` : `A${key.slice(1)}`;
  await locksAndLifts(t, {
    clock,
    device,
    deviceLock,
    wrong: () => sadp("reset", [["Code", wrongKey], ["Password", NEW]]),
    right: () => sadp("reset", [["Code", key], ["Password", NEW]]),
  });
});

t.test("ISAPI emailCertification: wrong verification codes lock the client address; the right code waits for the lock to pass", async (t) => {
  const { clock, device, emulator } = await fleet(t, 3, "camera-1");
  await device.recovery.email.set("owner@lab.example", { userName: "admin", peer: "127.0.0.1", loginPassword: OLD }, { via: "control" });
  const base = baseUrl(emulator, "camera-1");
  const qr = (await (await fetch(`${base}/ISAPI/Security/email/qrCode`)).json()) as { QRCode: { data: string; mode: string } };
  t.equal(qr.QRCode.mode, "email", "e-mail mode: a reserved address is set");
  const code = qrKeyFor(qr.QRCode.data);
  const wrongCode = code.startsWith("A") ? `B${code.slice(1)}` : `A${code.slice(1)}`;
  const certify = async (verificationCode: string) => {
    const response = await fetch(`${base}/ISAPI/Security/emailCertification?format=json`, { method: "PUT", body: JSON.stringify({ EmailCertification: { verificationCode, password: NEW } }) });
    return { status: response.status, text: await response.text() };
  };
  const digest = async (password: string) => (await requestsDigest(`${base}/ISAPI/System/deviceInfo`, "admin", password)).final.status;
  const failed = recordEvents(device.events, ["recoveryFailed"]);
  const { maxAttempts, lockSeconds } = device.flash.security.illegalLoginLock;
  t.equal(maxAttempts, 7, "the admin lockout counts 7");
  for (let i = 1; i <= maxAttempts; i++) {
    const reply = await certify(wrongCode);
    t.equal(reply.status, 400, `wrong code ${i}: refused`);
    t.match(reply.text, /invalidVerificationCode/, `wrong code ${i}: the catalog's badResetCode`);
  }
  const peer = [...failed].map(([, event]) => (event as { actor: { peer?: string } }).actor.peer).at(-1) ?? "";
  t.equal(device.accounts.lockStatus(peer, "admin").locked, true, "the client address is locked");
  t.match(failed.at(-1), ["recoveryFailed", { method: "reservedEmail", reason: "badResetCode", actor: { via: "isapi" } }]);

  const refused = await certify(code);
  t.equal(refused.status, 401, "the right code is refused while the address is locked");
  t.match(refused.text, /badAuthorization/);
  t.match(failed.at(-1), ["recoveryFailed", { reason: "deviceLocked" }], "and logged");
  t.equal(await digest(OLD), 401, "the address's admin logins are locked too");

  await clock.advance(lockSeconds * 1000);
  const ok = await certify(code);
  t.equal(ok.status, 200, "after the lock the right code resets the password");
  t.equal(await digest(NEW), 200, "the new password works over Digest");
  t.equal(await digest(OLD), 401, "the old one fails");
});
