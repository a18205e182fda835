import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

export const MB = 1024 * 1024;

/** RSS once garbage is collected: what the process holds, not what it has yet to free. */
export function rss(): number {
  gc();
  return process.memoryUsage().rss;
}
