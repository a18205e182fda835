import { chmod, lstat, mkdir, open, readFile, rm, rmdir } from "node:fs/promises";
import type { Stats } from "node:fs";
import { join } from "node:path";
import { StoreError } from "../../emulator/store/store.js";

/** The directory hikemu creates inside `--state DIR` and keeps its files in. */
export const STATE_SUBDIRECTORY = "hikemu-state";
export const MARKER_FILE = ".hikemu-store";
const MARKER_PREFIX = "hikemu state directory";
const MARKER_TEXT = `${MARKER_PREFIX}: one JSON file of device flash per device. Created by hikemu; it removes and rewrites files here.\n`;

export interface StateDirectory {
  readonly path: string;
  /** True when this call created it (and nothing was in it before). */
  readonly created: boolean;
}

/**
 * Finds or creates `parent/hikemu-state`. The parent is only read (and created when
 * missing): its mode and its files are never touched. An existing hikemu-state is used only
 * when it is a real directory (not a symbolic link), owned by this process's user, and
 * holds the marker; `initialise` runs on a new one before the marker is written, so a
 * directory without the marker is never half-set-up state that hikemu would adopt.
 *
 * When setting up a new one fails, it is removed again, so the next start is not refused:
 * `initialise` must remove the files it wrote before it throws, and the directory is then
 * removed only if empty (never recursively: what is left in it is not known to be ours).
 * `uid` is the effective uid, the owner of the files this process creates.
 */
export async function openStateDirectory(parent: string, initialise: (path: string) => Promise<void>, uid = process.geteuid?.()): Promise<StateDirectory> {
  const path = join(parent, STATE_SUBDIRECTORY);
  await mkdir(parent, { recursive: true });
  const existing = await lstatOrUndefined(path);
  if (existing) {
    await checkOwned(path, existing, uid);
    await chmod(path, 0o700);
    return { path, created: false };
  }
  try {
    await mkdir(path, { mode: 0o700 });
  } catch (error) {
    // Created by someone else since the lstat: judge it as any existing directory.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return openStateDirectory(parent, initialise, uid);
  }
  let markerCreated = false;
  try {
    await chmod(path, 0o700);
    await initialise(path);
    const marker = await open(join(path, MARKER_FILE), "wx", 0o600);
    markerCreated = true;
    try {
      await marker.writeFile(MARKER_TEXT, "utf8");
      await marker.sync();
    } finally {
      await marker.close();
    }
  } catch (error) {
    if (markerCreated) await rm(join(path, MARKER_FILE), { force: true }).catch(() => undefined);
    await rmdir(path).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path);
  await syncDirectory(parent);
  return { path, created: true };
}

async function checkOwned(path: string, stats: Stats, uid: number | undefined): Promise<void> {
  if (stats.isSymbolicLink()) throw new StoreError(`${path} is a symbolic link; hikemu does not follow it for its state. Remove the link or choose another --state directory`);
  if (!stats.isDirectory()) throw new StoreError(`${path} exists and is not a directory; move it away or choose another --state directory`);
  if (uid !== undefined && stats.uid !== uid) {
    throw new StoreError(`${path} belongs to uid ${stats.uid}, not to this process (uid ${uid}); hikemu keeps state only in a directory of its own user`);
  }
  const marker = await lstatOrUndefined(join(path, MARKER_FILE));
  const text = marker?.isFile() ? await readFile(join(path, MARKER_FILE), "utf8") : undefined;
  if (!text?.startsWith(MARKER_PREFIX)) {
    throw new StoreError(
      `${path} exists but was not created by hikemu (no ${MARKER_FILE} marker); hikemu will not adopt it. Move it away or choose another --state directory`,
    );
  }
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export async function syncDirectory(path: string): Promise<void> {
  const dir = await open(path, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
