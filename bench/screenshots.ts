/**
 * npm run screenshots [-- <file> …]: a PNG of each web admin page in docs/screenshots/ (issue #12),
 * taken in Debian's Chromium (/usr/bin/chromium through playwright-core, which never downloads a
 * browser) from the default fleet on 127.197.0.10-12, on a virtual clock and a memory store: no
 * traffic leaves loopback, nothing is written but the PNGs. With file names, only those pages.
 *
 * Adding a page is one entry of SHOTS: the device it is taken from, where the browser goes, what
 * the device or page needs first, and the element that shows the page is ready.
 */
import { mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { chromium, type Page } from "playwright-core";
import { startEmulator, type RunningEmulator } from "../src/runtime/emulator.js";
import { MemoryStore } from "../src/emulator/store/memory-store.js";
import { VirtualClock } from "../src/emulator/clock.js";
import { defaultFleet } from "../src/config/fleet-config.js";
import { ProfileRegistry } from "../src/profiles/index.js";
import { releasesOf } from "../src/profiles/releases.js";
import { controlEmulator } from "../src/control/control-server.js";
import { activateOverIsapi } from "../test/helpers/isapi-activation-client.js";
import { isapiCall } from "../test/helpers/isapi-call.js";

const CHROMIUM = "/usr/bin/chromium";
const OUT = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
/** The password the script gives a factory-new device before a page that needs it active. */
const PASSWORD = "Hik12345!";
const VIEWPORT = { width: 1280, height: 800 };

interface ShotContext {
  readonly emulator: RunningEmulator;
  /** `http://127.0.0.1:port` of the control plane (the recorder local GUI's pages). */
  readonly control: string;
  /** `http://address:port` of a device of the fleet. */
  base(device: string): string;
  /** Activates a factory-new device over ISAPI (§2.3); a device active from the factory is left as it is. */
  activate(device: string): Promise<void>;
  /** The admin password that works on the device (after `activate`). */
  password(device: string): string;
}

interface Shot {
  /** PNG name in docs/screenshots/. */
  readonly file: string;
  readonly device: string;
  /** Path the browser opens on the device, or on the control plane with `onControl`. */
  readonly url: string;
  readonly onControl?: boolean;
  /** Device state the page needs, before the browser goes there. */
  readonly setup?: (context: ShotContext) => Promise<void>;
  /** What the browser does on the page first (log in, open a section). */
  readonly act?: (page: Page, context: ShotContext) => Promise<void>;
  /** CSS selector of what shows the page is ready. */
  readonly waitFor: string;
}

/** Logs in on the login page as admin, as a user does, and waits for Configuration to render. */
async function logIn(page: Page, context: ShotContext, device: string): Promise<void> {
  const login = page.getByRole("region", { name: "Login" });
  await login.getByLabel("User Name").fill("admin");
  await login.getByLabel("Password").fill(context.password(device));
  await login.getByRole("button", { name: "Login" }).click();
  await page.waitForURL(/config\.asp/);
  await page.locator("#content[data-ready=true]").waitFor();
}

/** A Configuration section by its `#id` (web/doc/script/config/sections.js), logged in first. */
function configSection(file: string, device: string, section: string): Shot {
  return {
    file,
    device,
    url: "/doc/page/login.asp",
    setup: (context) => context.activate(device),
    act: async (page, context) => {
      await logIn(page, context, device);
      await page.goto(`${context.base(device)}/doc/page/config.asp#${section}`);
    },
    waitFor: `#content[data-section=${section}][data-ready=true]`,
  };
}

/** Security questions 1, 2, 3 set over ISAPI (so Forgot Password offers them). */
async function setQuestions(context: ShotContext, device: string): Promise<void> {
  await context.activate(device);
  const questions = [1, 2, 3].map((id) => `<Question><id>${id}</id><answer>answer ${id}</answer></Question>`).join("");
  const body = `<?xml version="1.0" encoding="UTF-8"?><SecurityQuestion><QuestionList>${questions}</QuestionList><password>${context.password(device)}</password></SecurityQuestion>`;
  const reply = await isapiCall(context.base(device), "/ISAPI/Security/questionConfiguration", "admin", context.password(device), "PUT", body);
  if (reply.status !== 200) throw new Error(`setting the security questions of ${device} failed: HTTP ${reply.status}`);
}

/** A page of the recorder local GUI on the control plane. */
function recorderScreen(file: string, device: string, waitFor: string, act?: Shot["act"]): Shot {
  return { file, device, url: `/recorder/${device}`, onControl: true, waitFor, ...(act ? { act } : {}) };
}

const SHOTS: readonly Shot[] = [
  { file: "activation.png", device: "camera-1", url: "/", waitFor: "body[data-view=activate-view][data-ready=true]" },
  { file: "login.png", device: "camera-1", url: "/", setup: (context) => context.activate("camera-1"), waitFor: "body[data-view=login-view][data-ready=true]" },
  // Before any page that activates nvr-1: its local GUI's activation screen.
  recorderScreen("recorder-activation.png", "nvr-1", "#monitor[data-ready=true][data-screen=activation]"),
  configSection("config-basic-information.png", "camera-1", "basicInformation"),
  configSection("config-maintenance.png", "camera-1", "maintenance"),
  {
    ...configSection("config-maintenance-default.png", "camera-1", "maintenance"),
    act: async (page, context) => {
      await configSection("", "camera-1", "maintenance").act?.(page, context);
      await page.locator("#content[data-section=maintenance][data-ready=true]").waitFor();
      await page.getByRole("main").getByRole("button", { name: "Default", exact: true }).click();
    },
    waitFor: "dialog[open]",
  },
  configSection("config-log.png", "camera-1", "log"),
  configSection("config-users.png", "camera-1", "user"),
  configSection("config-tcpip.png", "camera-1", "tcpip"),
  configSection("config-port.png", "camera-1", "port"),
  configSection("config-security-question.png", "camera-1", "securityQuestion"),
  configSection("config-reserved-email.png", "camera-1", "reservedEmail"),
  configSection("config-guid.png", "nvr-1", "guid"),
  { file: "forgot-password.png", device: "camera-1", url: "/doc/page/forgotPassword.asp", setup: (context) => setQuestions(context, "camera-1"), waitFor: "body[data-ready=true]" },
  {
    file: "forgot-password-qr.png",
    device: "camera-1",
    url: "/doc/page/forgotPassword.asp",
    act: async (page) => {
      await page.locator("body[data-ready=true]").waitFor();
      await page.getByRole("radio", { name: "Reserved Email / QR Code" }).check();
    },
    waitFor: "#qr-view[data-qr-mode] #qr-image",
  },
  recorderScreen("recorder-login.png", "nvr-legacy", "#monitor[data-ready=true][data-screen=login]"),
  recorderScreen("recorder-security-code.png", "nvr-legacy", "#security-code[open]", async (page) => {
    const login = page.locator("#login");
    await page.locator("#monitor[data-ready=true][data-screen=login]").waitFor();
    const box = await login.boundingBox();
    if (!box) throw new Error("the login window is not visible");
    await login.dblclick({ position: { x: 5, y: box.height - 5 } });
  }),
];

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
  const wanted = process.argv.slice(2);
  const shots = wanted.length === 0 ? SHOTS : SHOTS.filter((s) => wanted.includes(s.file));
  if (shots.length === 0) throw new Error(`no such page: ${wanted.join(", ")} (known: ${SHOTS.map((s) => s.file).join(", ")})`);
  await mkdir(OUT, { recursive: true });

  const base = defaultFleet(new ProfileRegistry());
  // The default fleet, plus its NVR on the V3.0.18 release: the recorder with the legacy security code.
  const nvr = base.specs.find((spec) => spec.profile.type === "nvr");
  const legacy = nvr && releasesOf(nvr.profile).find((release) => release.firmware.version === "V3.0.18");
  if (!nvr || !legacy) throw new Error("the default fleet's NVR has no V3.0.18 release");
  const specs = [...base.specs, { ...nvr, name: "nvr-legacy", profile: legacy }].map((s, i) => ({ ...s, address: `127.197.0.${10 + i}` }));
  const config = { ...base, sadpPort: 0, ssdp: false, httpPort: 0, specs };
  const logger = pino({ level: "warn" });
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger, clock: new VirtualClock() });
  const controlServer = await controlEmulator(emulator, { bind: { host: "127.0.0.1", port: 0 }, token: undefined, logger });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--disable-dev-shm-usage"] });
  const passwords = new Map<string, string>();
  const device = (name: string) => {
    const found = emulator.fleet.byName(name);
    if (!found) throw new Error(`no device ${name} in the default fleet`);
    return found;
  };
  const context: ShotContext = {
    emulator,
    control: controlServer.url,
    base: (name) => `http://${device(name).serving.address}:${device(name).serving.httpPort}`,
    activate: async (name) => {
      const { activation } = device(name).profile;
      if (activation.mode === "none") return void passwords.set(name, activation.factoryPassword);
      if (device(name).activated) return;
      const reply = await activateOverIsapi(context.base(name), PASSWORD);
      if (reply.status !== 200) throw new Error(`activation of ${name} failed: HTTP ${reply.status}`);
      passwords.set(name, PASSWORD);
    },
    password: (name) => passwords.get(name) ?? PASSWORD,
  };
  try {
    for (const shot of shots) {
      await shot.setup?.(context);
      // A fresh browser context each: no session left over from the page before.
      const browserContext = await browser.newContext({ viewport: VIEWPORT });
      try {
        const page = await browserContext.newPage();
        page.setDefaultTimeout(20_000);
        const problems: string[] = [];
        page.on("pageerror", (error) => problems.push(error.message));
        // A device API refusal the page shows (a probe of a resource this firmware lacks, the
        // recorder GUI's refusals) is not a page error: test/helpers/web-page.ts draws the same line.
        page.on("console", (message) => {
          if (message.type() !== "error") return;
          if (/status of 4\d\d/.test(message.text()) && /\/(ISAPI|SDK|api)\//i.test(message.location().url)) return;
          problems.push(`${message.text()} (${message.location().url})`);
        });
        await page.goto(`${shot.onControl ? context.control : context.base(shot.device)}${shot.url}`);
        await shot.act?.(page, context);
        await page.locator(shot.waitFor).waitFor();
        if (problems.length > 0) throw new Error(`${shot.file}: the page reported errors: ${problems.join("; ")}`);
        await page.screenshot({ path: `${OUT}${shot.file}` });
        console.log(`docs/screenshots/${shot.file}`);
      } finally {
        await browserContext.close();
      }
    }
  } finally {
    await browser.close();
    await controlServer.close();
    await emulator.stop();
  }
}

await main();
