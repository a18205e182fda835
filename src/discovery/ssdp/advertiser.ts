import type { EventEmitter } from "node:events";
import type { Clock, Timer } from "../../emulator/clock.js";
import type { Device } from "../../emulator/device.js";
import type { DeviceEventMap } from "../../emulator/events.js";
import type { FleetEventMap } from "../../emulator/fleet.js";
import type { Random } from "../../emulator/random.js";
import type { NotifyKind } from "./messages.js";
import { MAX_AGE_SECONDS } from "./upnp-device.js";

/** What the advertiser follows: the fleet's devices, and devices joining or leaving it. */
export interface AdvertisedFleet {
  readonly devices: readonly Device[];
  readonly events: EventEmitter<FleetEventMap>;
}

export interface SsdpAdvertiserOptions {
  readonly fleet: AdvertisedFleet;
  /** Queues a device's NOTIFYs (the SSDP responder, which paces them). */
  readonly notify: (device: Device, kind: NotifyKind) => void;
  /** The device clock: re-advertisement follows device time (a virtual clock stops it). */
  readonly clock: Clock;
  readonly random: Random;
  /** Re-advertisement period before jitter (default: half of max-age). */
  readonly periodMs?: number;
}

/**
 * When devices NOTIFY (UDA 1.0 §1.1.2–1.1.3; hik-protocols.md §3: generic UPnP, unverified):
 * - alive for every device up when hikemu starts (they appear on the network then) and for a
 *   device added at run time;
 * - alive when a device becomes reachable (a boot ends, the cable goes back in), byebye when it
 *   stops being reachable (power off, reboot), except when the cable was pulled: then nothing
 *   can be sent, and control points forget it when max-age runs out;
 * - alive for every reachable device again each round, every max-age/2 less up to 20 % jitter
 *   (UDA: re-advertise well before max-age expires), on the device clock;
 * - alive again when hikemu starts serving a device at another address (its LOCATION moved);
 * - byebye when a device leaves the fleet. Byebye at shutdown is the responder's close().
 */
export class SsdpAdvertiser {
  readonly #following = new Map<Device, () => void>();
  readonly #unsubscribe: () => void;
  readonly #periodMs: number;
  #round: Timer | undefined;
  #closed = false;

  constructor(private readonly options: SsdpAdvertiserOptions) {
    this.#periodMs = options.periodMs ?? (MAX_AGE_SECONDS * 1000) / 2;
    const { fleet } = options;
    for (const device of fleet.devices) this.#follow(device);
    const added = (device: Device) => this.#follow(device);
    const removed = (device: Device) => {
      this.#unfollow(device);
      options.notify(device, "byebye");
    };
    fleet.events.on("deviceAdded", added);
    fleet.events.on("deviceRemoved", removed);
    this.#unsubscribe = () => {
      fleet.events.off("deviceAdded", added);
      fleet.events.off("deviceRemoved", removed);
    };
    this.#scheduleRound();
  }

  /** Stops following the fleet and every device; no more NOTIFYs are queued. */
  close(): void {
    this.#closed = true;
    this.#round?.cancel();
    this.#unsubscribe();
    for (const device of [...this.#following.keys()]) this.#unfollow(device);
  }

  #follow(device: Device): void {
    if (this.#following.has(device)) return;
    const reachable = ({ reachable: up }: DeviceEventMap["reachable"][0]) => {
      if (up) this.options.notify(device, "alive");
      else if (!device.faults.current.unplugged) this.options.notify(device, "byebye");
    };
    // A device served at a new address (issue #8: it set its network) announces the new LOCATION at once.
    let servedAt = device.serving.address;
    const changed = () => {
      if (device.serving.address === servedAt) return;
      servedAt = device.serving.address;
      if (device.reachable) this.options.notify(device, "alive");
    };
    device.events.on("reachable", reachable);
    device.events.on("changed", changed);
    this.#following.set(device, () => {
      device.events.off("reachable", reachable);
      device.events.off("changed", changed);
    });
    if (device.reachable) this.options.notify(device, "alive");
  }

  #unfollow(device: Device): void {
    this.#following.get(device)?.();
    this.#following.delete(device);
  }

  #scheduleRound(): void {
    if (this.#closed) return;
    const jitter = (this.options.random.bytes(2).readUInt16BE(0) / 65536) * 0.2;
    this.#round = this.options.clock.timer("ssdp-advertise", Math.round(this.#periodMs * (1 - jitter)), () => {
      for (const device of this.options.fleet.devices) {
        if (device.reachable) this.options.notify(device, "alive");
      }
      this.#scheduleRound();
    });
  }
}
