import t from "tap";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { VirtualClock } from "../../src/emulator/clock.js";
import { sadpMac } from "../../src/util/mac.js";
import { baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { startControl } from "../helpers/control.js";
import { browserMissing, launchBrowser, openPage } from "../helpers/browser.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { tryConnect } from "../helpers/sockets.js";

/** Waits (UI polling, no device time) until the device's row shows `value` for `field`. */
function rowShows(page: Page, device: string, field: "power" | "activated" | "led" | "button", value: string): Promise<void> {
  return page.locator(`#fleet-body tr[data-device="${device}"][data-${field}="${value}"]`).waitFor();
}

const missing = browserMissing();
if (missing && process.env.CI === "true") {
  t.fail(`the lab console's browser test cannot run: ${missing}`);
} else {
  t.test("lab console in Chromium", { skip: missing ?? false }, async (t) => {
    const browser = await launchBrowser(t);
    const shots = process.env.HIKEMU_SCREENSHOTS;

    t.test("lists the fleet, switches power, and does a power-on reset with the mouse held on the reset button", async (t) => {
      const clock = new VirtualClock();
      const emulator = await startDefaultFleet(t, 84, clock);
      const control = await startControl(t, emulator);
      const camera = emulator.fleet.byName("camera-1")!;
      const { address, httpPort } = camera.serving;
      const { page, errors } = await openPage(t, browser, `${control.url}/`);

      const rows = page.locator("#fleet-body tr[data-device]");
      await page.locator("#link[data-state=live]").waitFor();
      t.same(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-device"))), ["camera-1", "legacy-camera-1", "nvr-1"], "one row per device, in fleet order");
      const row = page.locator('#fleet-body tr[data-device="camera-1"]');
      await rowShows(page, "camera-1", "button", "up");
      const cells = await row.getByRole("cell").allInnerTexts();
      t.match(cells.slice(0, 6), [/^camera-1\s+serves 127\.84\.0\.10:\d+$/, /^DS-2CD2146G2-ISU\s+ipc$/, camera.network.ipv4, /^running/, "no", "steady"], "name, model, IP, power, activated, LED");
      t.equal(await page.locator("#clock-mode").innerText(), "virtual clock");
      await page.locator(`#clock-now[data-epoch-ms="${clock.now()}"]`).waitFor();
      t.equal(await page.locator("#clock-now").innerText(), "12:00:00", "the clock panel shows device time");

      await camera.activate("Hik12345!", "test");
      await rowShows(page, "camera-1", "activated", "true");
      t.equal(await row.locator("td").nth(4).innerText(), "yes", "activation shows from the event stream");

      const power = row.getByRole("switch", { name: "Power of camera-1" });
      t.equal(await power.getAttribute("aria-checked"), "true");
      await power.click();
      await rowShows(page, "camera-1", "power", "off");
      await rowShows(page, "camera-1", "led", "off");
      t.equal(await power.getAttribute("aria-checked"), "false", "the switch shows off");
      t.equal(await row.locator(".led").innerText(), "off", "and so does the LED");
      t.equal(camera.power, "off", "the core agrees");
      await emulator.http.settled();
      t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "connections are refused");

      // The documented procedure: press and hold, power on, keep holding holdSeconds, let go.
      const { holdSeconds } = camera.profile.resetButton;
      t.equal(holdSeconds, 10, "the +10 s control covers the hold");
      const reset = row.getByRole("button", { name: "Hold to reset camera-1" });
      await reset.hover();
      await page.mouse.down();
      await rowShows(page, "camera-1", "button", "held");
      t.equal(await reset.getAttribute("aria-pressed"), "true", "the button shows held");
      t.ok(camera.button.pressed, "the core holds the button");
      await page.keyboard.press("p");
      await rowShows(page, "camera-1", "power", "booting");
      t.equal(camera.power, "booting", "switched on with the button held");
      await page.locator(".ircut", { hasText: "clicked" }).first().waitFor();
      t.equal(await row.locator(".held").innerText(), "0.0 s / 10 s", "no device time has passed yet");

      await page.keyboard.press("a"); // the clock panel's +10 s, while the mouse is still down
      await rowShows(page, "camera-1", "led", "flashing");
      t.equal(await row.locator(".held").innerText(), "10.0 s / 10 s", "the hold counted device time");
      t.equal(camera.led, "flashing", "the core reset: its light flashes");
      if (shots) await page.screenshot({ path: join(shots, "console-hold.png"), fullPage: true });
      await page.mouse.up();
      await row.locator(".held", { hasText: "held 10.0 s" }).waitFor();
      await rowShows(page, "camera-1", "button", "up");
      await rowShows(page, "camera-1", "activated", "false");
      t.equal(await reset.getAttribute("aria-pressed"), "false", "released after the hold");
      t.notOk(camera.button.pressed, "the core let go");
      t.equal(camera.activated, false, "the core is factory-new again");
      await page.locator("#log li[data-type=reset][data-device=camera-1]").waitFor();

      // Let it reboot with the panel's own custom advance.
      await page.getByLabel("seconds").fill("120");
      await page.getByRole("button", { name: "Advance", exact: true }).click();
      await rowShows(page, "camera-1", "power", "running");
      await rowShows(page, "camera-1", "led", "steady");
      await page.locator(`#clock-now[data-epoch-ms="${clock.now()}"]`).waitFor();
      t.equal(await page.locator("#clock-now").innerText(), "12:02:10", "the clock panel follows the advances (10 s, then 120 s)");
      await emulator.http.settled();
      const status = await fetch(`${baseUrl(emulator, "camera-1")}/SDK/activateStatus`);
      t.match(await status.text(), "<Activated>false</Activated>", "ISAPI: inactive");
      const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock });
      t.equal(sadp.byMac.get(sadpMac(camera.identity.mac))?.get("Activated"), "false", "SADP: inactive");
      t.equal(await row.locator("td").nth(4).innerText(), "no", "the page shows it inactive");
      if (shots) await page.screenshot({ path: join(shots, "console-after.png"), fullPage: true });
      t.same(errors, [], "no script or console errors");
    });

    t.test("with a token: asks for it, or takes it from the address fragment", async (t) => {
      const clock = new VirtualClock();
      const emulator = await startDefaultFleet(t, 85, clock);
      const control = await startControl(t, emulator, "lab-token-72");

      const asked = await openPage(t, browser, `${control.url}/`, { consoleErrors: false });
      await asked.page.getByRole("heading", { name: "Control token" }).waitFor();
      await asked.page.getByRole("textbox", { name: "Token" }).fill("lab-token-72");
      await asked.page.getByRole("button", { name: "Use token" }).click();
      await asked.page.locator("#link[data-state=live]").waitFor();
      t.equal(await asked.page.locator("#fleet-body tr[data-device]").count(), 3, "the fleet, once the token is given");
      t.ok(await asked.page.locator("#token").isHidden(), "the token panel is gone");

      const given = await openPage(t, browser, `${control.url}/#token=lab-token-72`);
      await given.page.locator("#link[data-state=live]").waitFor();
      t.equal(await given.page.locator("#fleet-body tr[data-device]").count(), 3, "the fleet, with the token from the fragment");
      t.equal(new URL(given.page.url()).hash, "", "the token left the address bar");
      await given.page.locator('#fleet-body tr[data-device="nvr-1"]').getByRole("switch").click();
      await rowShows(given.page, "nvr-1", "power", "off");
      t.equal(emulator.fleet.byName("nvr-1")!.power, "off", "changes carry the token");
      t.same([...asked.errors, ...given.errors], [], "no script or console errors");
    });

    t.test("a page that goes away while holding a reset button lets go of it", async (t) => {
      const clock = new VirtualClock();
      const emulator = await startDefaultFleet(t, 87, clock);
      const control = await startControl(t, emulator, "lab-token-87");
      const nvr = emulator.fleet.byName("nvr-1")!;
      const { page, errors } = await openPage(t, browser, `${control.url}/#token=lab-token-87`);
      await page.locator("#link[data-state=live]").waitFor();
      await rowShows(page, "nvr-1", "button", "up");
      await page.locator('#fleet-body tr[data-device="nvr-1"]').getByRole("button", { name: "Hold to reset nvr-1" }).hover();
      await page.mouse.down();
      await rowShows(page, "nvr-1", "button", "held");
      t.ok(nvr.button.pressed, "held from the page");
      const released = new Promise<unknown>((resolve) => nvr.events.on("button", (e) => e.action === "released" && resolve(e)));
      await page.goto("about:blank");
      t.match(await released, { action: "released" }, "the page's last act is a release, token and all");
      t.equal(nvr.button.pressed, false, "no button stays held by nobody");
      t.same(errors, [], "no script or console errors");
    });
  });
}
