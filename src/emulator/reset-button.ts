import type { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Profile } from "../profiles/index.js";
import type { Clock, Timer } from "./clock.js";
import type { DeviceEventMap } from "./events.js";
import { DeviceError } from "./errors.js";
import type { Lifecycle } from "./lifecycle.js";

export interface ResetButtonDeps {
  readonly name: string;
  readonly profile: () => Profile;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly lifecycle: Lifecycle;
  /** Rewrites flash to the factory state and reboots (the device's `factoryReset("full")`). */
  readonly resetToFactory: () => Promise<void>;
}

export interface HoldOptions {
  /** Power off, press, power on, keep holding: the documented procedure (the seeds). */
  readonly duringPowerOn?: boolean;
  /** The holder went away (a control client disconnected): let go now. */
  readonly signal?: AbortSignal;
}

/**
 * The virtual reset button (issue #7), from the profile's `resetButton`: held for
 * `holdSeconds` from power-on (`atPowerOn`) or while running (`whileRunning`), the status
 * light flashes and the device returns to its factory state and reboots. Released earlier,
 * nothing happens. A reboot or power cut breaks the count: the firmware that boots looks at
 * the button afresh. One press resets at most once.
 */
export class ResetButton {
  #pressedAt: number | undefined;
  #armed: Timer | undefined;
  /** This press has reset the device: holding on does nothing more. */
  #spent = false;

  constructor(private readonly deps: ResetButtonDeps) {
    deps.events.on("powered", ({ on }) => (on ? this.#poweredOn() : this.#disarm()));
    deps.events.on("rebooted", () => this.#disarm());
    deps.events.on("ready", () => this.#booted());
  }

  get present(): boolean {
    return this.deps.profile().resetButton.present;
  }

  get pressed(): boolean {
    return this.#pressedAt !== undefined;
  }

  press(): void {
    this.#requirePresent();
    if (this.pressed) throw new DeviceError("invalidOperation", `the reset button of ${this.deps.name} is already held`);
    this.#pressedAt = this.deps.clock.now();
    this.#spent = false;
    this.deps.events.emit("button", { name: this.deps.name, action: "pressed" });
    if (this.deps.lifecycle.state === "running" && this.deps.profile().resetButton.whileRunning) this.#arm("held while running");
  }

  /** Lets go; returns how long it was held, in seconds of device time. */
  release(): number {
    if (this.#pressedAt === undefined) throw new DeviceError("invalidOperation", `the reset button of ${this.deps.name} is not held`);
    const heldSeconds = (this.deps.clock.now() - this.#pressedAt) / 1000;
    this.#pressedAt = undefined;
    this.#disarm();
    this.deps.events.emit("button", { name: this.deps.name, action: "released", heldSeconds });
    return heldSeconds;
  }

  /**
   * Press, let `seconds` of device time pass, release. Checks and the press happen now (a
   * refusal throws before anything changes); the promise settles when the device clock has
   * moved on that far, so a caller on the virtual clock advances it. It tells whether the
   * hold reset the device.
   */
  hold(seconds: number, options: HoldOptions = {}): Promise<{ readonly reset: boolean; readonly heldSeconds: number }> {
    this.#requirePresent();
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) throw new DeviceError("badParameters", "seconds must be from 0 to 3600");
    const { resetButton, model } = this.deps.profile();
    if (options.duringPowerOn && !resetButton.atPowerOn) throw new DeviceError("notSupport", `the ${model} does not reset when its button is held at power-on`);
    if (this.pressed) throw new DeviceError("invalidOperation", `the reset button of ${this.deps.name} is already held`);
    // What this press did: a reset while it lasts, and how long it was held when let go (by
    // the timer below, or earlier by a power cut or another client's release).
    let reset = false;
    let heldSeconds: number | undefined;
    const onReset = () => {
      if (heldSeconds === undefined) reset = true;
    };
    const onButton = (event: { readonly action: string; readonly heldSeconds?: number }) => {
      if (event.action === "released" && heldSeconds === undefined) heldSeconds = event.heldSeconds ?? 0;
    };
    this.deps.events.on("reset", onReset);
    this.deps.events.on("button", onButton);
    if (options.duringPowerOn) {
      if (this.deps.lifecycle.state !== "off") this.deps.lifecycle.powerOff();
      this.press();
      this.deps.lifecycle.powerOn();
    } else {
      this.press();
    }
    options.signal?.addEventListener("abort", () => {
      if (heldSeconds === undefined && this.pressed) this.release();
    }, { once: true });
    return new Promise((resolve) => {
      this.deps.clock.timer(`${this.deps.name} button hold`, seconds * 1000, () => {
        if (heldSeconds === undefined) this.release();
        this.deps.events.off("reset", onReset);
        this.deps.events.off("button", onButton);
        resolve({ reset, heldSeconds: heldSeconds ?? seconds });
      });
    });
  }

  #poweredOn(): void {
    if (this.pressed && !this.#spent && this.deps.profile().resetButton.atPowerOn) this.#arm("held at power-on");
  }

  /** A boot ended with the button still held: a model that resets while running starts counting. */
  #booted(): void {
    if (this.pressed && !this.#spent && !this.#armed && this.deps.profile().resetButton.whileRunning) this.#arm("held while running");
  }

  #arm(how: string): void {
    this.#disarm();
    const { holdSeconds } = this.deps.profile().resetButton;
    this.#armed = this.deps.clock.timer(`${this.deps.name} reset button`, holdSeconds * 1000, async () => {
      this.#armed = undefined;
      this.#spent = true;
      this.deps.logger.info({ how, holdSeconds }, "reset button held: restoring factory state");
      try {
        await this.deps.resetToFactory();
      } catch (error) {
        this.deps.logger.error({ err: error }, "reset by button failed");
      }
    });
  }

  #disarm(): void {
    this.#armed?.cancel();
    this.#armed = undefined;
  }

  #requirePresent(): void {
    if (!this.present) throw new DeviceError("notSupport", `the ${this.deps.profile().model} has no reset button`);
  }
}
