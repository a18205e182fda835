import type { Clock, Timer, TimerCallback } from "../emulator/clock.js";

/** Host time and host timers, for production. */
export class RealClock implements Clock {
  /** `onError` hears of a timer callback whose promise rejected (it must never go unhandled). */
  constructor(private readonly onError: (error: unknown, timer: string) => void = () => undefined) {}

  now(): number {
    return Date.now();
  }

  timer(name: string, ms: number, callback: TimerCallback): Timer {
    const handle = setTimeout(() => {
      const result = callback();
      if (result instanceof Promise) result.catch((error: unknown) => this.onError(error, name));
    }, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  }
}
