import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { watchPage, withChromium } from "../helpers/web-page.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { sadpFields } from "../helpers/web-admin.js";

withChromium("web admin: activation and login in Chromium", async (t, browser) => {
  t.test("a factory-new camera shows the activation page; a weak password is refused; a good one activates; login reaches Configuration", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 182, clock);
    const camera = emulator.fleet.byName("camera-1")!;
    const base = baseUrl(emulator, "camera-1");
    const { page, clean } = await watchPage(t, browser, `${base}/`);
    await page.waitForURL(/\/doc\/page\/login\.asp/);
    await page.locator("body[data-ready=true]").waitFor();
    t.equal(await page.locator("body").getAttribute("data-view"), "activate-view", "factory-new: the activation form");

    const activation = page.getByRole("region", { name: "Activation" });
    await activation.getByLabel("Password", { exact: true }).fill("abcdefgh");
    t.equal(await page.locator("#strength-label").innerText(), "Risky", "one kind of character: risky");
    await activation.getByLabel("Confirm").fill("abcdefgh");
    await activation.getByRole("button", { name: "OK" }).click();
    await page.locator("#activate-message", { hasText: "too weak" }).waitFor();
    t.equal(camera.activated, false, "the device stays inactive");
    t.equal((await sadpFields(emulator, clock, camera)).get("Activated"), "false", "SADP: still inactive");
    const inactive = await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", "abcdefgh");
    t.equal(inactive.subStatusCode, "notActivated", "ISAPI with Digest: notActivated");
    t.not(inactive.status, 200, "and refuses the request");

    await activation.getByLabel("Password", { exact: true }).fill("Hik12345!");
    t.equal(await page.locator("#strength-label").innerText(), "Strong");
    await activation.getByLabel("Confirm").fill("Hik12345!");
    await activation.getByRole("button", { name: "OK" }).click();
    await page.locator("body[data-view=login-view]").waitFor();
    t.equal(camera.activated, true, "activated");

    const login = page.getByRole("region", { name: "Login" });
    await login.getByLabel("User Name").fill("admin");
    await login.getByLabel("Password").fill("Hik12345!");
    await login.getByRole("button", { name: "Login" }).click();
    await page.waitForURL(/config\.asp/);
    await page.locator("#content[data-ready=true]").waitFor();
    t.equal(await page.locator('[data-field="model"]').innerText(), camera.profile.model, "the configuration shows deviceInfo");
    const info = await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", "Hik12345!");
    t.equal(info.status, 200, "and Digest agrees with the new password");
    clean(t);
  });
}, t);
