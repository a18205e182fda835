import { open, readFile, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { StoreError, type Store } from "../../emulator/store/store.js";
import { safeDecodeURIComponent } from "../../util/safe-decode.js";
import { findLegacyRecords, type SkippedFile } from "./legacy-layout.js";
import { STATE_SUBDIRECTORY, openStateDirectory, syncDirectory } from "./state-directory.js";

const SUFFIX = ".json";
/** `<key>.json.<pid>.<sequence>.tmp`: the only temp files this store writes, and removes. */
const OWN_TEMP = /\.json\.\d+\.\d+\.tmp$/;

/**
 * One JSON file per key in `DIR/hikemu-state/`, a directory the store creates and marks as
 * its own (0700, files 0600: state holds password material); `DIR` itself is left as it is.
 * A write goes to a temp file, is fsynced, renamed over the old file and the directory is
 * fsynced, so a reader sees the old or the new value, never half of one, even after
 * `kill -9`. Writes to one key are serialised; the latest value wins.
 */
export class FileStore implements Store {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #imported: string[] = [];
  #skipped: readonly SkippedFile[] = [];
  #sequence = 0;
  #closed = false;

  private constructor(readonly directory: string) {}

  /**
   * Opens the store inside `parent`. When it creates the store, device records of the
   * previous layout (`parent/*.json`) are copied in; the originals stay (see `imported`
   * and `skipped`). If copying fails, the copies are removed and so is the new directory.
   */
  static async open(parent: string): Promise<FileStore> {
    const store = new FileStore(join(parent, STATE_SUBDIRECTORY));
    const { created } = await openStateDirectory(parent, async () => {
      const { records, skipped } = await findLegacyRecords(parent);
      store.#skipped = skipped;
      const copies = new Set<string>();
      try {
        for (const legacy of records) {
          await store.save(legacy.key, legacy.record);
          copies.add(store.#path(legacy.key));
          store.#imported.push(legacy.file);
        }
      } catch (error) {
        // A failed save leaves nothing behind (#write removes its temp file).
        await Promise.all([...copies].map((copy) => rm(copy, { force: true }).catch(() => undefined)));
        throw error;
      }
    });
    // Temp files left by a killed process are never the current value.
    if (!created) {
      for (const entry of await readdir(store.directory)) {
        if (OWN_TEMP.test(entry)) await rm(join(store.directory, entry), { force: true });
      }
    }
    return store;
  }

  /** Files of the previous layout copied in when this store was created, for the log. */
  get imported(): readonly string[] {
    return this.#imported;
  }

  /**
   * `*.json` files of the `--state` directory that were not examined when this store was
   * created (unreadable, not a regular file, another user's, too large), for a warning log.
   */
  get skipped(): readonly SkippedFile[] {
    return this.#skipped;
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
    if (this.#closed) return Promise.reject(new StoreError(`store ${this.directory} is closed; ${key} was not saved`));
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

  /** Keys of the files here; a `*.json` whose name does not decode (`%zz.json`) is not one of ours and is skipped. */
  async keys(): Promise<string[]> {
    const keys: string[] = [];
    for (const entry of await readdir(this.directory)) {
      const key = entry.endsWith(SUFFIX) ? safeDecodeURIComponent(entry.slice(0, -SUFFIX.length)) : undefined;
      if (key !== undefined) keys.push(key);
    }
    return keys;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#chains.values());
  }

  async #write(key: string, text: string): Promise<void> {
    const target = this.#path(key);
    const temp = `${target}.${process.pid}.${this.#sequence++}.tmp`;
    const file = await open(temp, "wx", 0o600);
    try {
      try {
        await file.writeFile(text, "utf8");
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncDirectory(this.directory);
  }

  #path(key: string): string {
    return join(this.directory, `${encodeURIComponent(key)}${SUFFIX}`);
  }
}
