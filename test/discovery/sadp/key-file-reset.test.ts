import t from "tap";
import type { Test } from "tap";
import { VirtualClock } from "../../../src/emulator/clock.js";
import type { Device } from "../../../src/emulator/device.js";
import { deviceKeyXml, codeOfFile } from "../../../src/support/key-file-xml.js";
import { adminPassword, deviceOf, startDefaultFleet } from "../../helpers/emulator.js";
import { pkcs1Code, sadpActivationCipher, udpSender, type SadpSend } from "../../helpers/sadp-activation-client.js";
import { newClientKey, rsaDecryptPkcs1 } from "../../helpers/isapi-activation-client.js";
import { requestsDigest } from "../../helpers/requests-digest.js";
import { recordEvents } from "../../helpers/lifecycle.js";
import { onlyAdminPasswordChanged } from "../../helpers/flash-diff.js";

// Devices on 127.163.<subnet>.10-12 (camera-1, legacy-camera-1, nvr-1).
const OCTET = 163;
const OLD = "Old12345!";
const NEW = "New12345!";
const HOUR = 3600 * 1000;

async function fleet(t: Test, subnet: number) {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet });
  await adminPassword(emulator, "camera-1", OLD);
  await adminPassword(emulator, "nvr-1", OLD);
  const camera = deviceOf(emulator, "camera-1");
  const nvr = deviceOf(emulator, "nvr-1");
  const send = (device: Device): SadpSend => udpSender("127.0.0.1", emulator.sadpPort, device.identity.mac.replaceAll(":", "-"));
  /** SADP "Export": getcode, saved as DeviceKey.xml the way SADP Tool keeps it. */
  const exportKey = async (device: Device): Promise<string> => {
    const reply = await send(device)("getcode", []);
    t.equal(reply?.get("Result"), "success", `${device.name}: getcode succeeds`);
    const code = reply?.get("Code") ?? "";
    return deviceKeyXml({ serial: device.identity.serial, mac: reply?.get("MAC") ?? "", exportTime: device.time.sadpTime(device.deviceTime()), code });
  };
  /** The support desk's Encrypt.xml, read back as SADP Tool's "Import" does: its Code. */
  const answer = (deviceKey: string): string => codeOfFile(emulator.supportDesk.answerKeyFile(deviceKey).file) ?? "";
  const reset = (device: Device, code: string, password = NEW) =>
    send(device)("reset", [
      ["Code", code],
      ["Password", password],
    ]);
  return { emulator, clock, camera, nvr, send, exportKey, answer, reset };
}

async function status(device: Device, password: string): Promise<number> {
  const { final } = await requestsDigest(`http://${device.serving.address}:${device.serving.httpPort}/ISAPI/System/deviceInfo`, "admin", password);
  await final.arrayBuffer();
  return final.status;
}

t.test("key file: getcode → support desk → reset with a new password; the answer works once", async (t) => {
  const { camera, exportKey, answer, reset } = await fleet(t, 0);
  const deviceKey = await exportKey(camera);
  const blob = Buffer.from(codeOfFile(deviceKey)!, "base64");
  t.same([...blob.subarray(0, 4)], [3, 0, 0, 0], "the exported blob starts with the flag bytes 03 00 00 00 (§1.8.2)");
  t.ok(blob.includes(Buffer.from(camera.identity.serial)), "and carries the serial");
  const before = camera.flash;
  const seen = recordEvents(camera.events, ["passwordReset"]);
  const code = answer(deviceKey);

  const reply = await reset(camera, code);
  t.equal(reply?.get("Result"), "success", "the device takes the support's answer");
  t.equal(await status(camera, NEW), 200, "the new password works over Digest");
  t.equal(await status(camera, OLD), 401, "the old one fails");
  t.equal(camera.flash.activated, true, "still activated");
  onlyAdminPasswordChanged(t, before, camera.flash, {}, "nothing else in flash changed");
  t.match(seen, [["passwordReset", { method: "exportKeyFile", actor: { via: "sadp" } }]]);

  const again = await reset(camera, code, "Again1234!");
  t.equal(again?.get("Result"), "failure", "the same answer a second time fails");
  t.equal(again?.get("ResultDescription"), "Export file overdue!", "the export was used up");
  t.equal(await status(camera, NEW), 200, "the password stays");
});

t.test("key file: after exchangecode the Password is the §1.6 AES form", async (t) => {
  const { nvr, send, exportKey, answer, reset } = await fleet(t, 1);
  const code = answer(await exportKey(nvr));
  const { publicKey, privateKey } = newClientKey();
  const exchange = await send(nvr)("exchangecode", [["Code", pkcs1Code(publicKey)]]);
  t.equal(exchange?.get("Result"), "success");
  const random = rsaDecryptPkcs1(privateKey, Buffer.from(exchange?.get("Code") ?? "", "base64")).toString("ascii");
  const reply = await reset(nvr, code, sadpActivationCipher(random, NEW));
  t.equal(reply?.get("Result"), "success");
  t.equal(await status(nvr, NEW), 200, "the decrypted password is set");
  t.equal(await status(nvr, OLD), 401);
});

