/**
 * The Clock port (DESIGN.md "Time"): every duration in the device core goes through it,
 * so tests and `--clock virtual` can cross a 30-minute lockout in a millisecond.
 */
export interface Timer {
  cancel(): void;
}

/**
 * What a timer runs. It may return a promise for the work it starts: the real clock ignores
 * it (the callback must handle its own errors), the virtual clock waits for it, so a test's
 * `await clock.advance(ms)` returns only once that work has settled.
 */
export type TimerCallback = () => void | Promise<unknown>;

export interface Clock {
  /** Milliseconds since the Unix epoch, as the emulated devices see it. */
  now(): number;
  /** Runs `callback` once after `ms`; `name` appears in debugging output only. */
  timer(name: string, ms: number, callback: TimerCallback): Timer;
}

interface PendingTimer {
  readonly name: string;
  readonly due: number;
  readonly seq: number;
  readonly callback: TimerCallback;
  cancelled: boolean;
}

/**
 * One macrotask turn: every microtask queued before it (and those they queue) has run. Host
 * scheduling, not device time: the virtual clock uses it to let work settle, never to wait.
 */
// eslint-disable-next-line no-restricted-globals -- settling the event loop, not measuring time
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Time that moves only when told to: tests, and the control plane's `--clock virtual`.
 * `advance` settles what each timer starts (the promise it returns, and any microtask chain
 * it leaves behind), so tests never flush the event loop by hand.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #pending: PendingTimer[] = [];
  #advancing: Promise<void> = Promise.resolve();

  constructor(startMs = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  timer(name: string, ms: number, callback: TimerCallback): Timer {
    const entry: PendingTimer = { name, due: this.#now + Math.max(0, ms), seq: this.#seq++, callback, cancelled: false };
    this.#pending.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /**
   * Moves time forward by `ms`, firing due timers in due order (timers set by callbacks fire
   * too if due). Before looking for due timers, and after each callback, it awaits the
   * callback's promise and one macrotask turn, so work started by earlier events (a datagram
   * delivered, a promise chain) has run and scheduled its timers. Calls queue behind each
   * other; a callback's rejection rejects the call.
   */
  advance(ms: number): Promise<void> {
    const run = this.#advancing.then(() => this.#advance(ms));
    this.#advancing = run.catch(() => undefined);
    return run;
  }

  /** Names of timers still waiting, for assertions and the control plane. */
  pendingTimers(): string[] {
    return this.#pending.filter((p) => !p.cancelled).map((p) => p.name);
  }

  async #advance(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms);
    await turn();
    for (;;) {
      const next = this.#nextDue(target);
      if (!next) break;
      this.#now = next.due;
      this.#pending = this.#pending.filter((p) => p !== next);
      if (next.cancelled) continue;
      await next.callback();
      await turn();
    }
    this.#now = target;
  }

  #nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const p of this.#pending) {
      if (p.due > limit) continue;
      if (!best || p.due < best.due || (p.due === best.due && p.seq < best.seq)) best = p;
    }
    return best;
  }
}
