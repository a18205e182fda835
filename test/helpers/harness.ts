import { pino, type Logger } from "pino";
import { VirtualClock } from "../../src/emulator/clock.js";
import { SeededRandom } from "../../src/emulator/random.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { Store } from "../../src/emulator/store/store.js";
import { Fleet, type DeviceSpec } from "../../src/emulator/fleet.js";
import { ProfileRegistry, type Profile } from "../../src/profiles/index.js";

export const profiles = new ProfileRegistry();
export const silentLogger: Logger = pino({ level: "silent" });

export const CAMERA = "DS-2CD2146G2-ISU";
export const LEGACY = "DS-2CD2532F-IWS";
export const NVR = "DS-7608NXI-I2/8P/S";

export function profile(model: string): Profile {
  const p = profiles.get(model);
  if (!p) throw new Error(`no profile ${model}`);
  return p;
}

export function spec(model: string, name: string, address: string, password?: string): DeviceSpec {
  return {
    name,
    profile: profile(model),
    address,
    mask: "255.255.0.0",
    gateway: "127.20.0.1",
    initial: password === undefined ? { activated: false } : { activated: true, password },
  };
}

/** The three built-in profiles on 127.21.0.x, factory-new. */
export function threeSpecs(base = "127.21.0"): DeviceSpec[] {
  return [spec(CAMERA, "camera-1", `${base}.10`), spec(LEGACY, "legacy-1", `${base}.11`), spec(NVR, "nvr-1", `${base}.12`)];
}

export interface Harness {
  readonly fleet: Fleet;
  readonly clock: VirtualClock;
  readonly store: Store;
  readonly random: SeededRandom;
}

/** A whole fleet in memory: virtual clock, memory store, seeded random (style-anchors pattern 12). */
export async function makeFleet(options: { specs?: DeviceSpec[]; seed?: string; store?: Store; clock?: VirtualClock; logger?: Logger } = {}): Promise<Harness> {
  const clock = options.clock ?? new VirtualClock();
  const store = options.store ?? new MemoryStore();
  const random = new SeededRandom("test");
  const fleet = await Fleet.create({
    seed: options.seed ?? "test-seed",
    specs: options.specs ?? threeSpecs(),
    clock,
    random,
    store,
    logger: options.logger ?? silentLogger,
  });
  return { fleet, clock, store, random };
}