t.test("key file: forged, foreign, superseded and weak-password resets fail and change nothing", async (t) => {
  const { camera, nvr, exportKey, answer, reset } = await fleet(t, 2);
  const code = answer(await exportKey(camera));
  const before = camera.flash;
  const failures = recordEvents(camera.events, ["recoveryFailed"]);

  const bytes = Buffer.from(code, "base64");
  bytes[10] = bytes[10]! ^ 0x01;
  const forged = await reset(camera, bytes.toString("base64"));
  t.equal(forged?.get("Result"), "failure", "an answer altered after signing fails");
  t.equal(forged?.get("ResultDescription"), "Password error!");
  const resigned = Buffer.from(code, "base64");
  resigned[resigned.length - 1] = resigned[resigned.length - 1]! ^ 0x80;
  t.equal((await reset(camera, resigned.toString("base64")))?.get("Result"), "failure", "a wrong signature fails");
  t.equal((await reset(camera, "not-a-key-file-answer"))?.get("Result"), "failure", "junk fails");

  const nvrCode = answer(await exportKey(nvr));
  const foreign = await reset(camera, nvrCode);
  t.equal(foreign?.get("Result"), "failure", "an answer for another device fails");
  t.equal(foreign?.get("ResultDescription"), "Password error!");

  const weak = await reset(camera, code, "12345");
  t.equal(weak?.get("Result"), "failure", "a weak new password fails");
  t.equal(weak?.get("ResultDescription"), "Risk password!");
  t.equal(camera.flash, before, "flash was not written");
  t.equal(await status(camera, OLD), 200, "the old password still works");
  t.same(
    failures.map(([, e]) => ("reason" in e ? e.reason : undefined)),
    ["badResetCode", "badResetCode", "badResetCode", "badResetCode", "riskPassword"],
  );

  const newer = await exportKey(camera);
  const superseded = await reset(camera, code);
  t.equal(superseded?.get("Result"), "failure", "a new export voids the answer to the previous one");
  t.equal(superseded?.get("ResultDescription"), "Password error!");
  t.equal((await reset(camera, answer(newer)))?.get("Result"), "success", "the answer to the newest export works");
  t.equal(await status(nvr, OLD), 200, "the other device is untouched");
});

t.test("key file: the export lasts 48 h and the answer 24 h on the virtual clock", async (t) => {
  const { clock, camera, exportKey, answer, reset } = await fleet(t, 3);
  const before = camera.flash;
  // Export, then ask the desk 47 h later (a fresh 24 h answer): the export runs out first.
  const deviceKey = await exportKey(camera);
  await clock.advance(47 * HOUR);
  const late = answer(deviceKey);
  await clock.advance(HOUR);
  const overdue = await reset(camera, late);
  t.equal(overdue?.get("Result"), "failure", "an export older than 48 h fails");
  t.equal(overdue?.get("ResultDescription"), "Export file overdue!");

  // Export and answer now; 24 h later the answer has expired though the export has not.
  const code = answer(await exportKey(camera));
  await clock.advance(24 * HOUR);
  const stale = await reset(camera, code);
  t.equal(stale?.get("Result"), "failure", "an answer older than 24 h fails");
  t.equal(stale?.get("ResultDescription"), "Export file overdue!");
  t.equal(camera.flash, before, "nothing written");

  const fresh = answer(await exportKey(camera));
  await clock.advance(24 * HOUR - 1000);
  t.equal((await reset(camera, fresh))?.get("Result"), "success", "just inside both lifetimes it works");
});

t.test("key file: a reboot voids a pending export", async (t) => {
  const { emulator, clock, camera, exportKey, answer, reset } = await fleet(t, 4);
  const code = answer(await exportKey(camera));
  camera.reboot("control");
  await clock.advance((camera.profile.shutdownSeconds + camera.profile.bootSeconds) * 1000);
  await emulator.http.settled(camera);
  t.equal(camera.power, "running");
  const reply = await reset(camera, code);
  t.equal(reply?.get("Result"), "failure", "the answer to an export before the reboot fails");
  t.equal(reply?.get("ResultDescription"), "Export file overdue!");
  t.equal(await status(camera, OLD), 200, "the password is unchanged");
});

t.test("key file: firmware without it answers notSupport; Password is required", async (t) => {
  const { emulator, camera, send, exportKey, answer } = await fleet(t, 5);
  const legacy = deviceOf(emulator, "legacy-camera-1");
  t.equal((await send(legacy)("getcode", []))?.get("Result"), "denied", "V5.2.0 has no export");
  const code = answer(await exportKey(camera));
  const noPassword = await send(camera)("reset", [["Code", code]]);
  t.equal(noPassword?.get("Result"), "failure", "a reset without Password fails");
  t.equal(await status(camera, OLD), 200);
});
