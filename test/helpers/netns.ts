import { execFileSync } from "node:child_process";
import type { Test } from "tap";

/**
 * A network namespace of the test's own, with only loopback up: nothing sent inside it
 * can leave the machine (DEVELOPERS.md network rule). Needs root (CI runs as root).
 */
export function createNetns(t: Test, tag: string): string {
  const name = `hikemu-${tag}-${process.pid}`;
  execFileSync("ip", ["netns", "add", name]);
  t.teardown(() => execFileSync("ip", ["netns", "del", name]));
  execFileSync("ip", ["netns", "exec", name, "ip", "link", "set", "lo", "up"]);
  return name;
}
