import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { safeDecodeURIComponent } from "../../util/safe-decode.js";

export interface LegacyRecord {
  readonly file: string;
  readonly key: string;
  readonly record: Record<string, unknown>;
}

/** Larger files are not device records; they are not even read. */
const MAX_RECORD_BYTES = 1 << 20;

/**
 * Device records that hikemu before `hikemu-state/` wrote straight into the `--state`
 * directory as `<key>.json`. Only regular files whose content has the shape of a device
 * record (integer `version`, `model`, `identity` and `flash`) count; anything else is
 * someone else's file. Nothing here is changed.
 */
export async function findLegacyRecords(directory: string): Promise<LegacyRecord[]> {
  const found: LegacyRecord[] = [];
  for (const file of (await readdir(directory)).sort()) {
    if (!file.endsWith(".json")) continue;
    const key = safeDecodeURIComponent(file.slice(0, -".json".length));
    if (key === undefined) continue;
    const stats = await lstat(join(directory, file));
    if (!stats.isFile() || stats.size > MAX_RECORD_BYTES) continue;
    const record = parseRecord(await readFile(join(directory, file), "utf8"));
    if (record) found.push({ file, key, record });
  }
  return found;
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
