import type { Clock } from "../emulator/clock.js";
import type { Device } from "../emulator/device.js";
import type { DeviceEventMap } from "../emulator/events.js";
import type { Fleet } from "../emulator/fleet.js";

/** The device events the control plane shows and logs (internal ones such as `changed` stay inside). */
export const PUBLISHED_EVENTS = [
  "powered",
  "power",
  "booting",
  "ready",
  "rebooted",
  "reset",
  "button",
  "led",
  "irCut",
  "faults",
  "activated",
  "loginFailed",
  "loginLocked",
  "userChanged",
  "securityChanged",
  // Issue #10: logins, maintenance and settings, as the device log writes them.
  "loginSucceeded",
  "loggedOut",
  "settingsChanged",
  "timeChanged",
  "firmwareUpgraded",
  "firmwareRefused",
  "configurationExported",
  "configurationImported",
  // Issue #11: password recovery.
  "passwordReset",
  "recoveryFailed",
] as const satisfies readonly (keyof DeviceEventMap)[];

export type PublishedEventType = (typeof PUBLISHED_EVENTS)[number];

const QUIETER: ReadonlySet<PublishedEventType> = new Set(["power", "activated", "loginFailed", "loginLocked", "loginSucceeded", "loggedOut"]);

/** One event as the control plane streams it: `device` is the device name, `at` device time (ISO). */
export interface ControlEvent {
  readonly id: number;
  readonly type: PublishedEventType;
  readonly device: string;
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type EventListener = (event: ControlEvent) => void;

/**
 * Follows every device of the fleet (added and removed ones too) and turns its typed events
 * into control events: each is logged by the device's logger and handed to the subscribers
 * (the server-sent-events stream, tests).
 */
export class EventHub {
  #nextId = 1;
  readonly #listeners = new Set<EventListener>();
  readonly #detach = new Map<Device, () => void>();
  readonly #onAdded = (device: Device) => this.#follow(device);
  readonly #onRemoved = (device: Device) => this.#unfollow(device);

  constructor(
    private readonly fleet: Fleet,
    private readonly clock: Clock,
  ) {
    for (const device of fleet.devices) this.#follow(device);
    fleet.events.on("deviceAdded", this.#onAdded);
    fleet.events.on("deviceRemoved", this.#onRemoved);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.fleet.events.off("deviceAdded", this.#onAdded);
    this.fleet.events.off("deviceRemoved", this.#onRemoved);
    for (const device of [...this.#detach.keys()]) this.#unfollow(device);
    this.#listeners.clear();
  }

  #follow(device: Device): void {
    const offs = PUBLISHED_EVENTS.map((type) => {
      const handler = (payload: { readonly name: string }) => this.#publish(device, type, payload);
      device.events.on(type, handler);
      return () => device.events.off(type, handler);
    });
    this.#detach.set(device, () => offs.forEach((off) => off()));
  }

  #unfollow(device: Device): void {
    this.#detach.get(device)?.();
    this.#detach.delete(device);
  }

  #publish(device: Device, type: PublishedEventType, payload: { readonly name: string }): void {
    const { name: _name, ...data } = payload;
    const event: ControlEvent = { id: this.#nextId++, type, device: device.name, at: new Date(this.clock.now()).toISOString(), data };
    // `power` repeats what booting/ready/powered/rebooted already say, and the core logs
    // `activated`, `loginFailed` and `loginLocked` itself: keep them out of info logs.
    if (QUIETER.has(type)) device.log.debug({ event: type, ...data }, type);
    else device.log.info({ event: type, ...data }, type);
    for (const listener of this.#listeners) listener(event);
  }
}
