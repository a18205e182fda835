import t from "tap";
import type { Test } from "tap";
import { VirtualClock } from "../../../src/emulator/clock.js";
import type { Device } from "../../../src/emulator/device.js";
import { deviceOf, startDefaultFleet } from "../../helpers/emulator.js";
import { udpSender, type SadpSend } from "../../helpers/sadp-activation-client.js";
import { requestsDigest } from "../../helpers/requests-digest.js";
import { recordEvents } from "../../helpers/lifecycle.js";
import { onlyAdminPasswordChanged } from "../../helpers/flash-diff.js";
import { referenceSecurityCode as code } from "../../helpers/security-code-reference.js";

// Devices on 127.162.<subnet>.10-12 (camera-1, legacy-camera-1, nvr-1).
const OCTET = 162;
const INFO = "/ISAPI/System/deviceInfo";
const DAY = 24 * 3600 * 1000;

/** The date the device shows (its clock in its zone, ISAPI form `YYYY-MM-DDT…`), as §7's YYYYMMDD. */
function dateOn(device: Device): string {
  return device.time.isapiTime().slice(0, 10).replaceAll("-", "");
}

async function fleet(t: Test, subnet: number) {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet });
  const legacy = deviceOf(emulator, "legacy-camera-1");
  const send = (device: Device): SadpSend => udpSender("127.0.0.1", emulator.sadpPort, device.identity.mac.replaceAll(":", "-"));
  return { emulator, clock, legacy, send };
}

async function status(device: Device, password: string): Promise<number> {
  const { final } = await requestsDigest(`http://${device.serving.address}:${device.serving.httpPort}${INFO}`, "admin", password);
  await final.arrayBuffer();
  return final.status;
}

/** Gives the legacy camera a password other than 12345 (the state a forgotten password leaves). */
async function forget(legacy: Device): Promise<void> {
  await legacy.userDirectory.modify({ userName: "admin", peer: "127.0.0.1", loginPassword: "12345" }, 1, { password: "Forgot123!" });
}

t.test("legacy code: today's code of the full DeviceSN resets admin to 12345 over SADP; nothing else changes", async (t) => {
  const { legacy, send } = await fleet(t, 0);
  await forget(legacy);
  t.equal(await status(legacy, "Forgot123!"), 200, "the forgotten password worked before");
  const before = legacy.flash;
  const seen = recordEvents(legacy.events, ["passwordReset"]);
  const reply = await send(legacy)("reset", [
    ["Code", code(legacy.identity.serial, dateOn(legacy))],
    ["Password", "ignored"],
  ]);
  t.equal(reply?.get("Result"), "success", "the device accepts the code");
  t.equal(reply?.get("Types"), "reset");
  t.equal(await status(legacy, "12345"), 200, "12345 works over Digest");
  t.equal(await status(legacy, "Forgot123!"), 401, "the old password fails");
  t.equal(legacy.flash.activated, true, "still activated");
  onlyAdminPasswordChanged(t, before, legacy.flash, {}, "nothing else in flash changed");
  t.match(seen, [["passwordReset", { name: "legacy-camera-1", method: "securityCode", actor: { via: "sadp", peer: "127.0.0.1" } }]]);
});

t.test("legacy code: the serial without the model prefix works too (§7 CONFLICT)", async (t) => {
  const { legacy, send } = await fleet(t, 1);
  await forget(legacy);
  const short = legacy.identity.serial.slice(legacy.profile.model.length);
  t.ok(/^\d{8}/.test(short), "the serial after the model starts with its date");
  const reply = await send(legacy)("reset", [["Code", code(short, dateOn(legacy))]]);
  t.equal(reply?.get("Result"), "success");
  t.equal(await status(legacy, "12345"), 200);
});

t.test("legacy code: a wrong code and yesterday's code fail and change nothing", async (t) => {
  const { legacy, send, clock } = await fleet(t, 2);
  await forget(legacy);
  const before = legacy.flash;
  const failures = recordEvents(legacy.events, ["recoveryFailed"]);
  const wrong = await send(legacy)("reset", [["Code", "QRSqrdeyz9"]]);
  t.equal(wrong?.get("Result"), "failure", "a wrong code fails");
  t.equal(wrong?.get("ResultDescription"), "Password error!");

  const today = dateOn(legacy);
  const todays = code(legacy.identity.serial, today);
  await clock.advance(DAY);
  t.not(dateOn(legacy), today, "a day passed on the device's clock");
  const stale = await send(legacy)("reset", [["Code", todays]]);
  t.equal(stale?.get("Result"), "failure", "yesterday's code fails");
  t.equal(legacy.flash, before, "flash was not written");
  t.equal(await status(legacy, "Forgot123!"), 200, "the password is unchanged");
  t.equal(await status(legacy, "12345"), 401);
  t.same(
    failures.map(([, e]) => ("reason" in e ? e.reason : undefined)),
    ["badResetCode", "badResetCode"],
    "each refusal is in the device log",
  );

  const missing = await send(legacy)("reset", []);
  t.equal(missing?.get("Result"), "failure", "no Code at all fails");
  const fresh = await send(legacy)("reset", [["Code", code(legacy.identity.serial, dateOn(legacy))]]);
  t.equal(fresh?.get("Result"), "success", "the new day's code works");
});

t.test("legacy code: a device whose clock was set follows its own local date, not the host's nor UTC's", async (t) => {
  const { legacy, send } = await fleet(t, 3);
  await forget(legacy);
  const hostDate = dateOn(legacy);
  // 02:30 on 5 July in UTC+8 is still 4 July in UTC.
  await legacy.time.setTime({ mode: "manual", timeZone: "CST-8:00:00", localTime: "2019-07-05T02:30:00+08:00" }, { via: "isapi", userName: "admin" });
  t.equal(dateOn(legacy), "20190705");
  t.not(hostDate, "20190705", "the host's date differs from the device's");
  const utc = await send(legacy)("reset", [["Code", code(legacy.identity.serial, "20190704")]]);
  t.equal(utc?.get("Result"), "failure", "the code of the UTC date fails");
  const host = await send(legacy)("reset", [["Code", code(legacy.identity.serial, hostDate)]]);
  t.equal(host?.get("Result"), "failure", "the code of the host's date fails");
  t.equal(await status(legacy, "Forgot123!"), 200, "the password is unchanged");
  const local = await send(legacy)("reset", [["Code", code(legacy.identity.serial, "20190705")]]);
  t.equal(local?.get("Result"), "success", "the code of the date on the device's clock");
  t.equal(await status(legacy, "12345"), 200);
});

t.test("legacy code: firmware without the method answers notSupport", async (t) => {
  const { emulator, send } = await fleet(t, 4);
  const camera = deviceOf(emulator, "camera-1");
  const before = camera.flash;
  const reply = await send(camera)("reset", [["Code", code(camera.identity.serial, dateOn(camera))]]);
  t.equal(reply?.get("Result"), "denied", "V5.7.17 has no security code");
  t.equal(reply?.get("ResultDescription"), "Device deny!");
  t.equal(camera.flash, before, "nothing written");
  const legacy = deviceOf(emulator, "legacy-camera-1");
  const getcode = await send(legacy)("getcode", []);
  t.equal(getcode?.get("Result"), "denied", "V5.2.0 exports no key file");
});
