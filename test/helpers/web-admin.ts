import type { Test } from "tap";
import type { Page } from "playwright-core";
import type { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { sadpMac } from "../../src/util/mac.js";
import { sadpProbe } from "./sadp-client.js";

/** Activates a factory-new device from the login page's activation view; ends on the login view. */
export async function activateInPage(page: Page, password: string): Promise<void> {
  await page.locator("body[data-ready=true][data-view=activate-view]").waitFor();
  const activation = page.getByRole("region", { name: "Activation" });
  await activation.getByLabel("Password", { exact: true }).fill(password);
  await activation.getByLabel("Confirm").fill(password);
  await activation.getByRole("button", { name: "OK" }).click();
  await page.locator("body[data-view=login-view]").waitFor();
}

/** Logs in from the login view and opens Configuration → `section`. */
export async function logInToSection(page: Page, password: string, section: string): Promise<void> {
  await page.locator("body[data-ready=true][data-view=login-view]").waitFor();
  const login = page.getByRole("region", { name: "Login" });
  await login.getByLabel("User Name").fill("admin");
  await login.getByLabel("Password").fill(password);
  await login.getByRole("button", { name: "Login" }).click();
  await page.waitForURL(/config\.asp/);
  await page.locator("#content[data-ready=true]").waitFor();
  await skipRecoveryOffer(page);
  await page.getByRole("navigation", { name: "Configuration" }).getByRole("link", { name: section, exact: true }).click();
  await page.locator("#content[data-ready=true]").getByRole("heading", { name: section, level: 1, exact: true }).waitFor();
}

/**
 * The first login after a browser activation offers the password-recovery setup in a dialog
 * (config/recovery-setup.js): Skip it where it shows.
 */
export async function skipRecoveryOffer(page: Page): Promise<void> {
  await page.locator("body[data-offer=open], body[data-offer=done]").waitFor();
  if ((await page.locator("body").getAttribute("data-offer")) !== "open") return;
  await page.getByRole("dialog", { name: "Password Recovery" }).getByRole("button", { name: "Skip" }).click();
  await page.locator("body[data-offer=done]").waitFor();
}

/** Presses the button and OK in its confirmation dialog. */
export async function pressConfirmed(page: Page, label: string): Promise<void> {
  await page.getByRole("main").getByRole("button", { name: label, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: label });
  await dialog.waitFor();
  await dialog.getByRole("button", { name: "OK" }).click();
}

/**
 * Follows a restart the page started: waits until the page saw the device down (its progress
 * shows), boots the device on the virtual clock, and waits for the login page with `reason`.
 */
export async function throughRestart(t: Test, page: Page, emulator: RunningEmulator, clock: VirtualClock, device: Device, reason: string): Promise<void> {
  const progress = page.locator(".restart-progress[data-phase=down]");
  await progress.waitFor();
  t.ok(await progress.locator("progress").isVisible(), "a progress bar shows while the device is down");
  t.equal(await progress.getAttribute("role"), "status", "the progress text is a status region");
  t.not(device.power, "running", "the device is down meanwhile");
  await clock.advance(device.readyAt - clock.now());
  await emulator.http.settled();
  await page.waitForURL(new RegExp(`login\\.asp\\?reason=${reason}`));
  await page.locator("body[data-ready=true]").waitFor();
}

/** SADP's answer for one device (§1.2). */
export async function sadpFields(emulator: RunningEmulator, clock: VirtualClock, device: Device): Promise<Map<string, string>> {
  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length, clock });
  const fields = replies.byMac.get(sadpMac(device.identity.mac));
  if (!fields) throw new Error(`${device.name} did not answer SADP`);
  return fields;
}
