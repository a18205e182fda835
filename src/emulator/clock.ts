/**
 * The Clock port (DESIGN.md "Time"): every duration in the device core goes through it,
 * so tests and `--clock virtual` can cross a 30-minute lockout in a millisecond.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch, as the emulated devices see it. */
  now(): number;
  /** Runs `callback` once after `ms`; `name` appears in debugging output only. */
  timer(name: string, ms: number, callback: () => void): Timer;
}

interface PendingTimer {
  readonly name: string;
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** Time that moves only when told to: tests, and the control plane's `--clock virtual`. */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #pending: PendingTimer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  timer(name: string, ms: number, callback: () => void): Timer {
    const entry: PendingTimer = { name, due: this.#now + Math.max(0, ms), seq: this.#seq++, callback, cancelled: false };
    this.#pending.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Moves time forward, firing due timers in order (timers set by callbacks fire too if due). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#nextDue(target);
      if (!next) break;
      this.#now = next.due;
      this.#pending = this.#pending.filter((p) => p !== next);
      if (!next.cancelled) next.callback();
    }
    this.#now = target;
  }

  /** Names of timers still waiting, for assertions and the control plane. */
  pendingTimers(): string[] {
    return this.#pending.filter((p) => !p.cancelled).map((p) => p.name);
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
