import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../fixtures/${relative}`, import.meta.url));
}

export function readFixture(relative: string): Buffer {
  return readFileSync(fixturePath(relative));
}

/**
 * The golden bytes for `relative`; with HIKEMU_WRITE_GOLDEN=1 the actual bytes are written
 * first (after an intended change, then review the diff).
 */
export function golden(relative: string, actual: Buffer | string): Buffer {
  if (process.env.HIKEMU_WRITE_GOLDEN === "1") writeFileSync(fixturePath(relative), actual);
  return readFixture(relative);
}
