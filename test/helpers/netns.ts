import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import type { Test } from "tap";

const run = promisify(execFile);

let verdict: string | false | undefined;

/**
 * The one place that decides whether this process can create network namespaces: it must be
 * root, have `ip` (iproute2), and `ip netns add` must actually work (a container without
 * CAP_SYS_ADMIN fails there). Returns false when it can, otherwise the reason, which the
 * tests that need a namespace use as tap's skip reason: `t.test(name, { skip: netnsSkip() }, …)`.
 * Decided once per test process.
 */
export function netnsSkip(): string | false {
  verdict ??= decide();
  return verdict;
}

function decide(): string | false {
  const uid = process.getuid?.();
  if (uid === undefined) return "needs Linux network namespaces (ip netns)";
  if (uid !== 0) return `needs root to create a network namespace (ip netns); running as uid ${uid}`;
  const noIp = missingCommand("ip", ["-V"], "iproute2");
  if (noIp) return noIp;
  const name = `hikemu-probe-${process.pid}`;
  try {
    execFileSync("ip", ["netns", "add", name], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    return `cannot create a network namespace: ip netns add failed: ${firstLine(error)}`;
  }
  execFileSync("ip", ["netns", "del", name]);
  return false;
}

/** The reason a test cannot run when `command` is not installed, or false when it is. */
export function missingCommand(command: string, versionArgs: readonly string[], packageName: string): string | false {
  try {
    execFileSync(command, versionArgs, { stdio: "ignore" });
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? `needs ${command} (${packageName}), not installed` : `${command} does not run: ${firstLine(error)}`;
  }
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
  return (stderr || (error as Error).message).split("\n")[0] ?? "";
}

/**
 * A network namespace of the test's own, with only loopback up: nothing sent inside it
 * can leave the machine (tests send only to 127.0.0.0/8 or into namespaces of their own). Only for tests skipped on `netnsSkip()`.
 */
export function createNetns(t: Test, tag: string): string {
  const why = netnsSkip();
  if (why) throw new Error(`createNetns in a test not skipped on netnsSkip(): ${why}`);
  const name = `hikemu-${tag}-${process.pid}`;
  execFileSync("ip", ["netns", "add", name]);
  t.teardown(() => execFileSync("ip", ["netns", "del", name]));
  execFileSync("ip", ["netns", "exec", name, "ip", "link", "set", "lo", "up"]);
  return name;
}

/**
 * Runs a TypeScript helper (`test/helpers/*-main.ts`) inside the namespace through tap's loader,
 * optionally behind `wrapper` (e.g. setpriv), and parses the JSON of its last output line.
 */
export async function runInNetns<T>(netns: string, script: string, args: readonly string[], wrapper: readonly string[] = []): Promise<T> {
  const { stdout } = await run("ip", ["netns", "exec", netns, ...wrapper, process.execPath, ...process.execArgv, script, ...args]);
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as T;
}
