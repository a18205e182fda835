import t from "tap";
import type { Page } from "playwright-core";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { watchPage, withChromium } from "../helpers/web-page.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { onlyAdminPasswordChanged } from "../helpers/flash-diff.js";
import { decodeQrPng } from "../helpers/qr-decode.js";

/**
 * "Forgot Password?" of the device web admin in Chromium (issue #12): each recovery method the
 * firmware offers over the web, from the login page to the new password working over Digest.
 * 127.189.x (questions), 127.190.x (QR key and reserved e-mail), 127.191.2.x (GUID file).
 */

const OLD = "Old12345!x";
const NEW = "New67890!y";
const DEVICE_INFO = "/ISAPI/System/deviceInfo";

/** From the login page, through its "Forgot Password?" link, to the ready forgot-password page. */
async function openForgotPassword(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/doc/page/login.asp`);
  await page.locator("body[data-ready=true]").waitFor();
  await page.getByRole("link", { name: "Forgot Password?" }).click();
  await page.waitForURL(/forgotPassword\.asp/);
  await page.locator("body[data-ready=true]").waitFor();
}

async function setNewPassword(page: Page, password: string): Promise<void> {
  const form = page.getByRole("region", { name: "New Password" });
  await form.getByLabel("New Password").fill(password);
  await form.getByLabel("Confirm").fill(password);
  await form.getByRole("button", { name: "OK" }).click();
}

/** The login page says the password was reset; Digest takes the new password, not the old one. */
async function resetWorked(t: Test, page: Page, base: string, oldPassword: string, newPassword: string): Promise<void> {
  await page.waitForURL(/login\.asp\?reason=passwordReset/);
  await page.locator("body[data-ready=true]").waitFor();
  t.match(await page.getByRole("status").first().innerText(), /password was reset/i, "the login page says so");
  t.equal((await isapiCall(base, DEVICE_INFO, "admin", newPassword)).status, 200, "the new password works over Digest");
  t.equal((await isapiCall(base, DEVICE_INFO, "admin", oldPassword)).status, 401, "the old one gets 401");
}

type Test = Parameters<Parameters<typeof withChromium>[1]>[0];

function deviceOf(emulator: RunningEmulator, name: string) {
  const device = emulator.fleet.byName(name);
  if (!device) throw new Error(`no ${name}`);
  return device;
}

withChromium("web admin: forgot password in Chromium", async (t, browser) => {
  t.test("security questions: wrong answers are refused and change nothing; right ones set a new password that works over Digest", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 189, clock);
    const camera = deviceOf(emulator, "camera-1");
    await adminPassword(emulator, "camera-1", OLD);
    const base = baseUrl(emulator, "camera-1");
    const set = await isapiCall(base, "/ISAPI/Security/questionConfiguration", "admin", OLD, "PUT",
      "<SecurityQuestion><QuestionList><Question><id>1</id><answer>Anton</answer></Question><Question><id>4</id><answer>Mrs Berger</answer></Question><Question><id>7</id><answer>Rex</answer></Question></QuestionList><password>" + OLD + "</password></SecurityQuestion>");
    t.equal(set.status, 200, "questions set over ISAPI");

    const { page, clean } = await watchPage(t, browser);
    await openForgotPassword(page, base);
    t.equal(await page.locator("body").getAttribute("data-methods"), "questions qr", "camera-1 (V5.7.17): questions and the QR code, no GUID file");
    t.equal(await page.getByRole("radio", { name: "GUID File" }).count(), 0, "no GUID method offered");
    await page.getByRole("radio", { name: "Security Question" }).check();
    const questions = page.getByRole("region", { name: "Security Question" });
    t.equal(await questions.getByRole("textbox").count(), 3, "one field per chosen question");
    await questions.getByLabel("Your father's name.").fill("Anton");
    await questions.getByLabel("Your junior class teacher's name.").fill("Mrs Berger");
    await questions.getByLabel("Your first pet's name.").fill("rex");
    const flash = camera.flash;
    await setNewPassword(page, NEW);
    await page.getByRole("alert").filter({ hasText: "answers are not correct" }).waitFor();
    t.same(camera.flash, flash, "a wrong answer changes nothing in flash");
    t.equal((await isapiCall(base, DEVICE_INFO, "admin", OLD)).status, 200, "the old password still works");

    await questions.getByLabel("Your first pet's name.").fill("Rex");
    await setNewPassword(page, "abcdefgh");
    await page.getByRole("alert").filter({ hasText: "too weak" }).waitFor();
    t.same(camera.flash, flash, "a weak new password changes nothing");

    await setNewPassword(page, NEW);
    await resetWorked(t, page, base, OLD, NEW);
    t.equal(camera.activated, true, "still activated");
    onlyAdminPasswordChanged(t, flash, camera.flash);

    const legacy = baseUrl(emulator, "legacy-camera-1");
    await openForgotPassword(page, legacy);
    t.match(await page.getByRole("status").first().innerText(), /offers no password recovery over the web/, "V5.2.0: nothing over the web (SADP security code only)");
    t.equal(await page.locator("#reset-form").isHidden(), true);
    clean(t);
  });

  t.test("QR code: the picture decodes to the device's payload; the support key (camera-1) and the e-mailed code (nvr-1) reset the password", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 190, clock);
    const { page, clean } = await watchPage(t, browser);

    // Key mode: camera-1 has no reserved e-mail.
    const camera = deviceOf(emulator, "camera-1");
    await adminPassword(emulator, "camera-1", OLD);
    const cameraBase = baseUrl(emulator, "camera-1");
    await openForgotPassword(page, cameraBase);
    const qr = page.getByRole("region", { name: "QR Code" });
    const payload = await readQr(t, page);
    t.match(payload, /&mode=key$/, "key mode");
    const answer = await emulator.supportDesk.answerQr(payload);
    if (answer.mode !== "key") throw new Error("expected a key");
    const flash = camera.flash;
    await qr.getByLabel("Key").fill("ABCDEFGH");
    await setNewPassword(page, NEW);
    await page.getByRole("alert").filter({ hasText: "code is not correct" }).waitFor();
    t.same(camera.flash, flash, "a wrong key changes nothing");
    await qr.getByLabel("Key").fill(answer.key.toLowerCase());
    await setNewPassword(page, NEW);
    await resetWorked(t, page, cameraBase, OLD, NEW);
    onlyAdminPasswordChanged(t, flash, camera.flash);

    // E-mail mode: nvr-1 with a reserved e-mail.
    const nvr = deviceOf(emulator, "nvr-1");
    await adminPassword(emulator, "nvr-1", OLD);
    const nvrBase = baseUrl(emulator, "nvr-1");
    const mail = await isapiCall(nvrBase, "/ISAPI/Security/email/parameter?format=json", "admin", OLD, "PUT", JSON.stringify({ SecurityEmail: { password: OLD, SecurityInformation: [{ emailAddress: "trainee@lab.example" }] } }));
    t.equal(mail.status, 200, "reserved e-mail set over ISAPI");
    await openForgotPassword(page, nvrBase);
    t.equal(await page.locator("body").getAttribute("data-methods"), "qr guid", "nvr-1 without questions set: QR code and GUID file");
    t.equal(await page.getByRole("radio", { name: "Security Question" }).isDisabled(), true, "questions offered by the firmware but not set: disabled");
    const emailPayload = await readQr(t, page);
    t.match(emailPayload, /&mode=email&mail=/, "e-mail mode");
    const sent = await emulator.supportDesk.answerQr(emailPayload);
    t.equal(sent.mode, "email", "the desk mails the code");
    const message = emulator.outbox.list("trainee@lab.example").at(-1);
    const code = /Verification code: (\S+)/.exec(message?.text ?? "")?.[1];
    t.ok(code, "the code arrived in the outbox");
    const nvrFlash = nvr.flash;
    await page.getByRole("region", { name: "Reserved Email" }).getByLabel("Verification Code").fill(code ?? "");
    await setNewPassword(page, NEW);
    await resetWorked(t, page, nvrBase, OLD, NEW);
    onlyAdminPasswordChanged(t, nvrFlash, nvr.flash);
    clean(t);
  });

  t.test("GUID file: the file exported over ISAPI, imported on the page, sets the new password; the same file a second time is refused", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 191, clock, { subnet: 2 });
    const nvr = deviceOf(emulator, "nvr-1");
    await adminPassword(emulator, "nvr-1", OLD);
    const base = baseUrl(emulator, "nvr-1");
    const exported = await isapiCall(base, "/ISAPI/Security/GUIDFileData", "admin", OLD, "POST", `<LoginPassword><password>${OLD}</password></LoginPassword>`);
    t.equal(exported.status, 200, "GUID file exported over ISAPI");
    const file = { name: "GUID.xml", mimeType: "application/xml", buffer: Buffer.from(exported.body, "utf8") };

    const { page, clean } = await watchPage(t, browser);
    await openForgotPassword(page, base);
    await page.getByRole("radio", { name: "GUID File" }).check();
    const region = page.getByRole("region", { name: "GUID File" });
    await region.getByLabel("GUID File").setInputFiles(file);
    const flash = nvr.flash;
    await setNewPassword(page, NEW);
    await resetWorked(t, page, base, OLD, NEW);
    onlyAdminPasswordChanged(t, flash, nvr.flash, { guidRotated: true });

    await openForgotPassword(page, base);
    await page.getByRole("radio", { name: "GUID File" }).check();
    await region.getByLabel("GUID File").setInputFiles(file);
    const after = nvr.flash;
    await setNewPassword(page, "Third123!z");
    await page.getByRole("alert").filter({ hasText: /GUID file is (not|no longer) valid/ }).waitFor();
    t.same(nvr.flash, after, "a used GUID file changes nothing");
    t.equal((await isapiCall(base, DEVICE_INFO, "admin", NEW)).status, 200, "the password stays the one just set");
    clean(t);
  });
}, t);

/**
 * Picks the QR method and reads the QR <img> the way a phone would: its screenshot, decoded. It
 * must equal exactly the payload the device's GET email/qrCode gave the page.
 */
async function readQr(t: Test, page: Page): Promise<string> {
  const answered = page.waitForResponse((response) => /\/ISAPI\/Security\/email\/qrCode/.test(response.url()));
  await page.getByRole("radio", { name: "Reserved Email / QR Code" }).check();
  const payload = ((await (await answered).json()) as { QRCode: { data: string } }).QRCode.data;
  await page.waitForFunction("(() => { const img = document.getElementById('qr-image'); return img.complete && img.naturalWidth > 0 && img.getAttribute('src') !== null; })()");
  const decoded = decodeQrPng(await page.getByRole("img", { name: "Password reset QR code" }).screenshot());
  t.equal(decoded, payload, "the QR image decodes to exactly the payload of GET email/qrCode");
  t.equal(await page.getByLabel("QR code text").inputValue(), payload, "and the page shows its text for copying");
  return payload;
}
