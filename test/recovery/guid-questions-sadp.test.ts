import t from "tap";
import type { Test } from "tap";
import { createSocket } from "node:dgram";
import { randomUUID } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import type { DeviceEventMap } from "../../src/emulator/events.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { requestsDigest } from "../helpers/requests-digest.js";
import { activateOverSadp, sadpSaltedPassword, udpSender } from "../helpers/sadp-activation-client.js";
import { onlyAdminPasswordChanged } from "../helpers/flash-diff.js";

// Octet 167: SADP ExportGUID / GUIDReset / getsecurityquestion / setsecurityquestion / AnswerReset (issue #11).
const OLD = "Sadp4ctive!";
const NEW = "NewPass987!";
const dashed = (device: Device) => device.identity.mac.replaceAll(":", "-");
const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true });

/**
 * One command as raw XML (the §1.5 shape, `<Password bSalt="true">` where salted) and its reply
 * parsed whole: nested elements (QuestionList) stay objects.
 */
function command(emulator: RunningEmulator, device: Device, types: string, inner: string): Promise<Record<string, unknown>> {
  const uuid = randomUUID().toUpperCase();
  const xml = `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${uuid}</Uuid><MAC>${dashed(device)}</MAC><Types>${types}</Types>${inner}</Probe>`;
  const socket = createSocket("udp4");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no reply to ${types}`));
    }, 3000);
    socket.on("message", (data) => {
      const doc = parser.parse(data.toString("utf8")) as { ProbeMatch?: Record<string, unknown> };
      if (doc.ProbeMatch?.["Uuid"] !== uuid) return;
      clearTimeout(timer);
      socket.close();
      resolve(doc.ProbeMatch);
    });
    socket.bind(0, "127.0.0.1", () => socket.send(Buffer.from(xml, "utf8"), emulator.sadpPort, "127.0.0.1"));
  });
}

async function fleet(t: Test, subnet: number, name: "camera-1" | "nvr-1") {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 167, clock, { subnet });
  const device = deviceOf(emulator, name);
  t.equal((await activateOverSadp(udpSender("127.0.0.1", emulator.sadpPort, dashed(device)), OLD)).reply?.get("Result"), "success", "activated over SADP");
  const inquiry = async () => {
    const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length });
    return replies.byMac.get(dashed(device)) ?? new Map<string, string>();
  };
  const salt = (await inquiry()).get("Salt") ?? "";
  const salted = (password: string) => `<Password bSalt="true">${sadpSaltedPassword("admin", salt, password)}</Password>`;
  const send = (types: string, inner: string) => command(emulator, device, types, inner);
  const digestStatus = async (password: string) => (await requestsDigest(`${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`, "admin", password)).final.status;
  return { clock, emulator, device, inquiry, salted, send, digestStatus };
}

const questionList = (items: readonly (readonly [number, string])[]) =>
  `<QuestionList>${items.map(([id, answer]) => `<Question><ID>${id}</ID><Answer>${answer}</Answer><mark>true</mark></Question>`).join("")}</QuestionList>`;
const ANSWERS = [[2, "Berta"], [5, "Mr Kim"], [9, "Dune"]] as const;
const WRONG = [[2, "Berta"], [5, "Mr Kim"], [9, "Dune 2"]] as const;
const events = <K extends keyof DeviceEventMap>(device: Device, name: K) => {
  const seen: DeviceEventMap[K][0][] = [];
  device.events.on(name, ((event: DeviceEventMap[K][0]) => seen.push(event)) as never);
  return seen;
};

t.test("setsecurityquestion (salted admin password), getsecurityquestion, AnswerReset on the NVR with SyncIPCPassword", async (t) => {
  const { device, salted, send, digestStatus } = await fleet(t, 0, "nvr-1");
  const notSet = await send("getsecurityquestion", "");
  t.same([notSet["Result"], notSet["ResultDescription"]], ["failure", "Device deny!"], "nothing set: refused");

  const before = JSON.stringify(device.flash);
  const wrong = await send("setsecurityquestion", `${salted("Wrong1234!")}${questionList(ANSWERS)}`);
  t.same([wrong["Result"], wrong["ResultDescription"]], ["failure", "Password error!"], "wrong admin password");
  const dup = await send("setsecurityquestion", `${salted(OLD)}${questionList([[2, "a"], [2, "b"], [9, "c"]])}`);
  t.equal(dup["Result"], "failure", "duplicate ids refused");
  t.equal(JSON.stringify(device.flash), before, "flash unchanged");

  const set = await send("setsecurityquestion", `${salted(OLD)}${questionList(ANSWERS)}`);
  t.equal(set["Result"], "success");
  const got = await send("getsecurityquestion", "");
  t.equal(got["Result"], "success");
  t.same(got["QuestionList"], { Question: [{ ID: "2" }, { ID: "5" }, { ID: "9" }] }, "QuestionList/Question/ID of the questions set");

  const beforeReset = device.flash;
  const bad = await send("AnswerReset", `${questionList(WRONG)}<Password>${NEW}</Password>`);
  t.same([bad["Result"], bad["ResultDescription"]], ["failure", "Password error!"], "a wrong answer");
  t.equal(device.flash, beforeReset);

  const resets = events(device, "passwordReset");
  const ok = await send("AnswerReset", `${questionList(ANSWERS)}<Password>${NEW}</Password><SyncIPCPassword>true</SyncIPCPassword>`);
  t.equal(ok["Result"], "success", "the right answers and a new password");
  t.equal(await digestStatus(NEW), 200, "new password over Digest");
  t.equal(await digestStatus(OLD), 401, "old refused");
  t.equal(device.activated, true);
  onlyAdminPasswordChanged(t, beforeReset, device.flash, {}, "nothing else in flash changed (the questions stay)");
  t.same(resets.map((e) => [e.method, e.syncIPCPassword, e.actor.via]), [["securityQuestions", true, "sadp"]], "the NVR's event asks to push the password to its cameras");
});

t.test("the camera: SyncIPCPassword is not honoured (its firmware does not report it)", async (t) => {
  const { device, salted, send } = await fleet(t, 1, "camera-1");
  t.equal((await send("setsecurityquestion", `${salted(OLD)}${questionList(ANSWERS)}`))["Result"], "success");
  const resets = events(device, "passwordReset");
  t.equal((await send("AnswerReset", `${questionList(ANSWERS)}<Password>${NEW}</Password><SyncIPCPassword>true</SyncIPCPassword>`))["Result"], "success");
  t.same(resets.map((e) => e.syncIPCPassword), [false]);
  const guid = await send("ExportGUID", salted(NEW));
  t.same([guid["Result"], guid["ResultDescription"]], ["denied", "Device deny!"], "no GUID file on the camera");
});

t.test("wrong answers count toward the SADP lock: DeviceLock true, then refused before checking", async (t) => {
  const { device, salted, send, inquiry, digestStatus, clock } = await fleet(t, 2, "nvr-1");
  t.equal((await send("setsecurityquestion", `${salted(OLD)}${questionList(ANSWERS)}`))["Result"], "success");
  const attempts = device.profile.sadp.commands.lockAttempts;
  for (let i = 1; i <= attempts; i++) t.equal((await send("AnswerReset", `${questionList(WRONG)}<Password>${NEW}</Password>`))["ResultDescription"], "Password error!", `wrong ${i}`);
  t.equal((await inquiry()).get("DeviceLock"), "true", "ProbeMatch DeviceLock true");
  const locked = await send("AnswerReset", `${questionList(ANSWERS)}<Password>${NEW}</Password>`);
  t.same([locked["Result"], locked["ResultDescription"]], ["failure", "Device lock!"], "the right answers are refused while locked");
  t.equal(await digestStatus(OLD), 200, "password unchanged");
  await clock.advance(device.profile.sadp.commands.lockSeconds * 1000);
  t.equal((await inquiry()).get("DeviceLock"), "false", "the lock lifts on the device clock");
  t.equal((await send("AnswerReset", `${questionList(ANSWERS)}<Password>${NEW}</Password>`))["Result"], "success", "then the answers work");
});

t.test("ExportGUID and GUIDReset: the GUID rotates, the used one and an unknown one fail", async (t) => {
  const { device, salted, send, digestStatus } = await fleet(t, 3, "nvr-1");
  const none = await send("GUIDReset", `<GUID>${"A".repeat(32)}</GUID><Password>${NEW}</Password>`);
  t.same([none["Result"], none["ResultDescription"]], ["failure", "Device deny!"], "no GUID exported: refused");

  const before = JSON.stringify(device.flash);
  const wrong = await send("ExportGUID", salted("Wrong1234!"));
  t.same([wrong["Result"], wrong["ResultDescription"], wrong["GUID"]], ["failure", "Password error!", undefined], "export with a wrong admin password: nothing");
  t.equal(JSON.stringify(device.flash), before);

  const beforeExport = device.flash;
  const exported = await send("ExportGUID", salted(OLD));
  t.equal(exported["Result"], "success");
  const guid = String(exported["GUID"]);
  t.match(guid, /^[0-9A-F]{32}$/, "the reply carries a 32-hex GUID");
  t.notSame(device.flash.recovery, beforeExport.recovery, "which flash keeps");

  const unknown = await send("GUIDReset", `<GUID>${"0".repeat(32)}</GUID><Password>${NEW}</Password>`);
  t.same([unknown["Result"], unknown["ResultDescription"]], ["failure", "Password error!"], "another GUID: refused");

  const beforeReset = device.flash;
  const ok = await send("GUIDReset", `<GUID>${guid.toLowerCase()}</GUID><Password>${NEW}</Password>`);
  t.equal(ok["Result"], "success");
  t.equal(await digestStatus(NEW), 200);
  t.equal(await digestStatus(OLD), 401);
  t.equal(device.activated, true);
  onlyAdminPasswordChanged(t, beforeReset, device.flash, { guidRotated: true }, "nothing else changed; the GUID rotated");
  const reused = await send("GUIDReset", `<GUID>${guid}</GUID><Password>Another987!</Password>`);
  t.same([reused["Result"], reused["ResultDescription"]], ["failure", "Password error!"], "the used GUID is void");
});
