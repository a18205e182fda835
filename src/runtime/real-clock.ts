import type { Clock, Timer, TimerCallback } from "../emulator/clock.js";

/** Host time and host timers, for production. */
export class RealClock implements Clock {
  /** `onError` hears of a timer callback that threw or whose promise rejected (never left unhandled). */
  constructor(private readonly onError: (error: unknown, timer: string) => void = () => undefined) {}

  now(): number {
    return Date.now();
  }

  timer(name: string, ms: number, callback: TimerCallback): Timer {
    const handle = setTimeout(() => {
      try {
        const result = callback();
        if (result instanceof Promise) result.catch((error: unknown) => this.onError(error, name));
      } catch (error) {
        this.onError(error, name);
      }
    }, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  }
}
