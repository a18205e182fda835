import t from "tap";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsqrModule from "jsqr";
import { PNG } from "pngjs";
import { VirtualClock } from "../../src/emulator/clock.js";
import { sadpMac } from "../../src/util/mac.js";
import { baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { startControl } from "../helpers/control.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { legacyRecorder } from "../helpers/legacy-recorder.js";
import { watchPage, withChromium } from "../helpers/web-page.js";

const STRONG = "Recorder2024!";
/** jsqr is CommonJS with a `default` in its types: the function under either name. */
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { readonly data: string } | null;
const jsQR = ((jsqrModule as unknown as { default?: Decode }).default ?? jsqrModule) as unknown as Decode;

/**
 * The recorder's refusals the page shows (4xx from its /api/devices/<name>/local resources) are
 * expected, as web-page.ts allows for /ISAPI: drop Chromium's line for them, keep every other problem.
 */
function expectedRefusals(problems: string[]): void {
  const refusal = /^console: Failed to load resource: the server responded with a status of 4\d\d .*\(http:\/\/127\.0\.0\.1:\d+\/api\/devices\/[^/]+\/local\/[^)]*\)$/;
  const kept = problems.filter((line) => !refusal.test(line));
  problems.splice(0, problems.length, ...kept);
}

withChromium(
  "recorder local GUI in Chromium",
  async (t, browser) => {
    t.test("the security-code window: a double-click on the login window's lower-left corner; a wrong code refused, the right one resets admin", async (t) => {
      const clock = new VirtualClock();
      const emulator = await startDefaultFleet(t, 193, clock, { profileOf: legacyRecorder });
      const control = await startControl(t, emulator);
      const base = baseUrl(emulator, "nvr-1");
      const lost = "Forgot-123!";
      const change = await isapiCall(base, "/ISAPI/Security/users/1", "admin", "12345", "PUT", `<User><id>1</id><userName>admin</userName><password>${lost}</password><loginPassword>12345</loginPassword></User>`);
      t.equal(change.status, 200, "the password is lost");

      const { page, problems, clean } = await watchPage(t, browser, `${control.url}/recorder/nvr-1`);
      const login = page.getByRole("region", { name: "Login" });
      await login.waitFor();
      t.equal(await page.getByRole("button", { name: "Forgot Password" }).isHidden(), true, "V3.0.18 offers no Forgot Password methods");
      const dialog = page.getByRole("dialog", { name: "Security Code" });
      const box = await login.boundingBox();
      if (!box) throw new Error("the login window has no box");
      await login.dblclick({ position: { x: box.width - 5, y: 5 } });
      t.equal(await dialog.isVisible(), false, "another corner opens nothing");
      await login.dblclick({ position: { x: 5, y: box.height - 5 } });
      await dialog.waitFor();
      const serial = await page.locator("#sc-serial").innerText();
      const date = await page.locator("#sc-date").innerText();
      const nvr = deviceOf(emulator, "nvr-1");
      t.equal(serial, nvr.identity.serial, "the window shows the serial number");
      t.equal(date, nvr.recovery.securityCode.currentDate(nvr.flash), "and the device's date the code is computed from");

      const retries = nvr.accounts.lockStatus("local", "admin").retriesLeft;
      await dialog.getByLabel("Security Code").fill("QRSqrd");
      await dialog.getByRole("button", { name: "Reset" }).click();
      await dialog.getByRole("alert").filter({ hasText: "Wrong code" }).waitFor();
      t.equal(nvr.accounts.lockStatus("local", "admin").retriesLeft, retries - 1, "the wrong code counted toward the local lockout");
      t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", lost)).status, 200, "and changed nothing");

      await dialog.getByLabel("Security Code").fill(emulator.supportDesk.securityCode(serial, date));
      await dialog.getByRole("button", { name: "Reset" }).click();
      await login.getByRole("alert").filter({ hasText: "restored to the default (12345)" }).waitFor();
      t.equal(await dialog.isVisible(), false, "the window closed");
      t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", "12345")).status, 200, "admin / 12345 works over Digest");
      t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", lost)).status, 401, "the lost password does not");

      // The keyboard way to the same window: Tab from the login form to the corner, Enter.
      await login.getByRole("button", { name: "Login" }).focus();
      const corner = login.getByRole("button", { name: "Security code" });
      for (let i = 0; i < 5 && !(await corner.evaluate((el) => el.matches(":focus"))); i++) await page.keyboard.press("Tab");
      t.equal(await corner.evaluate((el) => el.matches(":focus")), true, "Tab reaches the corner's button");
      await page.keyboard.press("Enter");
      await dialog.waitFor();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });

      await login.getByLabel("Password", { exact: true }).fill("12345");
      await login.getByRole("button", { name: "Login" }).click();
      await page.getByRole("region", { name: "Live View" }).waitFor();
      t.match(await page.locator("#desktop-user").innerText(), "Logged in as admin");
      expectedRefusals(problems);
      clean(t);
    });

    t.test("a factory-new recorder: the activation screen shows the device's refusal, then activates it", async (t) => {
      const clock = new VirtualClock();
      const emulator = await startDefaultFleet(t, 193, clock, { subnet: 1 });
      const control = await startControl(t, emulator);
      const nvr = deviceOf(emulator, "nvr-1");
      const { page, problems, clean } = await watchPage(t, browser, `${control.url}/recorder/nvr-1`);
      const activation = page.getByRole("region", { name: "Activation" });
      await activation.waitFor();
      await activation.getByLabel("Create New Password").fill("abcdefgh");
      t.equal(await activation.locator("#act-meter-label").innerText(), "Risky", "the strength meter");
      await activation.getByLabel("Confirm New Password").fill("abcdefgh");
      await activation.getByRole("button", { name: "OK" }).click();
      await activation.getByRole("alert").filter({ hasText: "Risk password" }).waitFor();
      t.equal(nvr.activated, false, "the weak password left it inactive");

      await activation.getByLabel("Create New Password").fill(STRONG);
      await activation.getByLabel("Confirm New Password").fill(STRONG);
      await activation.getByRole("button", { name: "OK" }).click();
      const login = page.getByRole("region", { name: "Login" });
      await login.getByRole("alert").filter({ hasText: "Activated" }).waitFor();
      await emulator.http.settled();
      const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock });
      t.equal(sadp.byMac.get(sadpMac(nvr.identity.mac))?.get("Activated"), "true", "SADP: active");
      t.equal((await isapiCall(baseUrl(emulator, "nvr-1"), "/ISAPI/System/deviceInfo", "admin", STRONG)).status, 200, "ISAPI: the password set on the monitor");
      expectedRefusals(problems);
      clean(t);
    });

    t.test("Forgot Password: GUID file import, and the QR code as a scannable image", async (t) => {
      const clock = new VirtualClock();
      const emulator = await startDefaultFleet(t, 193, clock, { subnet: 2 });
      const control = await startControl(t, emulator);
      const nvr = deviceOf(emulator, "nvr-1");
      const base = baseUrl(emulator, "nvr-1");
      await nvr.activate(STRONG, "test");
      const exported = await isapiCall(base, "/ISAPI/Security/GUIDFileData", "admin", STRONG, "POST", `<LoginPassword><password>${STRONG}</password></LoginPassword>`);
      t.equal(exported.status, 200, "the admin exported a GUID file earlier");
      const folder = mkdtempSync(join(tmpdir(), "hikemu-guid-"));
      const file = join(folder, "GUID_nvr.xml");
      writeFileSync(file, exported.body);

      const { page, problems, clean } = await watchPage(t, browser, `${control.url}/recorder/nvr-1`);
      await page.getByRole("region", { name: "Login" }).waitFor();
      await page.getByRole("button", { name: "Forgot Password" }).click();
      const forgot = page.getByRole("dialog", { name: "Forgot Password" });
      await forgot.getByLabel("Import GUID File").check();
      await forgot.getByLabel("GUID File", { exact: true }).setInputFiles(file);
      await forgot.getByLabel("New Password").fill("Guid-reset-24");
      await forgot.getByLabel("Confirm Password").fill("Guid-reset-24");
      await forgot.getByRole("button", { name: "OK" }).click();
      await page.getByRole("region", { name: "Login" }).getByRole("alert").filter({ hasText: "password was reset" }).waitFor();
      t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", "Guid-reset-24")).status, 200, "the new password works over Digest");
      t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", STRONG)).status, 401, "the old one does not");

      await page.getByRole("button", { name: "Forgot Password" }).click();
      await forgot.getByLabel("Verify by QR Code").check();
      const image = forgot.getByRole("img", { name: "QR code" });
      await image.locator("svg").waitFor();
      const png = PNG.sync.read(await image.screenshot());
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      const payload = await image.getAttribute("data-payload");
      t.ok(payload?.startsWith("hikemu-qr:1?"), "the challenge payload");
      t.equal(decoded?.data, payload, "the image scans to the payload");
      const answer = await emulator.supportDesk.answerQr(decoded?.data ?? "");
      await forgot.getByLabel("Verification Code").fill(answer.mode === "key" ? answer.key : "");
      await forgot.getByLabel("New Password").fill("Qr-reset-2024");
      await forgot.getByLabel("Confirm Password").fill("Qr-reset-2024");
      await forgot.getByRole("button", { name: "OK" }).click();
      await page.getByRole("region", { name: "Login" }).getByRole("alert").filter({ hasText: "password was reset" }).waitFor();
      t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", "Qr-reset-2024")).status, 200, "the QR key reset works over Digest");
      expectedRefusals(problems);
      clean(t);
    });
  },
  t,
);
