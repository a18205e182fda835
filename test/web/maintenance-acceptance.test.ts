import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { recordEvents } from "../helpers/lifecycle.js";
import { baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { watchPage, withChromium } from "../helpers/web-page.js";
import { activateInPage, logInToSection, pressConfirmed, sadpFields, throughRestart } from "../helpers/web-admin.js";

// Devices of this file: 127.183.0.x.
const PASSWORD = "Hik12345!";
const SECOND = "Abc67890#";

withChromium("web admin: Upgrade & Maintenance in Chromium (issue #12 acceptance)", async (t, browser) => {
  t.test("ACCEPTANCE: activate from the browser, Restore (still active), Default (activation page), Reboot (progress, login page); SADP and ISAPI agree each time", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 183, clock);
    const camera = emulator.fleet.byName("camera-1")!;
    const base = baseUrl(emulator, "camera-1");
    const events = recordEvents(camera.events, ["rebooted", "ready"]);
    const { page, clean } = await watchPage(t, browser, `${base}/`);

    await activateInPage(page, PASSWORD);
    t.equal((await sadpFields(emulator, clock, camera)).get("Activated"), "true", "SADP: activated");
    await logInToSection(page, PASSWORD, "Upgrade & Maintenance");
    for (const label of ["Reboot", "Restore", "Default", "Export", "Import", "Upgrade"]) {
      t.ok(await page.getByRole("main").getByRole("button", { name: label, exact: true }).isVisible(), `a ${label} button`);
    }

    // Cancel changes nothing.
    await page.getByRole("main").getByRole("button", { name: "Default", exact: true }).click();
    await page.getByRole("dialog", { name: "Default" }).getByRole("button", { name: "Cancel" }).click();
    t.equal(await page.getByRole("dialog").count(), 0, "the dialog is gone");
    t.equal(camera.power, "running", "Cancel: no reset");

    // Restore: basic reset, the admin password and activation stay.
    await pressConfirmed(page, "Restore");
    await throughRestart(t, page, emulator, clock, camera, "restore");
    t.equal(await page.locator("body").getAttribute("data-view"), "login-view", "Restore ends on the login page");
    t.match(await page.locator("#notice").innerText(), /restored its settings/);
    t.equal((await sadpFields(emulator, clock, camera)).get("Activated"), "true", "SADP: still activated after Restore");
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", PASSWORD)).status, 200, "Digest with the same password: 200");

    // Default: full reset, back to the activation page.
    await logInToSection(page, PASSWORD, "Upgrade & Maintenance");
    await pressConfirmed(page, "Default");
    await throughRestart(t, page, emulator, clock, camera, "default");
    t.equal(await page.locator("body").getAttribute("data-view"), "activate-view", "Default ends on the activation page");
    t.match(await page.locator("#notice").innerText(), /factory state/);
    t.equal((await sadpFields(emulator, clock, camera)).get("Activated"), "false", "SADP: inactive after Default");
    const refused = await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", PASSWORD);
    t.equal(refused.subStatusCode, "notActivated", "ISAPI refuses as notActivated");
    t.not(refused.status, 200);

    // Activate again, Reboot.
    await activateInPage(page, SECOND);
    await logInToSection(page, SECOND, "Upgrade & Maintenance");
    const rebootsBefore = events.filter(([name]) => name === "rebooted").length;
    await pressConfirmed(page, "Reboot");
    await throughRestart(t, page, emulator, clock, camera, "reboot");
    t.equal(await page.locator("body").getAttribute("data-view"), "login-view", "Reboot ends on the login page");
    t.match(await page.locator("#notice").innerText(), /restarted/);
    t.equal(events.filter(([name]) => name === "rebooted").length, rebootsBefore + 1, "one more reboot");
    t.equal(events.at(-1)?.[0], "ready", "and the device booted");
    t.equal(camera.power, "running");
    t.equal((await sadpFields(emulator, clock, camera)).get("Activated"), "true", "SADP: activated after Reboot");
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", SECOND)).status, 200, "ISAPI works with the password");
    clean(t);
  });
}, t);
