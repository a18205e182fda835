import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { Store } from "../../src/emulator/store/store.js";

export interface SavedValue {
  readonly key: string;
  readonly value: unknown;
  /** What `observe()` returned when the save began (e.g. the device's power state). */
  readonly observed: unknown;
}

/**
 * A memory store that records every save, can refuse saves (a full disk) and can hold them
 * until the test lets them through (a slow disk), for flash-write ordering tests.
 */
export class GatedStore implements Store {
  readonly inner = new MemoryStore();
  readonly saves: SavedValue[] = [];
  failing = false;
  /** Called at the start of each save; its result is kept with the save. */
  observe: () => unknown = () => undefined;
  #gate: { reached: () => void; opened: Promise<void> } | undefined;

  load(key: string): Promise<unknown> {
    return this.inner.load(key);
  }

  keys(): Promise<string[]> {
    return this.inner.keys();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  async save(key: string, value: unknown): Promise<void> {
    this.saves.push({ key, value: JSON.parse(JSON.stringify(value)), observed: this.observe() });
    const gate = this.#gate;
    if (gate) {
      gate.reached();
      await gate.opened;
    }
    if (this.failing) throw new Error("disk full");
    await this.inner.save(key, value);
  }

  /**
   * Holds the next saves until `open()` is called; `reached` resolves when one is waiting.
   */
  hold(): { readonly reached: Promise<void>; open(): void } {
    let reached!: () => void;
    let open!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.#gate = { reached, opened };
    return {
      reached: reachedPromise,
      open: () => {
        this.#gate = undefined;
        open();
      },
    };
  }
}
