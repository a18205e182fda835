import t from "tap";
import type { Page } from "playwright-core";
import { VirtualClock } from "../../src/emulator/clock.js";
import { baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { watchPage, withChromium } from "../helpers/web-page.js";
import { isapiCall } from "../helpers/isapi-call.js";

// legacy-camera-1: DS-2CD2532F-IWS V5.2.0, no session login (hik-protocols.md §2.4 step 7),
// active from the factory as admin / 12345.
const FACTORY_PASSWORD = "12345";

async function submitLogin(page: Page, user: string, password: string): Promise<void> {
  const login = page.getByRole("region", { name: "Login" });
  await login.getByLabel("User Name").fill(user);
  await login.getByLabel("Password").fill(password);
  await login.getByRole("button", { name: "Login" }).click();
}

async function openSection(page: Page, title: string, id: string): Promise<void> {
  await page.getByRole("navigation", { name: "Configuration" }).getByRole("link", { name: title, exact: true }).click();
  await page.locator(`#content[data-section=${id}][data-ready=true]`).waitFor();
}

const storedSession = (page: Page) => page.evaluate("sessionStorage.getItem(\"hikemu.session\")") as Promise<string | null>;

withChromium("web admin on firmware without the session login (Digest from the page)", async (t, browser) => {
  t.test("V5.2 camera: login view, refusal, Digest login, Configuration, nonce renewal, logout", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 198, clock);
    const camera = emulator.fleet.byName("legacy-camera-1")!;
    t.equal(camera.profile.security.session.supported, false, "the profile has no session login");
    const base = baseUrl(emulator, "legacy-camera-1");
    const { page, clean } = await watchPage(t, browser, `${base}/`);
    await page.waitForURL(/\/doc\/page\/login\.asp/);
    await page.locator("body[data-ready=true]").waitFor();
    t.equal(await page.locator("body").getAttribute("data-view"), "login-view", "no activation on V5.2: the login form");

    await submitLogin(page, "admin", "wrong-pass");
    await page.locator("#login-message", { hasText: "Incorrect user name or password" }).waitFor();
    t.equal(await storedSession(page), null, "a refused login keeps nothing in the tab");
    t.equal(await page.locator("#login-button").isDisabled(), false, "the form can be sent again");
    const { adminAttempts } = camera.profile.lockout;
    t.equal(camera.accounts.lockStatus("127.0.0.1", "admin").retriesLeft, adminAttempts - 1, "the refused login counted once on the device");

    await submitLogin(page, "admin", FACTORY_PASSWORD);
    await page.waitForURL(/config\.asp/);
    await page.locator("#content[data-section=basicInformation][data-ready=true]").waitFor();
    t.equal(await page.locator("#content h1").innerText(), "Basic Information");
    t.equal(await page.locator('[data-field="model"]').innerText(), "DS-2CD2532F-IWS", "the model, read over Digest");
    const stored = JSON.parse((await storedSession(page)) ?? "{}") as { user: string; auth?: { scheme: string; realm: string; algorithm: string } };
    t.equal(stored.user, "admin");
    t.equal(stored.auth?.scheme, "digest", "the page signs with Digest");
    t.equal(stored.auth?.realm, camera.identity.realm, "the device's realm");
    t.notMatch(JSON.stringify(stored), new RegExp(`"${FACTORY_PASSWORD}"`), "the tab keeps HA1, not the password");

    await openSection(page, "User Management", "user");
    t.ok(await page.locator('tr[data-user="admin"]').isVisible(), "User Management lists admin");

    // Past the nonce lifetime the device answers stale=TRUE; the page signs again without a login.
    const nonceOf = async () => (JSON.parse((await storedSession(page)) ?? "{}") as { auth?: { nonce: string } }).auth?.nonce;
    const oldNonce = await nonceOf();
    await clock.advance((camera.profile.isapi.nonceLifetimeSeconds + 1) * 1000);
    await openSection(page, "Basic Information", "basicInformation");
    t.not(await nonceOf(), oldNonce, "the page took the stale challenge's new nonce");
    t.equal(await page.locator('[data-field="model"]').innerText(), "DS-2CD2532F-IWS", "still logged in after the nonce went stale");
    t.match(page.url(), /config\.asp/);

    await page.getByRole("button", { name: "Logout" }).click();
    await page.waitForURL(/login\.asp\?reason=loggedOut/);
    await page.locator("body[data-ready=true]").waitFor();
    t.equal(await storedSession(page), null, "logout forgets the credentials");
    const after = await page.evaluate(async () => {
      const { isapi } = (await import("/doc/script/isapi.js" as string)) as { isapi: (m: string, p: string, o?: object) => Promise<{ status: number }> };
      return isapi("GET", "/ISAPI/System/deviceInfo").then(
        (reply) => reply.status,
        (error: { status: number }) => error.status,
      );
    });
    t.equal(after, 401, "a later ISAPI call of the page is refused");
    await page.goto(`${base}/doc/page/config.asp`);
    await page.waitForURL(/login\.asp/);
    await page.locator("body[data-view=login-view]").waitFor();
    t.pass("Configuration needs a new login");

    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", FACTORY_PASSWORD)).status, 200, "Digest from a client agrees: the factory password works");
    clean(t);
  });

  t.test("HTTP auth login shows the lockout where the device's 401 body carries it", async (t) => {
    // The V5.2 401 is an HTML page with no lock state; firmware whose 401 is a userCheck document
    // (the recorder's layout, §2.2) tells the lock, and the page shows it as the session login does.
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 199, clock, {
      profileOf: (p) => (p.security.session.supported ? p : { ...p, isapi: { ...p.isapi, unauthorizedBody: "userCheck" } }),
    });
    const camera = emulator.fleet.byName("legacy-camera-1")!;
    const base = baseUrl(emulator, "legacy-camera-1");
    const { page, clean } = await watchPage(t, browser, `${base}/doc/page/login.asp`);
    await page.locator("body[data-ready=true]").waitFor();
    const { adminAttempts, lockSeconds } = camera.profile.lockout;
    for (let attempt = 1; attempt < adminAttempts; attempt++) {
      await submitLogin(page, "admin", `wrong-${attempt}`);
      await page.locator("#login-message", { hasText: `${adminAttempts - attempt} attempt(s) left` }).waitFor();
    }
    await submitLogin(page, "admin", "wrong-last");
    await page.locator("#login-message", { hasText: "The user is locked" }).waitFor();
    await submitLogin(page, "admin", FACTORY_PASSWORD);
    await page.locator("#login-message", { hasText: `Try again in ${Math.floor(lockSeconds / 60)} min` }).waitFor();
    t.equal(await storedSession(page), null, "locked: nothing kept");
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", FACTORY_PASSWORD)).status, 401, "the device refuses Digest from this address too");
    await clock.advance(lockSeconds * 1000);
    await submitLogin(page, "admin", FACTORY_PASSWORD);
    await page.waitForURL(/config\.asp/);
    await page.locator("#content[data-ready=true]").waitFor();
    t.equal(await page.locator('[data-field="model"]').innerText(), "DS-2CD2532F-IWS", "after the lock time the login works");
    clean(t);
  });
}, t);
