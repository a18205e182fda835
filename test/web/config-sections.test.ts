import t from "tap";
import type { Page } from "playwright-core";
import { VirtualClock } from "../../src/emulator/clock.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { watchPage, withChromium } from "../helpers/web-page.js";
import { isapiCall } from "../helpers/isapi-call.js";

const PASSWORD = "Hik12345!";

async function logIn(page: Page, base: string, user = "admin", password = PASSWORD): Promise<void> {
  await page.goto(`${base}/doc/page/login.asp`);
  await page.locator("body[data-ready=true]").waitFor();
  const login = page.getByRole("region", { name: "Login" });
  await login.getByLabel("User Name").fill(user);
  await login.getByLabel("Password").fill(password);
  await login.getByRole("button", { name: "Login" }).click();
  await page.waitForURL(/config\.asp/);
  await page.locator("#content[data-ready=true]").waitFor();
}

async function openSection(page: Page, title: string, id: string): Promise<void> {
  await page.getByRole("navigation", { name: "Configuration" }).getByRole("link", { name: title, exact: true }).click();
  await page.locator(`#content[data-section=${id}][data-ready=true]`).waitFor();
}

withChromium("web admin: users, network and security sections in Chromium", async (t, browser) => {
  t.test("User Management: add, refuse a weak password, modify and delete, each checked over Digest", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 186, clock);
    const base = baseUrl(emulator, "camera-1");
    await adminPassword(emulator, "camera-1", PASSWORD);
    const { page, clean } = await watchPage(t, browser);
    await logIn(page, base);
    await openSection(page, "User Management", "user");
    t.ok(await page.locator('tr[data-user="admin"]').isVisible(), "the table lists admin");

    const add = async (name: string, password: string) => {
      await page.getByRole("button", { name: "Add", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Add User" });
      await dialog.getByLabel("User Name").fill(name);
      await dialog.getByLabel("Level").selectOption("Operator");
      await dialog.getByLabel("Password", { exact: true }).fill(password);
      await dialog.getByLabel("Confirm").fill(password);
      await dialog.getByLabel("Admin Password").fill(PASSWORD);
      await dialog.getByRole("button", { name: "OK" }).click();
      return dialog;
    };
    const weak = await add("op1", "abcdefgh");
    await weak.getByRole("alert").filter({ hasText: "too weak" }).waitFor();
    t.equal((await isapiCall(base, "/ISAPI/Security/users", "admin", PASSWORD)).body.includes("op1"), false, "the weak password created no user");
    await weak.getByRole("button", { name: "Cancel" }).click();

    await add("op1", "Kite-77pass");
    await page.locator('tr[data-user="op1"]').waitFor();
    t.match(await page.locator('tr[data-user="op1"]').innerText(), /Operator/);
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "op1", "Kite-77pass")).status, 200, "the new user logs in with Digest");

    const duplicate = await add("op1", "Kite-77pass");
    await duplicate.getByRole("alert").filter({ hasText: /exists/ }).waitFor();
    await duplicate.getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("button", { name: "Modify op1" }).click();
    const modify = page.getByRole("dialog", { name: "Modify User op1" });
    await modify.getByLabel("Level").selectOption("Viewer");
    await modify.getByLabel("Password", { exact: true }).fill("Lake-88other");
    await modify.getByLabel("Confirm").fill("Lake-88other");
    await modify.getByLabel("Admin Password").fill(PASSWORD);
    await modify.getByRole("button", { name: "OK" }).click();
    await page.locator('tr[data-user="op1"]', { hasText: "Viewer" }).waitFor();
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "op1", "Lake-88other")).status, 200, "the modified password works");
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "op1", "Kite-77pass")).status, 401, "the old one does not");
    t.match((await isapiCall(base, "/ISAPI/Security/users", "admin", PASSWORD)).body, /<userName>op1<\/userName>[\s\S]*?<userLevel>Viewer<\/userLevel>/, "ISAPI shows the new level");

    t.equal(await page.getByRole("button", { name: "Delete admin" }).count(), 0, "admin has no Delete button");
    await page.getByRole("button", { name: "Delete op1" }).click();
    await page.getByRole("dialog", { name: "Delete User" }).getByRole("button", { name: "Delete" }).click();
    await page.locator('tr[data-user="op1"]').waitFor({ state: "detached" });
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "op1", "Lake-88other")).status, 401, "the deleted user gets 401");
    clean(t);
  });

  t.test("Security Question and Reserved E-mail are set from the page and the device agrees; the session expires on the device clock", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 187, clock);
    const camera = emulator.fleet.byName("camera-1")!;
    const base = baseUrl(emulator, "camera-1");
    await adminPassword(emulator, "camera-1", PASSWORD);
    const { page, clean } = await watchPage(t, browser);
    await logIn(page, base);

    await openSection(page, "Security Question", "securityQuestion");
    const content = page.locator("#content");
    t.match(await content.locator("[data-configured]").innerText(), /No security questions/);
    await content.getByLabel("Question 1").selectOption("2");
    await content.getByLabel("Question 2").selectOption("2");
    await content.getByLabel("Question 3").selectOption("8");
    for (const i of [1, 2, 3]) await content.getByLabel(`Answer ${i}`).fill(`answer ${i}`);
    await content.getByLabel("Admin Password").fill(PASSWORD);
    await content.getByRole("button", { name: "Save" }).click();
    await content.getByRole("alert").filter({ hasText: "three different" }).waitFor();
    await content.getByLabel("Question 2").selectOption("7");
    await content.getByLabel("Admin Password").fill("Wrong-pass1");
    await content.getByRole("button", { name: "Save" }).click();
    await content.getByRole("alert").filter({ hasText: "admin password is wrong" }).waitFor();
    t.equal(camera.flash.recovery?.questions, undefined, "a refusal set nothing");
    await content.getByLabel("Admin Password").fill(PASSWORD);
    await content.getByRole("button", { name: "Save" }).click();
    await content.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    t.same(camera.flash.recovery?.questions?.map((q) => q.id), [2, 7, 8], "flash holds the three questions chosen");
    const questions = await isapiCall(base, "/ISAPI/Security/questionConfiguration", "admin", PASSWORD);
    t.same([...questions.body.matchAll(/<id>(\d+)<\/id>/g)].map((m) => Number(m[1])), [2, 7, 8], "GET questionConfiguration agrees");
    t.match(await content.locator("[data-configured=true]").innerText(), /mother's name.*first pet's name.*city you were born in/);

    await openSection(page, "Reserved E-mail", "reservedEmail");
    await content.getByLabel("E-mail Address").fill("trainee@lab.example");
    await content.getByLabel("Admin Password").fill(PASSWORD);
    await content.getByRole("button", { name: "Save" }).click();
    await content.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    t.equal(camera.flash.recovery?.email, "trainee@lab.example", "flash holds the address");
    const shown = await content.locator("[data-email]").getAttribute("data-email");
    const wire = await isapiCall(base, "/ISAPI/Security/email/parameter?format=json", "admin", PASSWORD);
    t.equal(shown, (JSON.parse(wire.body) as { SecurityEmail: { SecurityInformation: { emailAddress: string }[] } }).SecurityEmail.SecurityInformation[0]?.emailAddress, "the page shows what the device answers");
    t.match(shown, /^t\*+@lab\.example$/, "masked");
    t.notMatch(await content.innerText(), /trainee@/, "the full address is not on the page");
    t.equal(await page.getByRole("link", { name: "GUID" }).count(), 0, "no GUID section on a camera");

    const idle = camera.profile.security.session.idleSeconds;
    await clock.advance((idle + 1) * 1000);
    // Save in the open section on the ended session: its PUT (a resource that also takes Digest,
    // not the session-only heartbeat) gets 401 without a challenge, so no browser prompt holds
    // it; the page goes back to the login page.
    const put = page.waitForResponse((reply) => reply.request().method() === "PUT" && new URL(reply.url()).pathname === "/ISAPI/Security/email/parameter");
    await content.getByLabel("E-mail Address").fill("other@lab.example");
    await content.getByLabel("Admin Password").fill(PASSWORD);
    await content.getByRole("button", { name: "Save" }).click();
    const refused = await put;
    t.equal(refused.status(), 401, "the device refuses the Save on the ended session");
    t.equal(await refused.headerValue("www-authenticate"), null, "without a challenge (no browser prompt)");
    await page.waitForURL(/login\.asp\?reason=expired/);
    await page.locator("#notice", { hasText: "session has ended" }).waitFor();
    t.equal(camera.flash.recovery?.email, "trainee@lab.example", "the refused Save changed nothing");
    clean(t);
  });

  t.test("GUID export on the recorder downloads a file the device accepts for a reset", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 188, clock);
    const base = baseUrl(emulator, "nvr-1");
    await adminPassword(emulator, "nvr-1", PASSWORD);
    const { page, clean } = await watchPage(t, browser);
    await logIn(page, base);
    await openSection(page, "GUID", "guid");
    const content = page.locator("#content");
    await content.getByLabel("Admin Password").fill(PASSWORD);
    const download = page.waitForEvent("download");
    await content.getByRole("button", { name: "Export" }).click();
    const file = await download;
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const data = Buffer.concat(chunks);
    t.match(file.suggestedFilename(), /^GUID_.+\.xml$/, "named as the device named it");
    t.match(data.toString("utf8"), /<GUIDFile/);
    await content.getByRole("status").filter({ hasText: "Exported" }).waitFor();
    const body = `<GUIDCertification><GUIDFileData>${data.toString("base64")}</GUIDFileData><password>Reset-pass42</password></GUIDCertification>`;
    const reset = await isapiCall(base, "/ISAPI/Security/GUIDCertification", "admin", "unused", "PUT", body);
    t.equal(reset.status, 200, "the device accepts the downloaded file");
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", "Reset-pass42")).status, 200, "the new password works");
    clean(t);
  });

  t.test("Lockout: wrong passwords until the device locks; the page shows the remaining time, which drops on the device clock", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 188, clock, { subnet: 1 });
    const base = baseUrl(emulator, "camera-1");
    await adminPassword(emulator, "camera-1", PASSWORD);
    const { page, clean } = await watchPage(t, browser, `${base}/doc/page/login.asp`);
    await page.locator("body[data-ready=true]").waitFor();
    const login = page.getByRole("region", { name: "Login" });
    const message = page.locator("#login-message");
    await login.getByLabel("User Name").fill("admin");
    let text = "";
    for (let attempt = 1; attempt <= 12 && !/locked/.test(text); attempt++) {
      await login.getByLabel("Password").fill(`Wrong-pass${attempt}`);
      await login.getByRole("button", { name: "Login" }).click();
      await page.locator("#login-button:not([disabled])").waitFor();
      await message.filter({ hasText: /\S/ }).waitFor();
      text = await message.innerText();
      if (!/locked/.test(text)) t.match(text, /Incorrect user name or password\. \d+ attempt\(s\) left\./, `attempt ${attempt} counted`);
    }
    const minutes = (s: string) => {
      const m = /Try again in (?:(\d+) min )?(\d+) s/.exec(s);
      return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : NaN;
    };
    const first = minutes(text);
    t.ok(first > 0 && first <= emulator.fleet.byName("camera-1")!.profile.lockout.lockSeconds, `locked with the device's remaining time (${text})`);

    await clock.advance(10 * 60 * 1000);
    await login.getByLabel("Password").fill(PASSWORD);
    await login.getByRole("button", { name: "Login" }).click();
    await message.filter({ hasText: /locked/ }).filter({ hasNotText: text }).waitFor();
    const later = minutes(await message.innerText());
    t.ok(later <= first - 600 && later > 0, `ten minutes later the page shows less (${later} s of ${first} s)`);
    clean(t);
  });

  t.test("TCP/IP moves the device and says where to reconnect; Port saves with the device's Reboot Required", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 186, clock, { subnet: 2 });
    const camera = emulator.fleet.byName("camera-1")!;
    const base = baseUrl(emulator, "camera-1");
    await adminPassword(emulator, "camera-1", PASSWORD);
    const { page, clean } = await watchPage(t, browser);
    await logIn(page, base);
    const content = page.locator("#content");

    await openSection(page, "Port", "port");
    t.equal(await content.getByLabel("HTTP Port").inputValue(), String(camera.serving.httpPort), "HTTP shows the port the device serves on");
    await content.getByLabel("RTSP Port").fill("8554");
    await content.getByRole("button", { name: "Save" }).click();
    await content.getByRole("status").filter({ hasText: "Reboot Required" }).waitFor();
    t.match((await isapiCall(base, "/ISAPI/Security/adminAccesses", "admin", PASSWORD)).body, /<protocol>RTSP<\/protocol>\s*<portNo>8554<\/portNo>/, "ISAPI shows the new RTSP port");
    await content.getByLabel("RTSP Port").fill("70000");
    await content.getByRole("button", { name: "Save" }).click();
    await content.getByRole("alert").filter({ hasText: /\S/ }).waitFor();
    t.match((await isapiCall(base, "/ISAPI/Security/adminAccesses", "admin", PASSWORD)).body, /<portNo>8554<\/portNo>/, "a refused port changes nothing");

    await openSection(page, "TCP/IP", "tcpip");
    t.equal(await content.getByLabel("IPv4 Address").inputValue(), camera.network.ipv4, "the address the device believes it has");
    t.equal(await content.getByLabel("DHCP").isChecked(), camera.network.dhcp);
    await content.getByLabel("IPv4 Address").fill("999.1.1.1");
    await content.getByRole("button", { name: "Save" }).click();
    await content.getByRole("alert").filter({ hasText: /\S/ }).waitFor();
    t.equal(camera.network.ipv4, "127.186.2.10", "a bad address changes nothing");
    await content.getByLabel("IPv4 Address").fill("127.186.2.50");
    await content.getByRole("button", { name: "Save" }).click();
    await content.getByRole("status").filter({ hasText: "now uses 127.186.2.50" }).waitFor();
    t.equal(camera.network.ipv4, "127.186.2.50", "flash has the new address");
    const moved = baseUrl(emulator, "camera-1");
    t.match(moved, /^http:\/\/127\.186\.2\.50:/, "the device moved");
    t.match((await isapiCall(moved, "/ISAPI/System/Network/interfaces/1", "admin", PASSWORD)).body, /<ipAddress>127\.186\.2\.50<\/ipAddress>/, "ISAPI at the new address agrees");
    clean(t);
  });

  t.test("After a browser activation the first Configuration page offers security questions and the reserved e-mail", async (t) => {
    const clock = new VirtualClock();
    const emulator = await startDefaultFleet(t, 187, clock, { subnet: 1 });
    const camera = emulator.fleet.byName("camera-1")!;
    const base = baseUrl(emulator, "camera-1");
    const { page, clean } = await watchPage(t, browser, `${base}/doc/page/login.asp`);
    await page.locator("body[data-view=activate-view]").waitFor();
    const activation = page.getByRole("region", { name: "Activation" });
    await activation.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await activation.getByLabel("Confirm").fill(PASSWORD);
    await activation.getByRole("button", { name: "OK" }).click();
    await page.locator("body[data-view=login-view]").waitFor();
    const login = page.getByRole("region", { name: "Login" });
    await login.getByLabel("User Name").fill("admin");
    await login.getByLabel("Password").fill(PASSWORD);
    await login.getByRole("button", { name: "Login" }).click();

    const dialog = page.getByRole("dialog", { name: "Password Recovery" });
    await dialog.waitFor();
    t.ok(await dialog.getByRole("button", { name: "Skip" }).isVisible(), "the setup can be skipped");
    await dialog.getByLabel("Question 1").selectOption("1");
    await dialog.getByLabel("Question 2").selectOption("6");
    await dialog.getByLabel("Question 3").selectOption("10");
    for (const i of [1, 2, 3]) await dialog.getByLabel(`Answer ${i}`).fill(`reply ${i}`);
    await dialog.getByLabel("E-mail Address").fill("qa@lab.example");
    await dialog.getByLabel("Admin Password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "OK" }).click();
    await dialog.waitFor({ state: "detached" });
    t.same(camera.flash.recovery?.questions?.map((q) => q.id), [1, 6, 10], "the questions are set");
    t.equal(camera.flash.recovery?.email, "qa@lab.example", "the reserved e-mail is set");

    await page.reload();
    await page.locator("body[data-ready=true]").waitFor();
    t.equal(await page.getByRole("dialog").count(), 0, "offered once, not on every page load");
    clean(t);
  });
}, t);
