import type { Test } from "tap";
import type { Browser, Page } from "playwright-core";
import { browserMissing, launchBrowser } from "./browser.js";

/**
 * A device web page under watch (issue #12: the tests fail on any console error or failed
 * request). Counted as problems: uncaught page errors; console errors; requests that failed on
 * the network; replies 5xx; a 404 for a page asset. Not counted, since the page shows them as the
 * device's answers: Chromium's "Failed to load resource … status of 4xx" line for a device API
 * call (`/ISAPI`, `/SDK`) the test expects to be refused, and the failures of the page's
 * reconnection probe (`reconnect=1`) while the device is down on purpose, and requests a
 * navigation aborted.
 */
export interface WatchedPage {
  readonly page: Page;
  readonly problems: string[];
  /** Asserts no problem was seen so far (call at the end of each test). */
  clean(t: Test, what?: string): void;
}

const DEVICE_API = /\/(ISAPI|SDK)\//i;
const RECONNECT_PROBE = /[?&]reconnect=1/;

export async function watchPage(t: Test, browser: Browser, url?: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    const source = message.location().url;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text) && DEVICE_API.test(source)) return;
    if (RECONNECT_PROBE.test(source)) return;
    problems.push(`console: ${text} (${source})`);
  });
  page.on("requestfailed", (request) => {
    const failure = request.failure()?.errorText ?? "";
    if (RECONNECT_PROBE.test(request.url()) || failure === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  page.on("response", (response) => {
    const status = response.status();
    if (status >= 500) problems.push(`HTTP ${status}: ${response.url()}`);
    else if (status === 404 && !DEVICE_API.test(response.url())) problems.push(`missing: ${response.url()}`);
  });
  if (url) await page.goto(url);
  return {
    page,
    problems,
    clean: (t, what = "no console error, failed request or server error on the page") => t.same(problems, [], what),
  };
}

/**
 * Runs `body` with a Chromium, or fails (under CI=true, where .ci/run installs it) or skips
 * (a developer machine without it) with the reason.
 */
export function withChromium(name: string, body: (t: Test, browser: Browser) => Promise<void>, tap: Test): void {
  const missing = browserMissing();
  if (missing && process.env.CI === "true") {
    tap.fail(`${name} cannot run: ${missing}`);
    return;
  }
  tap.test(name, { skip: missing ?? false }, async (t) => {
    const browser = await launchBrowser(t);
    await body(t, browser);
  });
}
