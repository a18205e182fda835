import { existsSync } from "node:fs";
import type { Test } from "tap";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium package; playwright-core drives it and never downloads a browser of its own. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Why the browser tests cannot run here, or undefined when they can. Under CI=true a missing
 * browser is a failure (.ci/run installs it), never a skip.
 */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium; .ci/run does)`;
}

export async function launchBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--disable-dev-shm-usage"] });
  t.teardown(() => browser.close());
  return browser;
}

export interface OpenedPage {
  readonly page: Page;
  /** Uncaught exceptions of the page's scripts, and console errors when `consoleErrors` is on. */
  readonly errors: string[];
}

/** A fresh page (own storage) at `url`; UI and network waits time out well inside tap's limit. */
export async function openPage(t: Test, browser: Browser, url: string, options: { consoleErrors?: boolean } = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  if (options.consoleErrors ?? true) page.on("console", (message) => message.type() === "error" && errors.push(`console: ${message.text()}`));
  await page.goto(url);
  return { page, errors };
}
