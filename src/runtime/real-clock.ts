import type { Clock, Timer } from "../emulator/clock.js";

/** Host time and host timers, for production. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  timer(_name: string, ms: number, callback: () => void): Timer {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  }
}
