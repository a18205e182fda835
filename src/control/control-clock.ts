import type { Clock } from "../emulator/clock.js";
import { VirtualClock } from "../emulator/clock.js";
import { ControlError } from "./control-error.js";

/** The fleet's clock as the control plane sees it: only a virtual one can be advanced. */
export class ControlClock {
  constructor(readonly clock: Clock) {}

  get mode(): "virtual" | "real" {
    return this.clock instanceof VirtualClock ? "virtual" : "real";
  }

  view() {
    const now = this.clock.now();
    return { mode: this.mode, now: new Date(now).toISOString(), epochMs: now };
  }

  /** Moves device time on (virtual clock only); resolves once the timers due meanwhile have run. */
  async advance(ms: number): Promise<void> {
    if (!(this.clock instanceof VirtualClock)) throw new ControlError(409, "realClock", "the clock is real: start hikemu with --clock virtual to advance it");
    await this.clock.advance(ms);
  }

  /**
   * Lets `ms` of device time pass for `work`: under the virtual clock by advancing it, under
   * the real one by waiting for `work` itself (it settles when its device timer fires).
   */
  async pass<T>(ms: number, work: Promise<T>): Promise<T> {
    if (this.clock instanceof VirtualClock) await this.clock.advance(ms);
    return work;
  }
}
