import type { EventEmitter } from "node:events";
import type { Profile } from "../profiles/index.js";
import type { Clock, Timer } from "./clock.js";
import type { Actor, DeviceEventMap, ResetCause } from "./events.js";
import { DeviceError } from "./errors.js";
import type { LedState, PowerState } from "./power.js";

export interface LifecycleDeps {
  readonly name: string;
  readonly profile: () => Profile;
  readonly clock: Clock;
  readonly events: EventEmitter<DeviceEventMap>;
  /** Seconds added to the profile's boot time (the slow-boot fault). */
  readonly extraBootSeconds: () => number;
  /** Called at the start of every boot: every module rebuilds its RAM (DESIGN.md "State"). */
  readonly onBoot: () => void;
  /** Called after every state or light change, for the device's revision and reachability. */
  readonly onChange: () => void;
}

/**
 * Power and boot (issue #7): off → booting → running, running → rebooting → booting.
 * A device hikemu starts with is already running (it was on before hikemu looked); every
 * later boot takes a new boot time, rebuilds RAM and answers only after the boot time has
 * passed on the device clock.
 */
export class Lifecycle {
  #state: PowerState = "running";
  #led: LedState = "steady";
  #bootedAt: number;
  #readyAt: number;
  #timer: Timer | undefined;

  constructor(private readonly deps: LifecycleDeps) {
    this.#bootedAt = deps.clock.now();
    this.#readyAt = this.#bootedAt;
  }

  get state(): PowerState {
    return this.#state;
  }

  get led(): LedState {
    return this.#led;
  }

  /** Epoch ms the current boot began (SADP BootTime). */
  get bootedAt(): number {
    return this.#bootedAt;
  }

  /** Epoch ms the device answers (again): the end of its boot, or the past when running. */
  get readyAt(): number {
    return this.#readyAt;
  }

  powerOn(): void {
    if (this.#state !== "off") throw new DeviceError("invalidOperation", `${this.deps.name} is already powered on`);
    this.deps.events.emit("powered", { name: this.deps.name, on: true });
    this.#boot();
  }

  /** A power cut: whatever the device was doing stops at once. */
  powerOff(): void {
    if (this.#state === "off") throw new DeviceError("invalidOperation", `${this.deps.name} is already off`);
    this.#cancel();
    this.#enter("off");
    this.setLed("off");
    this.deps.events.emit("powered", { name: this.deps.name, on: false });
  }

  /**
   * Shuts down for the profile's shutdown time, then boots. From `running`, or from `booting`
   * when a power-on reset restarts the boot.
   */
  reboot(cause: ResetCause, actor?: Actor): void {
    if (this.#state === "off") throw new DeviceError("invalidOperation", `${this.deps.name} is powered off`);
    if (this.#state === "rebooting") throw new DeviceError("deviceBusy", `${this.deps.name} is already rebooting`);
    this.#cancel();
    const { shutdownSeconds } = this.deps.profile();
    this.#readyAt = this.deps.clock.now() + (shutdownSeconds + this.#bootSeconds()) * 1000;
    this.#enter("rebooting");
    this.deps.events.emit("rebooted", { name: this.deps.name, cause, ...(actor ? { actor } : {}) });
    this.#timer = this.deps.clock.timer(`${this.deps.name} shutdown`, shutdownSeconds * 1000, () => this.#boot());
  }

  setLed(state: LedState): void {
    if (state === this.#led) return;
    this.#led = state;
    this.deps.events.emit("led", { name: this.deps.name, state });
    this.deps.onChange();
  }

  #boot(): void {
    const bootSeconds = this.#bootSeconds();
    this.#bootedAt = this.deps.clock.now();
    this.#readyAt = this.#bootedAt + bootSeconds * 1000;
    this.deps.onBoot();
    this.#enter("booting");
    // A light flashing for a reset goes on flashing until the device is up again.
    if (this.#led === "off") this.setLed("steady");
    this.deps.events.emit("booting", { name: this.deps.name, bootTime: this.#bootedAt, bootSeconds });
    if (this.deps.profile().irCutFilter) this.deps.events.emit("irCut", { name: this.deps.name });
    this.#timer = this.deps.clock.timer(`${this.deps.name} boot`, bootSeconds * 1000, () => {
      this.#timer = undefined;
      this.#enter("running");
      this.setLed("steady");
      this.deps.events.emit("ready", { name: this.deps.name, bootTime: this.#bootedAt });
    });
  }

  #bootSeconds(): number {
    return this.deps.profile().bootSeconds + this.deps.extraBootSeconds();
  }

  #enter(state: PowerState): void {
    this.#state = state;
    this.deps.events.emit("power", { name: this.deps.name, state });
    this.deps.onChange();
  }

  #cancel(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }
}
