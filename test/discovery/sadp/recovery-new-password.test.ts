import t from "tap";
import type { Test } from "tap";
import { VirtualClock } from "../../../src/emulator/clock.js";
import { ADMIN_USER, type Device } from "../../../src/emulator/device.js";
import { DeviceError } from "../../../src/emulator/errors.js";
import type { FlashState } from "../../../src/emulator/state.js";
import { recovery } from "../../../src/discovery/sadp/commands/recovery.js";
import type { SadpCommand } from "../../../src/discovery/sadp/commands/requests.js";
import { qrKeyFor } from "../../../src/support/qr-key.js";
import { adminPassword, deviceOf, startDefaultFleet } from "../../helpers/emulator.js";
import { pkcs1Code, sadpActivationCipher, udpRequest, udpSender, type SadpSend } from "../../helpers/sadp-activation-client.js";
import { newClientKey, rsaDecryptPkcs1 } from "../../helpers/isapi-activation-client.js";
import { requestsDigest } from "../../helpers/requests-digest.js";
import { recordEvents } from "../../helpers/lifecycle.js";

/**
 * The new password of every SADP recovery command is read one way (commands/new-password.ts):
 * plain text, or the §1.6 AES form when an `exchangecode` is pending; a missing Code or Password
 * is refused alike. Devices on 127.177.<subnet>.10-12.
 */
const OCTET = 177;
const OLD = "Old12345!";
const NEW = "New12345!";
const ANSWERS = [
  { id: 2, answer: "Berta" },
  { id: 5, answer: "Mr Kim" },
  { id: 9, answer: "Dune" },
] as const;
const admin = { via: "isapi", userName: ADMIN_USER } as const;

async function lab(t: Test, subnet: number) {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(), { subnet });
  await adminPassword(emulator, "nvr-1", OLD);
  const nvr = deviceOf(emulator, "nvr-1");
  const send: SadpSend = udpSender("127.0.0.1", emulator.sadpPort, nvr.identity.mac.replaceAll(":", "-"));
  /** SADP Tool's key exchange (§1.6): the challenge the device encrypted for our key. */
  const exchange = async (): Promise<string> => {
    const { publicKey, privateKey } = newClientKey();
    const reply = await send("exchangecode", [["Code", pkcs1Code(publicKey)]]);
    t.equal(reply?.get("Result"), "success", "exchangecode");
    return rsaDecryptPkcs1(privateKey, Buffer.from(reply?.get("Code") ?? "", "base64")).toString("ascii");
  };
  /** AnswerReset as raw XML: QuestionList/Question{ID,Answer,mark} (§1.5 template) and the Password. */
  const answerReset = (password: string) =>
    udpRequest("127.0.0.1", emulator.sadpPort, (uuid) => {
      const questions = ANSWERS.map((a) => `<Question><ID>${a.id}</ID><Answer>${a.answer}</Answer><mark>true</mark></Question>`).join("");
      const xml = `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${uuid}</Uuid><MAC>${nvr.identity.mac.replaceAll(":", "-")}</MAC><Types>AnswerReset</Types><QuestionList>${questions}</QuestionList><Password>${password}</Password></Probe>`;
      return Buffer.from(xml, "utf8");
    });
  return { nvr, send, exchange, answerReset };
}

async function status(device: Device, password: string): Promise<number> {
  const { final } = await requestsDigest(`http://${device.serving.address}:${device.serving.httpPort}/ISAPI/System/deviceInfo`, "admin", password);
  await final.arrayBuffer();
  return final.status;
}

/** Flash minus the admin's password and the recovery block (what a reset may consume). */
const untouched = (flash: FlashState): unknown => ({ ...flash, users: flash.users.filter((u) => u.userName !== ADMIN_USER), recovery: undefined });

async function resetWorked(t: Test, nvr: Device, before: FlashState): Promise<void> {
  t.equal(await status(nvr, NEW), 200, "the decrypted password works over Digest");
  t.equal(await status(nvr, OLD), 401, "the old one fails");
  t.equal(nvr.flash.activated, true, "still activated");
  t.same(untouched(nvr.flash), untouched(before), "nothing else in flash changed");
}

t.test("GUIDReset after exchangecode: the Password is the §1.6 AES form", async (t) => {
  const { nvr, send, exchange } = await lab(t, 0);
  const { guid } = await nvr.recovery.guid.export(admin);
  const before = nvr.flash;
  const seen = recordEvents(nvr.events, ["passwordReset"]);
  const reply = await send("GUIDReset", [["GUID", guid], ["Password", sadpActivationCipher(await exchange(), NEW)]]);
  t.equal(reply?.get("Result"), "success");
  await resetWorked(t, nvr, before);
  t.match(seen, [["passwordReset", { method: "guidFile", actor: { via: "sadp" } }]]);
});

