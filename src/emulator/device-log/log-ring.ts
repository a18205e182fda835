import type { LogEntry } from "./log-entry.js";

/**
 * A bounded ring of entries, oldest first: at capacity a new entry overwrites the oldest, as a
 * device's log partition does. Capacity may change (a firmware with another profile); entries
 * past a smaller one are dropped oldest first.
 */
export class LogRing {
  #slots: (LogEntry | undefined)[];
  /** Index of the oldest entry. */
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#slots = new Array<LogEntry | undefined>(capacity);
  }

  get capacity(): number {
    return this.#slots.length;
  }

  get size(): number {
    return this.#size;
  }

  push(entry: LogEntry): void {
    const capacity = this.#slots.length;
    if (capacity === 0) return;
    if (this.#size < capacity) {
      this.#slots[(this.#head + this.#size) % capacity] = entry;
      this.#size++;
      return;
    }
    this.#slots[this.#head] = entry;
    this.#head = (this.#head + 1) % capacity;
  }

  /** Keeps the newest `capacity` entries. */
  resize(capacity: number): void {
    if (capacity === this.#slots.length) return;
    const all = this.entries();
    const kept = all.slice(Math.max(0, all.length - capacity));
    this.#slots = new Array<LogEntry | undefined>(capacity);
    kept.forEach((entry, i) => (this.#slots[i] = entry));
    this.#head = 0;
    this.#size = kept.length;
  }

  /** Every entry, oldest first. */
  entries(): LogEntry[] {
    const out: LogEntry[] = [];
    const capacity = this.#slots.length;
    for (let i = 0; i < this.#size; i++) {
      const entry = this.#slots[(this.#head + i) % capacity];
      if (entry) out.push(entry);
    }
    return out;
  }
}
