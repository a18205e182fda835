import type { Test } from "tap";
import { startEmulator, type RunningEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { Clock } from "../../src/emulator/clock.js";
import { defaultFleet } from "../../src/config/fleet-config.js";
import { profiles, silentLogger } from "./harness.js";

/**
 * The default fleet in this process on real sockets: HTTP and SADP on OS-picked ports,
 * devices on `127.<octet>.0.10-12` so parallel test files never share an address.
 */
export async function startDefaultFleet(t: Test, octet: number, clock?: Clock): Promise<RunningEmulator> {
  const base = defaultFleet(profiles);
  const config = { ...base, sadpPort: 0, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `127.${octet}.0.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: silentLogger, ...(clock ? { clock } : {}) });
  t.teardown(() => emulator.stop());
  return emulator;
}

export function baseUrl(emulator: RunningEmulator, name: string): string {
  const device = emulator.fleet.byName(name);
  if (!device) throw new Error(`no device ${name}`);
  return `http://${device.serving.address}:${device.serving.httpPort}`;
}
