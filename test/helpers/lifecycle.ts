import { EventEmitter } from "node:events";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { DeviceEventMap } from "../../src/emulator/events.js";
import { Lifecycle } from "../../src/emulator/lifecycle.js";
import type { Profile } from "../../src/profiles/index.js";

export type EventName = keyof DeviceEventMap;
/** One recorded event: its name and its payload, in emission order. */
export type Recorded = { readonly [K in EventName]: readonly [K, DeviceEventMap[K][0]] }[EventName];

/**
 * Records the named events of a device (or a module's emitter) in the order they are emitted,
 * as `[name, payload]`, so tests can compare whole sequences with their payloads.
 */
export function recordEvents(events: EventEmitter<DeviceEventMap>, names: readonly EventName[]): Recorded[] {
  const seen: Recorded[] = [];
  for (const name of names) {
    // The map's payload types are checked by Recorded; the emitter's overloads cannot see the union.
    (events as EventEmitter).on(name, (payload: unknown) => seen.push([name, payload] as Recorded));
  }
  return seen;
}

/** Names of the recorded events, for order-only assertions. */
export function namesOf(recorded: readonly Recorded[]): EventName[] {
  return recorded.map(([name]) => name);
}

export interface LoneLifecycle {
  readonly lifecycle: Lifecycle;
  readonly clock: VirtualClock;
  readonly events: EventEmitter<DeviceEventMap>;
  /** How many boots began (the onBoot hook: RAM rebuilt). */
  readonly boots: () => number;
  /** How many times onChange was called. */
  readonly changes: () => number;
  /** Sets the slow-boot fault the lifecycle reads at each boot. */
  setExtraBootSeconds(seconds: number): void;
}

/** A Lifecycle on its own: virtual clock, its own emitter, counters for the device's hooks. */
export function loneLifecycle(profile: Profile, name = "unit-1", clock = new VirtualClock()): LoneLifecycle {
  const events = new EventEmitter<DeviceEventMap>();
  let boots = 0;
  let changes = 0;
  let extra = 0;
  const lifecycle = new Lifecycle({
    name,
    profile: () => profile,
    clock,
    events,
    extraBootSeconds: () => extra,
    onBoot: () => boots++,
    onChange: () => changes++,
  });
  return {
    lifecycle,
    clock,
    events,
    boots: () => boots,
    changes: () => changes,
    setExtraBootSeconds: (seconds) => (extra = seconds),
  };
}

/** The events a lifecycle test watches (everything but bookkeeping). */
export const LIFECYCLE_EVENTS: readonly EventName[] = ["powered", "power", "booting", "irCut", "ready", "led", "rebooted", "reset", "reachable", "button"];
