import type { EventEmitter } from "node:events";
import { DeviceError } from "./errors.js";
import type { Random } from "./random.js";
import type { DeviceEventMap } from "./events.js";

export interface FaultsDeps {
  readonly name: string;
  readonly random: Random;
  readonly events: EventEmitter<DeviceEventMap>;
  /** Called after every change, for the device's revision and reachability. */
  readonly onChange: () => void;
}

/**
 * Faults a tester injects into one device at run time (issue #7). They are the device's
 * surroundings (a bad cable, a slow network), so they survive its reboots but not hikemu's
 * restart, and they are not flash.
 */
export interface FaultSettings {
  /** How long every HTTP request is held before the device sees it (a slow network on the way in), device-clock ms. */
  readonly httpLatencyMs: number;
  /** Fraction (0–1) of HTTP requests answered 500 Device Error instead. */
  readonly httpErrorRate: number;
  /** Fraction (0–1) of SADP replies and announcements never sent. */
  readonly discoveryDropRate: number;
  /** Powered, but the network cable is out: nothing answers. */
  readonly unplugged: boolean;
  /** Added to the profile's boot time. */
  readonly extraBootSeconds: number;
}

export const NO_FAULTS: FaultSettings = Object.freeze({ httpLatencyMs: 0, httpErrorRate: 0, discoveryDropRate: 0, unplugged: false, extraBootSeconds: 0 });

const LIMITS: Readonly<Record<Exclude<keyof FaultSettings, "unplugged">, readonly [number, number]>> = {
  httpLatencyMs: [0, 600_000],
  httpErrorRate: [0, 1],
  discoveryDropRate: [0, 1],
  extraBootSeconds: [0, 86_400],
};

/** One device's faults, and the dice the fronts roll against them (the Random port, seeded in tests). */
export class Faults {
  #current: FaultSettings = NO_FAULTS;

  constructor(private readonly deps: FaultsDeps) {}

  get current(): FaultSettings {
    return this.#current;
  }

  get active(): boolean {
    return this.#current !== NO_FAULTS;
  }

  /** Merges `patch` into the faults in force; every value is checked first, so a bad patch changes nothing. */
  set(patch: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.#current };
    for (const [key, value] of Object.entries(patch) as [keyof FaultSettings, unknown][]) {
      if (key === "unplugged") {
        if (typeof value !== "boolean") throw new DeviceError("badParameters", "unplugged must be true or false");
        next.unplugged = value;
        continue;
      }
      // Own keys only: `constructor` or `toString` must not find Object.prototype's members.
      const range = Object.hasOwn(LIMITS, key) ? LIMITS[key] : undefined;
      if (!range) throw new DeviceError("badParameters", `unknown fault ${String(key)}`);
      if (typeof value !== "number" || !Number.isFinite(value) || value < range[0] || value > range[1]) {
        throw new DeviceError("badParameters", `${key} must be a number from ${range[0]} to ${range[1]}`);
      }
      next[key] = value;
    }
    this.#current = isNone(next) ? NO_FAULTS : Object.freeze(next);
    this.#announce("set");
    return this.#current;
  }

  clear(): void {
    this.#current = NO_FAULTS;
    this.#announce("cleared");
  }

  /** Whether this HTTP request is to fail (rolled once per request). */
  failHttp(): boolean {
    return this.#roll(this.#current.httpErrorRate);
  }

  /** Whether this SADP datagram is to be lost (rolled once per datagram). */
  dropDiscovery(): boolean {
    return this.#roll(this.#current.discoveryDropRate);
  }

  #roll(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.deps.random.bytes(4).readUInt32BE(0) / 0x1_0000_0000 < rate;
  }

  #announce(action: "set" | "cleared"): void {
    this.deps.events.emit("faults", { name: this.deps.name, action, faults: this.#current });
    this.deps.onChange();
  }
}

function isNone(f: FaultSettings): boolean {
  return (Object.keys(NO_FAULTS) as (keyof FaultSettings)[]).every((k) => f[k] === NO_FAULTS[k]);
}
