/**
 * HTTP hot path: autocannon (own process) against each server (own process), baselines
 * interleaved with the hikemu runs in every repetition, ratios taken within a repetition.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { request } from "urllib";
import type { StartMessage } from "./server-child.js";
import type { LoadPlan, LoadResult } from "./autocannon-child.js";

const run = promisify(execFile);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
export const PASSWORD = "Bench12345!";
const INFO = "/ISAPI/System/deviceInfo";
const STATUS = "/SDK/activateStatus";

export interface ThroughputOptions {
  readonly seconds: number;
  readonly repetitions: number;
  readonly connections: number;
}

/**
 * With two or more cores and util-linux's taskset, the server runs on core 0 and the load
 * generator on core 1, so neither steals the other's core and runs repeat more closely.
 */
const PINNED = cpus().length >= 2 && hasTaskset();
const onCore = (core: number, argv: readonly string[]): [string, string[]] => (PINNED ? ["taskset", ["-c", String(core), ...argv]] : [argv[0]!, argv.slice(1)]);

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const pinnedToCores = PINNED;

export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
  ) {}

  static async start(message: Omit<StartMessage, "cmd">): Promise<ServerProcess> {
    const [command, args] = onCore(0, [process.execPath, here("server-child.js")]);
    const child = spawn(command, args, { stdio: ["inherit", "inherit", "inherit", "ipc"] });
    const port = await new Promise<number>((resolve) => {
      child.once("message", (m: { port: number }) => resolve(m.port));
      child.send({ cmd: "start", ...message });
    });
    return new ServerProcess(child, `http://${message.address}:${port}`);
  }

  cpuMicros(): Promise<number> {
    return new Promise((resolve) => {
      this.child.once("message", (m: { cpu: number }) => resolve(m.cpu));
      this.child.send({ cmd: "cpu" });
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

export interface Case {
  readonly label: string;
  readonly server: ServerProcess;
  readonly path: string;
  readonly digest: boolean;
  /** The label of the baseline this case is compared with (none: it is a baseline). */
  readonly baseline?: string;
}

export interface Measured extends LoadResult {
  /** Server CPU per answered request, µs. */
  readonly serverMicros: number;
}

export async function measure(c: Case, options: ThroughputOptions): Promise<Measured> {
  const plan: LoadPlan = { url: `${c.server.base}${c.path}`, connections: options.connections, seconds: options.seconds, ...(c.digest ? { digest: { user: "admin", password: PASSWORD } } : {}) };
  const before = await c.server.cpuMicros();
  const [command, args] = onCore(1, [process.execPath, here("autocannon-child.js"), JSON.stringify(plan)]);
  const { stdout } = await run(command, args, { maxBuffer: 1 << 20 });
  const after = await c.server.cpuMicros();
  const result = JSON.parse(stdout) as LoadResult;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${c.label}: ${result.non2xx} non-2xx and ${result.errors} errors`);
  return { ...result, serverMicros: (after - before) / result.ok };
}

/** Runs every case `repetitions` times, interleaved; returns the measurements by label. */
export async function throughput(options: ThroughputOptions): Promise<{ cases: readonly Case[]; runs: Map<string, Measured[]> }> {
  const hikemu = await ServerProcess.start({ mode: "hikemu", address: "127.47.0.10", password: PASSWORD });
  // The bare servers send the very bytes hikemu sends for the same resources.
  const info = await request(`${hikemu.base}${INFO}`, { digestAuth: `admin:${PASSWORD}`, dataType: "text" });
  const status = await (await fetch(`${hikemu.base}${STATUS}`)).text();
  const anonymous = await fetch(`${hikemu.base}${INFO}`);
  await anonymous.arrayBuffer();
  const realm = /realm="([^"]+)"/.exec(anonymous.headers.get("www-authenticate") ?? "")?.[1] ?? "";
  const bodies = { [INFO]: String(info.data), [STATUS]: status };
  const bare = await ServerProcess.start({ mode: "bare", address: "127.47.0.1", bodies, password: PASSWORD });
  const bareMd5 = await ServerProcess.start({ mode: "bare-md5", address: "127.47.0.2", bodies, realm, password: PASSWORD });
  const cases: Case[] = [
    { label: "bare `node:http`, the deviceInfo body", server: bare, path: INFO, digest: false },
    { label: "bare `node:http` + MD5 Digest check, the deviceInfo body", server: bareMd5, path: INFO, digest: true },
    { label: "hikemu `GET /ISAPI/System/deviceInfo` (Digest)", server: hikemu, path: INFO, digest: true, baseline: "bare `node:http` + MD5 Digest check, the deviceInfo body" },
    { label: "bare `node:http`, the activateStatus body", server: bare, path: STATUS, digest: false },
    { label: "hikemu `GET /SDK/activateStatus` (no auth)", server: hikemu, path: STATUS, digest: false, baseline: "bare `node:http`, the activateStatus body" },
  ];
  const runs = new Map<string, Measured[]>(cases.map((c) => [c.label, []]));
  try {
    for (let rep = 0; rep < options.repetitions; rep++) {
      for (const c of cases) runs.get(c.label)!.push(await measure(c, options));
    }
  } finally {
    for (const server of [hikemu, bare, bareMd5]) server.stop();
  }
  return { cases, runs };
}
