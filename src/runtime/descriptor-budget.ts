import { readFileSync } from "node:fs";

/**
 * File descriptors a fleet needs (issue #6): the listening sockets of each device, the state files
 * opened during start-up (in batches of START_BATCH, fleet.ts), and a reserve for the process
 * itself (stdio, the SADP socket, the logger, Node's own handles) and for client connections.
 */
export const STARTUP_FILES = 64;
export const PROCESS_RESERVE = 128;
/** HTTP and HTTPS (issue #10; every captured model has HTTPS on from the factory). */
export const LISTENERS_PER_DEVICE = 2;

export function descriptorsNeeded(devices: number): number {
  return devices * LISTENERS_PER_DEVICE + Math.min(STARTUP_FILES, devices) + PROCESS_RESERVE;
}

/**
 * The soft limit on open files (Node raises it to the hard limit at start-up), from
 * `/proc/self/limits`; undefined where that file does not exist or says "unlimited".
 */
export function openFileLimit(): number | undefined {
  return parseOpenFileLimit(readLimits());
}

export function parseOpenFileLimit(limitsText: string | undefined): number | undefined {
  const line = limitsText?.split("\n").find((l) => l.startsWith("Max open files"));
  const soft = line?.slice("Max open files".length).trim().split(/\s+/)[0];
  const value = Number(soft);
  return soft && Number.isInteger(value) ? value : undefined;
}

/** Descriptors the process itself keeps (stdio, SADP, logger, Node's own handles). */
const PROCESS_OWN = 64;

/**
 * How many client connections all devices together may hold before new ones are refused:
 * what the limit leaves once listeners, start-up files and the process's own are counted,
 * so idle clients can never exhaust descriptors and stall every device (EMFILE on accept).
 */
export function connectionBudget(devices: number, limit: number | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  return Math.max(PROCESS_RESERVE - PROCESS_OWN, limit - devices * LISTENERS_PER_DEVICE - Math.min(STARTUP_FILES, devices) - PROCESS_OWN);
}

/** One line saying why the fleet cannot start, or undefined when it fits. */
export function descriptorShortfall(devices: number, limit: number | undefined): string | undefined {
  const needed = descriptorsNeeded(devices);
  if (limit === undefined || needed <= limit) return undefined;
  const what = devices === 0 ? "hikemu needs" : `${devices} devices need`;
  return `${what} about ${needed} open files, but this process may open ${limit}; raise the limit (e.g. ulimit -n ${suggestedLimit(needed)})${devices === 0 ? "" : " or run fewer devices"}`;
}

function suggestedLimit(needed: number): number {
  let limit = 1024;
  while (limit < needed) limit *= 2;
  return limit;
}

function readLimits(): string | undefined {
  try {
    return readFileSync("/proc/self/limits", "utf8");
  } catch {
    return undefined;
  }
}
