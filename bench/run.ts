/**
 * npm run bench [-- --quick]: each figure is a ratio against a baseline measured in the same
 * run on the same machine, so it means something on any machine. Results go to
 * docs/benchmarks.md. All traffic is on 127.0.0.0/8; every loop is bounded by a duration,
 * a request count or a device count.
 */
import { writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { throughput } from "./http/throughput.js";
import { throughputReport } from "./http/report.js";
import { memoryBench } from "./memory.js";
import { sadpAnswerTime } from "./sadp/answer-time.js";
import { sadpFloodBench } from "./sadp/flood.js";
import { webFallbackBench } from "./http/web-fallback.js";

const quick = process.argv.includes("--quick");
const http = quick ? { seconds: 2, repetitions: 1, connections: 32 } : { seconds: 8, repetitions: 3, connections: 32 };
const devices = quick ? 200 : 1000;
const floodFleets = quick ? [200] : [1000, 5000];
const sequentialGets = quick ? 500 : 2000;

const { cases, runs } = await throughput(http);
const sections = [
  throughputReport(cases, runs, http),
  await webFallbackBench(http),
  await memoryBench(devices),
  await sadpAnswerTime(devices),
  ...(await sequence(floodFleets.map((n) => () => sadpFloodBench(n, sequentialGets)))),
];

async function sequence<T>(steps: readonly (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const step of steps) out.push(await step());
  return out;
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
const text = [
  "# Benchmarks",
  "",
  "Written by `npm run bench` (`bench/run.ts`); every figure is a ratio against a baseline measured",
  "in the same run, so compare ratios, not absolute numbers, across machines.",
  "",
  `Last run: ${new Date().toISOString().slice(0, 10)}${quick ? " (--quick: short runs, small fleets)" : ""}, Node ${process.version}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB.`,
  "",
  ...sections.flatMap((lines) => [...lines, ""]),
].join("\n");
if (quick) console.log("(--quick: docs/benchmarks.md is left as it is)");
else await writeFile(new URL("../../docs/benchmarks.md", import.meta.url), text);
console.log(text);
