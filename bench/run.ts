/**
 * npm run bench: each figure is a ratio against a baseline measured in the same run on the
 * same machine, so it means something on any machine. Results go to docs/benchmarks.md.
 * All traffic is on 127.0.0.0/8; every loop is bounded by a request or device count.
 */
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import { writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { pino } from "pino";
import { startEmulator } from "../src/runtime/emulator.js";
import { MemoryStore } from "../src/emulator/store/memory-store.js";
import { ProfileRegistry } from "../src/profiles/index.js";
import { activateOverIsapi } from "../test/helpers/isapi-activation-client.js";
import { sadpProbe } from "../test/helpers/sadp-client.js";
import { digestHeader } from "../test/helpers/digest-header.js";

const run = promisify(execFile);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const REQUESTS = Number(process.env.HIKEMU_BENCH_REQUESTS ?? 20000);
const CONCURRENCY = 16;
const DEVICES = 1000;
const silent = pino({ level: "silent" });
const profiles = new ProfileRegistry();

async function load(url: string, authorization?: string): Promise<number> {
  const { stdout } = await run(process.execPath, [here("load.js"), url, String(REQUESTS), String(CONCURRENCY), ...(authorization ? [authorization] : [])]);
  const result = JSON.parse(stdout) as { ms: number; ok: number; status: number };
  if (result.ok !== REQUESTS) throw new Error(`${url}: only ${result.ok}/${REQUESTS} answered 200 (last ${result.status})`);
  return (REQUESTS / result.ms) * 1000;
}

async function memory(mode: "hikemu" | "bare", count: number, octet: number): Promise<number> {
  const { stdout } = await run(process.execPath, ["--expose-gc", here("memory-child.js"), mode, String(count), String(octet)], { maxBuffer: 1 << 20 });
  return (JSON.parse(stdout) as { rss: number }).rss;
}

async function httpBench(): Promise<string[]> {
  const baseline = createServer((_req, res) => {
    const body = '<?xml version="1.0" encoding="UTF-8"?>\r\n<ActivateStatus>\r\n<Activated>false</Activated>\r\n</ActivateStatus>\r\n';
    res.writeHead(200, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => baseline.listen(0, "127.47.0.1", resolve));
  const baselinePort = (baseline.address() as { port: number }).port;
  const profile = profiles.get("DS-2CD2146G2-ISU")!;
  const emulator = await startEmulator({
    config: { seed: "bench", interface: "loopback", httpPort: 0, httpFallbackPort: 0, sadpPort: 0, specs: [{ name: "cam", profile, address: "127.47.0.10", mask: "255.0.0.0", gateway: "127.0.0.1", initial: { activated: false } }] },
    store: new MemoryStore(),
    logger: silent,
  });
  const device = emulator.fleet.byName("cam")!;
  const base = `http://127.47.0.10:${device.serving.httpPort}`;

  const bare = await load(`http://127.47.0.1:${baselinePort}/SDK/activateStatus`);
  const status = await load(`${base}/SDK/activateStatus`);
  await activateOverIsapi(base, "Bench12345!");
  const challenge = await fetch(`${base}/ISAPI/System/deviceInfo`);
  const nonce = /nonce="([^"]+)"/.exec(challenge.headers.get("www-authenticate") ?? "")![1]!;
  const info = await load(`${base}/ISAPI/System/deviceInfo`, digestHeader(device.identity.realm, nonce, "/ISAPI/System/deviceInfo", "Bench12345!"));
  await emulator.stop();
  baseline.close();
  const row = (what: string, rps: number) => `| ${what} | ${Math.round(rps).toLocaleString("en")} | ${(rps / bare).toFixed(2)} |`;
  return [
    `### HTTP hot path (${REQUESTS.toLocaleString("en")} keep-alive GETs, ${CONCURRENCY} concurrent, load from a separate process)`,
    "",
    "| Request | req/s | ratio to bare node:http |",
    "|---|---|---|",
    row("baseline: bare `node:http`, constant body", bare),
    row("hikemu `GET /SDK/activateStatus` (route table, no auth)", status),
    row("hikemu `GET /ISAPI/System/deviceInfo` (Digest MD5 check + XML build)", info),
    "",
    "The load generator is a Node process on the other core and is itself the limit for the bare",
    "baseline at these rates, so a ratio near 1.00 reads \"no slower than bare node:http for this",
    "client\", not \"as fast as node:http can go\".",
  ];
}

async function memoryBench(): Promise<string[]> {
  const bareFloor = await memory("bare", 0, 48);
  const bareFull = await memory("bare", DEVICES, 48);
  const hikemuFloor = await memory("hikemu", 0, 49);
  const hikemuFull = await memory("hikemu", DEVICES, 49);
  const perBare = (bareFull - bareFloor) / DEVICES;
  const perHikemu = (hikemuFull - hikemuFloor) / DEVICES;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `### Memory per device (${DEVICES.toLocaleString("en")} devices, RSS after GC, minus the same process with none)`,
    "",
    "| What | per device | ratio to a bare listener |",
    "|---|---|---|",
    `| baseline: one bare \`node:http\` listener per address | ${kb(perBare)} | 1.00 |`,
    `| hikemu device (core, flash, RAM, HTTP listener, SADP share) | ${kb(perHikemu)} | ${(perHikemu / perBare).toFixed(2)} |`,
  ];
}

async function sadpBench(): Promise<string[]> {
  const profile = profiles.get("DS-2CD2146G2-ISU")!;
  const specs = Array.from({ length: DEVICES }, (_, i) => ({ name: `cam-${i}`, profile, address: `127.50.${(i + 10) >> 8}.${(i + 10) & 255}`, mask: "255.0.0.0", gateway: "127.0.0.1", initial: { activated: false } as const }));
  const emulator = await startEmulator({ config: { seed: "bench", interface: "loopback", httpPort: 0, httpFallbackPort: 0, sadpPort: 0, specs }, store: new MemoryStore(), logger: silent });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: DEVICES, timeoutMs: 20_000 });
    if (replies.byMac.size !== DEVICES) throw new Error(`only ${replies.byMac.size} devices answered`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  await emulator.stop();
  times.sort((a, b) => a - b);
  const median = times[2]!;
  // The floor the pacing imposes: bursts of 32 datagrams every 4 ms, unicast + group copy each.
  const pacingFloor = (Math.ceil((2 * DEVICES) / 32) - 1) * 4;
  return [
    `### SADP: one inquiry answered by ${DEVICES.toLocaleString("en")} devices (5 probes, median)`,
    "",
    "| What | ms | ratio to the pacing floor |",
    "|---|---|---|",
    `| baseline: pacing floor (${Math.ceil((2 * DEVICES) / 32)} bursts of 32, 4 ms apart) | ${pacingFloor} | 1.00 |`,
    `| hikemu: probe sent → last of ${DEVICES.toLocaleString("en")} ProbeMatch received | ${median.toFixed(0)} | ${(median / pacingFloor).toFixed(2)} |`,
  ];
}

const sections = [await httpBench(), await memoryBench(), await sadpBench()];
const cpu = cpus()[0]?.model ?? "unknown CPU";
const text = [
  "# Benchmarks",
  "",
  "Written by `npm run bench` (`bench/run.ts`); every figure is a ratio against a baseline measured",
  "in the same run, so compare ratios, not absolute numbers, across machines.",
  "",
  `Last run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpu}.`,
  "",
  ...sections.flatMap((lines) => [...lines, ""]),
].join("\n");
await writeFile(new URL("../../docs/benchmarks.md", import.meta.url), text);
console.log(text);
