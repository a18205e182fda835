import type { EventEmitter } from "node:events";
import type { Device } from "../../emulator/device.js";
import type { FleetEventMap } from "../../emulator/fleet.js";
import type { Random } from "../../emulator/random.js";
import { helloUuid } from "./hello.js";

/** What the announcer follows: the fleet's devices, and devices joining or leaving it. */
export interface AnnouncedFleet {
  readonly devices: readonly Device[];
  readonly events: EventEmitter<FleetEventMap>;
}

/**
 * Announces every boot that ends after hikemu started (§1.1: "On boot, a device announces
 * itself"): each device's `ready` event becomes a Hello, handed to `announce` (the SADP
 * responder, which paces it and sends it to the group). Devices hikemu starts with send
 * nothing: they were already on before hikemu looked (lifecycle.ts), and a 5,000-device fleet
 * announcing itself at every start would be a flood of news about nothing.
 */
export class BootAnnouncer {
  readonly #following = new Map<Device, () => void>();
  readonly #unsubscribe: () => void;

  constructor(
    fleet: AnnouncedFleet,
    private readonly announce: (device: Device, uuid: string) => void,
    private readonly random: Random,
  ) {
    for (const device of fleet.devices) this.#follow(device);
    const added = (device: Device) => this.#follow(device);
    const removed = (device: Device) => this.#unfollow(device);
    fleet.events.on("deviceAdded", added);
    fleet.events.on("deviceRemoved", removed);
    this.#unsubscribe = () => {
      fleet.events.off("deviceAdded", added);
      fleet.events.off("deviceRemoved", removed);
    };
  }

  /** Stops following the fleet and every device. */
  close(): void {
    this.#unsubscribe();
    for (const device of [...this.#following.keys()]) this.#unfollow(device);
  }

  #follow(device: Device): void {
    if (this.#following.has(device)) return;
    const ready = () => this.announce(device, helloUuid(this.random));
    device.events.on("ready", ready);
    this.#following.set(device, () => device.events.off("ready", ready));
  }

  #unfollow(device: Device): void {
    this.#following.get(device)?.();
    this.#following.delete(device);
  }
}
