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
import { activateOverIsapi } from "../test/helpers/isapi-activation-client.js";

const CHROMIUM = "/usr/bin/chromium";
const OUT = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
/** The password the script gives a factory-new device before a page that needs it active. */
const PASSWORD = "Hik12345!";
const VIEWPORT = { width: 1280, height: 800 };

interface ShotContext {
  readonly emulator: RunningEmulator;
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
  /** Path the browser opens on the device. */
  readonly url: string;
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

const SHOTS: readonly Shot[] = [
  { file: "activation.png", device: "camera-1", url: "/", waitFor: "body[data-view=activate-view][data-ready=true]" },
  { file: "login.png", device: "camera-1", url: "/", setup: (context) => context.activate("camera-1"), waitFor: "body[data-view=login-view][data-ready=true]" },
  configSection("config-basic-information.png", "camera-1", "basicInformation"),
];

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
  const wanted = process.argv.slice(2);
  const shots = wanted.length === 0 ? SHOTS : SHOTS.filter((s) => wanted.includes(s.file));
  if (shots.length === 0) throw new Error(`no such page: ${wanted.join(", ")} (known: ${SHOTS.map((s) => s.file).join(", ")})`);
  await mkdir(OUT, { recursive: true });

  const base = defaultFleet(new ProfileRegistry());
  const config = { ...base, sadpPort: 0, ssdp: false, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `127.197.0.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: pino({ level: "warn" }), clock: new VirtualClock() });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--disable-dev-shm-usage"] });
  const passwords = new Map<string, string>();
  const device = (name: string) => {
    const found = emulator.fleet.byName(name);
    if (!found) throw new Error(`no device ${name} in the default fleet`);
    return found;
  };
  const context: ShotContext = {
    emulator,
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
        page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
        await page.goto(`${context.base(shot.device)}${shot.url}`);
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
    await emulator.stop();
  }
}

await main();
