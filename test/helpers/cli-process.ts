import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

export const CLI_ENTRY = fileURLToPath(new URL("../../src/cli/bin.ts", import.meta.url));

/**
 * `node <tap's loader flags> src/cli/bin.ts …`, optionally behind a wrapper command (e.g.
 * setpriv dropping a capability) and inside a network namespace.
 */
export function cliCommand(args: readonly string[], netns?: string, wrapper: readonly string[] = []): { command: string; argv: string[] } {
  const full = [...(netns ? ["ip", "netns", "exec", netns] : []), ...wrapper, process.execPath, ...process.execArgv, CLI_ENTRY, ...args];
  return { command: full[0] as string, argv: full.slice(1) };
}

export interface StartedFleet {
  readonly child: ChildProcess;
  readonly ready: ReadyLine;
  stderr(): string;
}

export interface ReadyLine {
  readonly sadpPort: number;
  readonly ssdpPort: number | null;
  /** The directory the device state is in. */
  readonly state: string;
  readonly devices: { id: string; model: string; ip: string; httpUrl: string; activated: boolean; serial: string; mac: string; addressNote?: string | null }[];
  readonly clock: "real" | "virtual";
  /** The control API, when one was asked for. */
  readonly control: { readonly url: string; readonly token?: string } | null;
}

/** Starts `hikemu start --json …` and resolves with its ready line. */
export function startFleetProcess(
  args: readonly string[],
  options: { netns?: string; wrapper?: readonly string[]; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<StartedFleet> {
  // Test files run in parallel: no control API unless the test asks for one (port 0 or its own address).
  const control = args.includes("--control") || options.env?.HIKEMU_CONTROL ? [] : ["--control", "off"];
  // Nor the SSDP port 1900 outside a namespace of the test's own: the OS picks one.
  const ownsSsdp = options.netns !== undefined || args.some((a) => a.startsWith("--ssdp-port") || a === "--no-ssdp") || options.env?.HIKEMU_SSDP_PORT !== undefined;
  const ssdp = ownsSsdp ? [] : ["--ssdp-port", "0"];
  const { command, argv } = cliCommand(["start", "--json", ...control, ...ssdp, ...args], options.netns, options.wrapper);
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`fleet did not start in time; stderr:\n${errors}`));
    }, options.timeoutMs ?? 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      if (!line.startsWith("{")) return;
      clearTimeout(timer);
      resolve({ child, ready: JSON.parse(line) as ReadyLine, stderr: () => errors });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`fleet exited with ${code}; stderr:\n${errors}`));
    });
  });
}

export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Runs the CLI to completion and collects its output. */
export function runCli(args: readonly string[], env: Record<string, string> = {}, wrapper: readonly string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { command, argv } = cliCommand(args, undefined, wrapper);
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}
