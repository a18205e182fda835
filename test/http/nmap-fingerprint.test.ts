import t from "tap";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { startEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { defaultFleet } from "../../src/config/fleet-config.js";
import { profiles, silentLogger } from "../helpers/harness.js";

/** Debian's nmap (.ci/run installs it) with its own service probes, unchanged. */
const NMAP = "/usr/bin/nmap";

interface ScannedService {
  readonly address: string;
  readonly port: number;
  readonly name: string | undefined;
  readonly product: string | undefined;
  readonly method: string | undefined;
}

/** nmap's XML report as a list of the services it named, per address and port. */
function services(xml: string): ScannedService[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["host", "port", "address"].includes(name) });
  const report = parser.parse(xml) as { nmaprun: { host?: { address: { addr: string; addrtype: string }[]; ports?: { port?: { portid: string; service?: Record<string, string> }[] } }[] } };
  return (report.nmaprun.host ?? []).flatMap((host) =>
    (host.ports?.port ?? []).map((port) => ({
      address: host.address.find((a) => a.addrtype === "ipv4")?.addr ?? "",
      port: Number(port.portid),
      name: port.service?.name,
      product: port.service?.product,
      method: port.service?.method,
    })),
  );
}

function nmap(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(NMAP, args, { timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`nmap failed: ${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}

const missing = existsSync(NMAP) ? undefined : `${NMAP} is missing: install Debian's nmap package (apt-get install nmap; .ci/run does)`;
// Under CI=true a missing nmap is a failure, never a skip (as test/helpers/web-page.ts withChromium).
if (missing && process.env.CI === "true") t.fail(`nmap fingerprint cannot run: ${missing}`);
else t.test("nmap -sV names the product family from the web root: the camera's App-webs/, the NVR's DNVRS-Webs", { skip: missing ?? false }, async (t) => {
  // Port 80 as the devices ship: nmap's GET / probe lists it, so it follows the NULL probe's
  // wait for a banner directly (on another port nmap tries the rarer probes first, twice as long).
  const base = defaultFleet(profiles);
  const config = { ...base, sadpPort: 0, ssdpPort: 0, httpPort: 80, httpFallbackPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `127.196.0.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: silentLogger, clock: new VirtualClock() });
  t.teardown(() => emulator.stop());
  const camera = emulator.fleet.byName("camera-1")!;
  const nvr = emulator.fleet.byName("nvr-1")!;
  const ports = [...new Set([camera.serving.httpPort, nvr.serving.httpPort])].join(",");
  // One run for both (hosts are scanned in parallel), no retransmissions on loopback. On port 80
  // only the probes that list it (--version-intensity 0); where the process may not bind port 80
  // the devices sit on another and nmap needs its default intensity to reach `GET /`.
  const on80 = camera.serving.httpPort === 80 && nvr.serving.httpPort === 80;
  const intensity = on80 ? ["--version-intensity", "0"] : [];
  const xml = await nmap(["-sV", "-Pn", "-n", "-T4", "--max-retries", "0", ...intensity, "-p", ports, camera.serving.address, nvr.serving.address, "-oX", "-"]);
  t.ok(on80 || process.getuid?.() !== 0, "as root the devices serve on port 80, as they ship");
  const found = services(xml);
  const at = (address: string, port: number) => found.find((s) => s.address === address && s.port === port);
  t.match(at(camera.serving.address, camera.serving.httpPort), { name: "http", product: "Hikvision IP camera httpd", method: "probed" }, "the camera: Hikvision IP camera httpd");
  t.match(at(nvr.serving.address, nvr.serving.httpPort), { name: "http", product: "Hikvision Network Video Recorder http admin", method: "probed" }, "the NVR: Hikvision Network Video Recorder http admin");
});