t.test("AnswerReset after exchangecode: the §1.6 AES form works, and a plain-text Password still does (an exchange left pending never blocks a reset)", async (t) => {
  const { nvr, exchange, answerReset } = await lab(t, 1);
  await nvr.recovery.questions.set(ANSWERS, admin);
  const before = nvr.flash;
  const random = await exchange();
  const reply = await answerReset(sadpActivationCipher(random, NEW));
  t.equal(reply?.get("Result"), "success", "the AES form, decrypted with the pending challenge");
  await resetWorked(t, nvr, before);
  const afterFirst = nvr.flash;
  // The exchange is still pending (another client may have made it): plain text is read as such.
  const plain = await answerReset("Third1234!");
  t.equal(plain?.get("Result"), "success", "a plain-text Password with an exchange pending");
  t.equal(await status(nvr, "Third1234!"), 200, "the plain-text password works over Digest");
  t.equal(await status(nvr, NEW), 401, "the one before it fails");
  t.same(untouched(nvr.flash), untouched(afterFirst), "nothing else in flash changed");
});

t.test("MailReset after exchangecode: the Password is the §1.6 AES form", async (t) => {
  const { nvr, send, exchange } = await lab(t, 2);
  await nvr.recovery.email.set("trainee@lab.example", { userName: ADMIN_USER, peer: "127.0.0.1", loginPassword: OLD }, admin);
  const payload = (await send("GetQRcodes", []))?.get("QRCode") ?? "";
  // The support desk mails qrKeyFor(payload) as the verification code (support-desk.ts answerQr).
  const code = qrKeyFor(payload);
  const before = nvr.flash;
  const reply = await send("MailReset", [["Code", code], ["Password", sadpActivationCipher(await exchange(), NEW)]]);
  t.equal(reply?.get("Result"), "success");
  await resetWorked(t, nvr, before);
});

t.test("missing Code or Password: every recovery command refuses alike (badXmlContent naming the element) and writes nothing", async (t) => {
  const { nvr, send } = await lab(t, 3);
  await nvr.recovery.questions.set(ANSWERS, admin);
  const { guid } = await nvr.recovery.guid.export(admin);
  const before = nvr.flash;
  const questions = ANSWERS.map((a) => ({ id: String(a.id), answer: a.answer, mark: "true" }));
  const noCode = { code: "badXmlContent", detail: "Code is missing" };
  const noPassword = { code: "badXmlContent", detail: "Password (the new password) is missing" };
  const cases: [string, SadpCommand, { code: string; detail: string }][] = [
    ["reset without Code", { kind: "reset", code: undefined, password: NEW }, noCode],
    ["reset with a blank Code", { kind: "reset", code: "  ", password: NEW }, noCode],
    ["MailReset without Code", { kind: "MailReset", code: undefined, password: NEW, syncIPCPassword: false }, noCode],
    ["reset without Password", { kind: "reset", code: "A".repeat(40), password: undefined }, noPassword],
    ["MailReset without Password", { kind: "MailReset", code: "ABCDEFGH", password: undefined, syncIPCPassword: false }, noPassword],
    ["MailReset with an empty Password", { kind: "MailReset", code: "ABCDEFGH", password: "", syncIPCPassword: false }, noPassword],
    ["GUIDReset without Password", { kind: "GUIDReset", guid, password: undefined, syncIPCPassword: false }, noPassword],
    ["AnswerReset without Password", { kind: "AnswerReset", questions, password: undefined, syncIPCPassword: false }, noPassword],
  ];
  for (const [label, command, expected] of cases) {
    try {
      await recovery(nvr, command as Parameters<typeof recovery>[1], "127.0.0.1");
      t.fail(`${label}: accepted`);
    } catch (error) {
      t.ok(error instanceof DeviceError, `${label}: a device refusal`);
      t.match({ code: (error as DeviceError).code, detail: (error as DeviceError).detail }, expected, label);
    }
  }
  // Over the wire the same refusals are SADP's failure "Device deny!" (errors.ts badXmlContent).
  for (const [types, fields] of [
    ["MailReset", [["Password", NEW]]],
    ["MailReset", [["Code", "ABCDEFGH"]]],
    ["GUIDReset", [["GUID", guid]]],
    ["reset", [["Password", NEW]]],
  ] as [string, [string, string][]][]) {
    const reply = await send(types, fields);
    t.same([reply?.get("Result"), reply?.get("ResultDescription")], ["failure", "Device deny!"], `${types} with only ${fields[0]![0]}: failure, Device deny!`);
  }
  t.equal(nvr.flash, before, "no refusal wrote flash");
  t.equal(await status(nvr, OLD), 200, "the password is unchanged");
});

