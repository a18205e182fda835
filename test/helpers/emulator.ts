import type { Test } from "tap";
import { startEmulator, type RunningEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { Clock } from "../../src/emulator/clock.js";
import type { Random } from "../../src/emulator/random.js";
import type { Profile } from "../../src/profiles/index.js";
import { defaultFleet } from "../../src/config/fleet-config.js";
import { profiles, silentLogger } from "./harness.js";
import { activateOverIsapi } from "./isapi-activation-client.js";

export interface DefaultFleetOptions {
  /** The Random port (seeded, for fault dice a test counts on). */
  readonly random?: Random;
  /** A variant of each device's profile (e.g. another `isapi.rebootReply`). */
  readonly profileOf?: (profile: Profile) => Profile;
  /** Third address octet (default 0): several fleets of one test file on one assigned octet. */
  readonly subnet?: number;
}

/**
 * The default fleet in this process on real sockets: HTTP and SADP on OS-picked ports,
 * devices on `127.<octet>.<subnet>.10-12` so parallel test files never share an address.
 */
export async function startDefaultFleet(t: Test, octet: number, clock?: Clock, options: DefaultFleetOptions = {}): Promise<RunningEmulator> {
  const base = defaultFleet(profiles);
  const profileOf = options.profileOf ?? ((p: Profile) => p);
  const config = { ...base, sadpPort: 0, ssdpPort: 0, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, profile: profileOf(s.profile), address: `127.${octet}.${options.subnet ?? 0}.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: silentLogger, ...(clock ? { clock } : {}), ...(options.random ? { random: options.random } : {}) });
  t.teardown(() => emulator.stop());
  return emulator;
}

export function baseUrl(emulator: RunningEmulator, name: string): string {
  const device = emulator.fleet.byName(name);
  if (!device) throw new Error(`no device ${name}`);
  return `http://${device.serving.address}:${device.serving.httpPort}`;
}

/**
 * Makes the device's admin password usable and returns it: activates firmware that has
 * activation (with `password`); firmware before V5.3.0 is active from the factory with its
 * factory password (profile `activation`, issue #5).
 */
export async function adminPassword(emulator: RunningEmulator, name: string, password: string): Promise<string> {
  const device = emulator.fleet.byName(name);
  if (!device) throw new Error(`no device ${name}`);
  const { activation } = device.profile;
  if (activation.mode === "none") return activation.factoryPassword;
  const response = await activateOverIsapi(baseUrl(emulator, name), password);
  if (response.status !== 200) throw new Error(`activation of ${name} failed: ${response.status}`);
  return password;
}
