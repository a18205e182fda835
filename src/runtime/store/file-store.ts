import { mkdir, open, readFile, readdir, rename, rm, chmod } from "node:fs/promises";
import { join } from "node:path";
import { StoreError, type Store } from "../../emulator/store/store.js";

const SUFFIX = ".json";
const TEMP_SUFFIX = ".tmp";

/**
 * One JSON file per key in a private directory (0700, files 0600: state holds password
 * material). A write goes to a temp file, is fsynced, renamed over the old file and the
 * directory is fsynced, so a reader sees the old or the new value, never half of one,
 * even after `kill -9`. Writes to one key are serialised; the latest value wins.
 */
export class FileStore implements Store {
  readonly #chains = new Map<string, Promise<void>>();
  #sequence = 0;

  private constructor(readonly directory: string) {}

  static async open(directory: string): Promise<FileStore> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    await chmod(directory, 0o700);
    // Temp files left by a killed process are never the current value.
    for (const entry of await readdir(directory)) {
      if (entry.endsWith(TEMP_SUFFIX)) await rm(join(directory, entry), { force: true });
    }
    return new FileStore(directory);
  }

  async load(key: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.#path(key), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new StoreError(`state file ${this.#path(key)} is not valid JSON; move it away to start that device from factory state`);
    }
  }

  save(key: string, value: unknown): Promise<void> {
    const text = `${JSON.stringify(value, null, 2)}\n`;
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#write(key, text));
    const settled = next.catch(() => undefined);
    this.#chains.set(key, settled);
    void settled.then(() => {
      if (this.#chains.get(key) === settled) this.#chains.delete(key);
    });
    return next;
  }

  async keys(): Promise<string[]> {
    const entries = await readdir(this.directory);
    return entries.filter((e) => e.endsWith(SUFFIX)).map((e) => decodeURIComponent(e.slice(0, -SUFFIX.length)));
  }

  async #write(key: string, text: string): Promise<void> {
    const target = this.#path(key);
    const temp = `${target}.${process.pid}.${this.#sequence++}${TEMP_SUFFIX}`;
    const file = await open(temp, "wx", 0o600);
    try {
      await file.writeFile(text, "utf8");
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
    const dir = await open(this.directory, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  #path(key: string): string {
    return join(this.directory, `${encodeURIComponent(key)}${SUFFIX}`);
  }
}
