import type { Store } from "./store.js";

/** Keeps values as JSON text, so tests see exactly what a file backend would round-trip. */
export class MemoryStore implements Store {
  readonly #data = new Map<string, string>();

  async load(key: string): Promise<unknown> {
    const text = this.#data.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async save(key: string, value: unknown): Promise<void> {
    this.#data.set(key, JSON.stringify(value));
  }

  async keys(): Promise<string[]> {
    return [...this.#data.keys()];
  }

  async close(): Promise<void> {}
}
