import type { EventEmitter } from "node:events";
import type { Profile } from "../profiles/index.js";
import type { Identity } from "./identity.js";
import type { Actor, DeviceEventMap, ResetCause, ResetMode } from "./events.js";
import { DeviceError } from "./errors.js";
import type { Lifecycle } from "./lifecycle.js";
import { factoryEventSettings, factoryFlash, factorySecurity, type FlashState } from "./state.js";
import { resetTime } from "./time/time-settings.js";

export interface MaintenanceDeps {
  readonly name: string;
  readonly profile: () => Profile;
  readonly identity: Identity;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly lifecycle: Lifecycle;
  readonly flash: () => FlashState;
  /** Persists the new flash durably before anything else happens (device.ts #writeFlash). */
  readonly writeFlash: (next: FlashState) => Promise<void>;
}

/**
 * Reboot and factory reset (hik-protocols.md §2.6), for every front: ISAPI, SADP, the web
 * admin, the reset button and the control plane all end here.
 */
export class Maintenance {
  constructor(private readonly deps: MaintenanceDeps) {}

  reboot(cause: ResetCause, actor?: Actor): void {
    this.#requireUp();
    this.deps.lifecycle.reboot(cause, actor);
  }

  /**
   * `basic` (Restore): parameters return to defaults; network, users and security settings
   * stay, so the device is still active with the same password. `full` (Default): flash as
   * it left the factory — inactive, no users, the profile's factory network. The new flash is
   * durable before the device goes down, so a crash leaves the old state or the new, never a mix.
   */
  async factoryReset(mode: ResetMode, cause: ResetCause, actor?: Actor): Promise<void> {
    this.#requireUp();
    // The status light flashes from the moment a reset starts until the device is up again.
    this.deps.lifecycle.setLed("flashing");
    const next = mode === "full" ? defaultedFlash(this.deps.flash(), this.deps.profile(), this.deps.identity) : restoredFlash(this.deps.flash(), this.deps.profile());
    try {
      if (next !== this.deps.flash()) await this.deps.writeFlash(next);
    } catch (error) {
      // A power cut meanwhile has put the light out; it stays out.
      if (this.deps.lifecycle.led === "flashing") this.deps.lifecycle.setLed("steady");
      throw error;
    }
    this.deps.events.emit("reset", { name: this.deps.name, mode, cause, ...(actor ? { actor } : {}) });
    // The write takes time: a power cut or a reboot meanwhile has already taken the device
    // down, and it boots into the new flash. The reset is done; only a device still up reboots.
    const { state } = this.deps.lifecycle;
    if (state === "running" || state === "booting") this.deps.lifecycle.reboot(cause, actor);
  }

  #requireUp(): void {
    const { state } = this.deps.lifecycle;
    if (state === "off" || state === "rebooting") throw new DeviceError("invalidOperation", `${this.deps.name} is ${state === "off" ? "powered off" : "rebooting"}`);
  }
}

/**
 * Flash after Restore: everything but the network and the user accounts returns to its
 * default (§2.6). Kept: activation, users, network, the IP filter and the installed firmware (a
 * reset never downgrades; Default keeps the firmware too). Reset: web authentication
 * and the login lockout settings. Which security settings Restore keeps is our guess (§2.6 says
 * only "except network, user and some security settings"); the IP filter counts as network,
 * where the web UI shows it.
 * Parameters later modules add to flash (image, video, events) return to defaults here too.
 */
export function restoredFlash(flash: FlashState, profile: Profile): FlashState {
  const factory = factorySecurity(profile);
  const security = { ...factory, ipFilter: flash.security.ipFilter };
  // Motion detection and notification hosts are parameters: Restore returns them to the factory's (issue #10).
  const eventSettings = factoryEventSettings();
  // Time mode, zone and NTP server are parameters; the clock runs on (time-settings.ts resetTime).
  const time = resetTime(flash.time, profile);
  if (sameJson(security, flash.security) && sameJson(eventSettings, flash.eventSettings) && sameJson(time, flash.time)) return flash;
  return { ...flash, security, eventSettings, time };
}

/** Flash after Default: the factory's, with the profile's factory network; the clock keeps its time (resetTime). */
export function defaultedFlash(flash: FlashState, profile: Profile, identity: Identity): FlashState {
  const factory = factoryFlash(profile, identity, { ...profile.factoryNetwork }, "device");
  return { ...factory, time: resetTime(flash.time, profile) };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
