import type { Test } from "tap";
import { startEmulator, type RunningEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { Clock } from "../../src/emulator/clock.js";
import type { Store } from "../../src/emulator/store/store.js";
import type { Device } from "../../src/emulator/device.js";
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

export interface RestartableFleetOptions {
  readonly clock?: Clock;
  readonly store?: Store;
  /** SSDP on an OS-picked port (default) or off. */
  readonly ssdp?: boolean;
}

/**
 * The default fleet on real sockets with devices at `<prefix>.10`-`.12` (e.g. "127.98.3"),
 * whose `stop` may be called early (a restart on the same store) and runs once.
 */
export async function startRestartableFleet(t: Test, prefix: string, options: RestartableFleetOptions = {}): Promise<RunningEmulator> {
  const base = defaultFleet(profiles);
  const ssdp = options.ssdp === false ? { ssdp: false } : { ssdpPort: 0 };
  const config = { ...base, ...ssdp, sadpPort: 0, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `${prefix}.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: options.store ?? new MemoryStore(), logger: silentLogger, ...(options.clock ? { clock: options.clock } : {}) });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= emulator.stop());
  t.teardown(stop);
  return { ...emulator, stop };
}

/** A device of a running fleet by name, or a thrown error naming it. */
export function deviceOf(emulator: RunningEmulator, name: string): Device {
  const device = emulator.fleet.byName(name);
  if (!device) throw new Error(`no ${name}`);
  return device;
}
