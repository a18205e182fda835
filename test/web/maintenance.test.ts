import { readFileSync } from "node:fs";
import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { encodeFirmwarePackage, firmwarePayload, type FirmwareManifest } from "../../src/firmware/package.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { recordEvents } from "../helpers/lifecycle.js";
import { watchPage, withChromium } from "../helpers/web-page.js";
import { logInToSection, pressConfirmed, throughRestart } from "../helpers/web-admin.js";

// Devices of this file: 127.184.0.x.
const PASSWORD = "Hik12345!";
const pkg = (manifest: FirmwareManifest) => encodeFirmwarePackage(manifest, firmwarePayload(manifest), {});
const element = (body: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];

withChromium("web admin: log search, configuration export/import and firmware upgrade in Chromium", async (t, browser) => {
  t.test("the log page shows what the device log holds; export downloads a file that imports back; a garbage firmware is refused, a real one upgrades", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 184, clock);
    const camera = emulator.fleet.byName("camera-1")!;
    const base = baseUrl(emulator, "camera-1");
    await adminPassword(emulator, "camera-1", PASSWORD);
    const events = recordEvents(camera.events, ["firmwareRefused", "firmwareUpgraded", "configurationExported", "configurationImported"]);
    const { page, clean } = await watchPage(t, browser, `${base}/`);

    // Log: the login just done is there, row for row as the device's log has it.
    await logInToSection(page, PASSWORD, "Log");
    const form = page.getByRole("form", { name: "Log search" });
    const today = element((await isapiCall(base, "/ISAPI/System/time", "admin", PASSWORD)).body, "localTime")!.slice(0, 10);
    t.match(await form.getByLabel("Start Time").inputValue(), new RegExp(`^${today}T00:00(:00)?$`), "today on the device's own clock, from midnight");
    t.match(await form.getByLabel("End Time").inputValue(), new RegExp(`^${today}T23:59:59$`), "to the day's end");
    await form.getByRole("button", { name: "Search" }).click();
    await page.locator(".log-results[data-searched=true]").waitFor();
    const all = camera.deviceLog.search({ types: [], position: 0, max: 2000 });
    const rows = page.locator("#log-table tbody tr");
    t.equal(await rows.count(), all.total, "one row per entry of the device log");
    const logins = rows.filter({ has: page.locator('[data-column=minor]', { hasText: /^remoteLogin$/ }) });
    t.ok((await logins.count()) >= 1, "the browser's login is listed");
    t.equal(await logins.first().locator("[data-column=user]").innerText(), "admin");
    t.equal(await logins.first().locator("[data-column=major]").innerText(), "Operation");
    t.equal(await logins.first().locator("[data-column=ip]").innerText(), "127.0.0.1", "from the browser's address");
    await form.getByLabel("Major Type").selectOption({ label: "Exception" });
    await form.getByRole("button", { name: "Search" }).click();
    await page.locator(".log-results[data-searched=true]").waitFor();
    const exceptions = camera.deviceLog.search({ types: [{ major: "Exception" }], position: 0, max: 2000 }).total;
    t.equal(await rows.count(), exceptions, "Exception only: as many rows as the device has");
    if (exceptions === 0) t.equal(await page.locator("#log-summary").innerText(), "No matching log entries.");

    // Configuration export (with a key) downloads the device's file.
    await page.getByRole("navigation", { name: "Configuration" }).getByRole("link", { name: "Upgrade & Maintenance" }).click();
    await page.locator("#content[data-ready=true]").getByRole("heading", { name: "Upgrade & Maintenance", level: 1 }).waitFor();
    const main = page.getByRole("main");
    await main.getByLabel("Encryption Key").fill("Mine#1");
    const [download] = await Promise.all([page.waitForEvent("download"), main.getByRole("button", { name: "Export", exact: true }).click()]);
    t.equal(download.suggestedFilename(), "devCfg.bin", "the device's file name");
    const file = readFileSync((await download.path())!);
    t.ok(file.length > 64, "a configuration file came down");
    t.equal(events.filter(([name]) => name === "configurationExported").length, 1, "the device exported once");
    const lockPath = "/ISAPI/Security/illegalLoginLock";
    const before = element((await isapiCall(base, lockPath, "admin", PASSWORD)).body, "maxIllegalLoginTimes");
    const changed = await isapiCall(base, lockPath, "admin", PASSWORD, "PUT", "<IllegalLoginLock><maxIllegalLoginTimes>4</maxIllegalLoginTimes></IllegalLoginLock>");
    t.equal(changed.status, 200, "a setting changed after the export");
    t.not(before, "4");

    // Import the file back: the device restarts into it.
    await main.getByLabel("Configuration File").setInputFiles({ name: "devCfg.bin", mimeType: "application/octet-stream", buffer: file });
    await pressConfirmed(page, "Import");
    await throughRestart(t, page, emulator, clock, camera, "reboot");
    t.equal(events.filter(([name]) => name === "configurationImported").length, 1, "imported");
    t.equal(element((await isapiCall(base, lockPath, "admin", PASSWORD)).body, "maxIllegalLoginTimes"), before, "the setting is back as exported");

    // A garbage firmware file: the device's refusal shows; nothing changes.
    await logInToSection(page, PASSWORD, "Upgrade & Maintenance");
    await main.getByLabel("Firmware File").setInputFiles({ name: "digicap.dav", mimeType: "application/octet-stream", buffer: Buffer.from("not a firmware package at all") });
    await pressConfirmed(page, "Upgrade");
    const alert = page.locator("#maintenance-message");
    await alert.filter({ hasText: /refused/ }).waitFor();
    t.match(await alert.innerText(), /fileFormatError|fileContentError/, "the device's subStatusCode is shown");
    t.equal(await alert.getAttribute("role"), "alert");
    t.equal(events.filter(([name]) => name === "firmwareRefused").length, 1, "the device refused it");
    t.equal(camera.power, "running", "no restart");
    t.equal(camera.profile.firmware.version, "V5.7.17", "the firmware stays");

    // A real package: upgrade progress from upgradeStatus, then the restart.
    await main.getByLabel("Firmware File").setInputFiles({ name: "digicap.dav", mimeType: "application/octet-stream", buffer: pkg({ model: camera.profile.model, version: "V5.7.18", build: "240826" }) });
    await pressConfirmed(page, "Upgrade");
    const progress = page.locator(".restart-progress[data-phase=upgrading]");
    await progress.filter({ hasText: /Upgrading… 0 %/ }).waitFor();
    const seconds = camera.profile.upgradeSeconds;
    await clock.advance((seconds * 1000) / 2);
    await progress.filter({ hasText: /Upgrading… 50 %/ }).waitFor();
    t.equal(await progress.locator("progress").getAttribute("value"), "50", "the bar follows upgradeStatus");
    await clock.advance((seconds * 1000) / 2);
    await throughRestart(t, page, emulator, clock, camera, "reboot");
    t.equal(events.filter(([name]) => name === "firmwareUpgraded").length, 1, "upgraded");
    const info = await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", PASSWORD);
    t.equal(element(info.body, "firmwareVersion"), "V5.7.18", "deviceInfo names the new firmware");
    clean(t);
  });

  t.test("firmware without activation (V5.2): Default says the factory password comes back, and it does", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 184, clock, { subnet: 1 });
    const camera = emulator.fleet.byName("legacy-camera-1")!;
    const base = baseUrl(emulator, "legacy-camera-1");
    const factory = camera.profile.activation.mode === "none" ? camera.profile.activation.factoryPassword : "";
    const changed = "Lab12345!";
    const change = await isapiCall(base, "/ISAPI/Security/users/1", "admin", factory, "PUT", `<User><id>1</id><userName>admin</userName><password>${changed}</password></User>`);
    t.equal(change.status, 200, "the admin password is changed first");
    const { page, clean } = await watchPage(t, browser, `${base}/`);
    await logInToSection(page, changed, "Upgrade & Maintenance");
    t.match(await page.getByRole("main").innerText(), /the admin password goes back to the factory default/, "the Default row says what this firmware does");
    t.notMatch(await page.getByRole("main").innerText(), /activated again/);
    await page.getByRole("main").getByRole("button", { name: "Default", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Default" });
    t.match(await dialog.innerText(), /factory default password/, "and so does its confirmation");
    await dialog.getByRole("button", { name: "OK" }).click();
    await throughRestart(t, page, emulator, clock, camera, "default");
    t.equal(await page.locator("body").getAttribute("data-view"), "login-view", "the login page, not an activation page");
    t.match(await page.locator("#notice").innerText(), /factory default password/);
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", factory)).status, 200, "the factory password works over Digest");
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", changed)).status, 401, "the changed one does not");
    clean(t);
  });
}, t);
