/**
 * Probes answered within the last `windowMs` (issue #5): SADP Tool sends one Uuid to the
 * group, to 255.255.255.255 and to each subnet broadcast (hik-protocols.md §1.1), so one
 * client's refresh arrives several times within milliseconds. One answer set per key is
 * enough. Bounded: entries expire with the window, and past `maxEntries` the oldest goes.
 */
export class RecentProbes {
  /** Key → when it was answered; insertion order is time order (the clock never goes back). */
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  has(key: string): boolean {
    this.#expire();
    return this.#seen.has(key);
  }

  add(key: string): void {
    this.#expire();
    this.#seen.delete(key);
    this.#seen.set(key, this.now());
    for (const oldest of this.#seen.keys()) {
      if (this.#seen.size <= this.maxEntries) break;
      this.#seen.delete(oldest);
    }
  }

  get size(): number {
    return this.#seen.size;
  }

  #expire(): void {
    const now = this.now();
    for (const [key, at] of this.#seen) {
      if (now - at < this.windowMs) break;
      this.#seen.delete(key);
    }
  }
}
