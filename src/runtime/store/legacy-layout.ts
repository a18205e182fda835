import { constants } from "node:fs";
import { open, readdir, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { safeDecodeURIComponent } from "../../util/safe-decode.js";

export interface LegacyRecord {
  readonly file: string;
  readonly key: string;
  readonly record: Record<string, unknown>;
}

/** A `*.json` that was not examined, and why: for a warning, never a reason to fail. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface LegacyScan {
  readonly records: readonly LegacyRecord[];
  readonly skipped: readonly SkippedFile[];
}

/** Larger files are not device records; they are not even read. */
const MAX_RECORD_BYTES = 1 << 20;

/**
 * Never follows a link, never blocks on a FIFO (or waits for a device), never makes a
 * terminal ours: what is opened is then judged by `fstat` on the handle, not by a name that
 * can be swapped in between.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/**
 * Device records that hikemu before `hikemu-state/` wrote straight into the `--state`
 * directory as `<key>.json`. That directory may be shared (`/tmp`), so a candidate counts
 * only when it is a regular file of at most 1 MiB owned by this process's user (`uid`;
 * the check is left out where there are no uids) whose content has the shape of a device
 * record (integer `version`, `model`, `identity` and `flash`). A file that cannot be opened
 * or read is skipped and reported, never a reason to fail. Nothing here is changed.
 */
export async function findLegacyRecords(directory: string, uid = process.geteuid?.()): Promise<LegacyScan> {
  const records: LegacyRecord[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of (await readdir(directory)).sort()) {
    if (!file.endsWith(".json")) continue;
    const key = safeDecodeURIComponent(file.slice(0, -".json".length));
    if (key === undefined) continue;
    const read = await readCandidate(join(directory, file), uid);
    if (typeof read !== "string") {
      skipped.push({ file, reason: read.skipped });
      continue;
    }
    const record = parseRecord(read);
    if (record) records.push({ file, key, record });
  }
  return { records, skipped };
}

async function readCandidate(path: string, uid: number | undefined): Promise<string | { skipped: string }> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { skipped: code === "ELOOP" ? "a symbolic link, not followed" : `cannot be opened (${code ?? String(error)})` };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { skipped: "not a regular file" };
    if (uid !== undefined && stats.uid !== uid) return { skipped: `owned by uid ${stats.uid}` };
    if (stats.size > MAX_RECORD_BYTES) return { skipped: `larger than ${MAX_RECORD_BYTES} bytes` };
    // One byte more than fstat said: a file that grew since is not read on without bound.
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) return { skipped: "changed while being read" };
    }
    return buffer.toString("utf8", 0, length);
  } catch (error) {
    return { skipped: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  } finally {
    await handle.close();
  }
}

function parseRecord(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const version = value["version"];
  const looksLikeDevice = typeof version === "number" && Number.isInteger(version) && version >= 1 && typeof value["model"] === "string" && isObject(value["identity"]) && isObject(value["flash"]);
  return looksLikeDevice ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
