/** Memory per device: RSS after GC of N devices minus none, against N bare listeners. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

async function memory(mode: "hikemu" | "bare", count: number, octet: number): Promise<number> {
  const { stdout } = await run(process.execPath, ["--expose-gc", here("memory-child.js"), mode, String(count), String(octet)], { maxBuffer: 1 << 20 });
  return (JSON.parse(stdout) as { rss: number }).rss;
}


export async function memoryBench(devices: number): Promise<string[]> {
  const bareFloor = await memory("bare", 0, 48);
  const bareFull = await memory("bare", devices, 48);
  const hikemuFloor = await memory("hikemu", 0, 49);
  const hikemuFull = await memory("hikemu", devices, 49);
  const perBare = (bareFull - bareFloor) / devices;
  const perHikemu = (hikemuFull - hikemuFloor) / devices;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `### Memory per device (${devices.toLocaleString("en")} devices, RSS after GC, minus the same process with none)`,
    "",
    "| What | per device | ratio to a bare listener |",
    "|---|---|---|",
    `| baseline: one bare \`node:http\` listener per address | ${kb(perBare)} | 1.00 |`,
    `| hikemu device (core, flash, RAM, HTTP listener, SADP and SSDP share) | ${kb(perHikemu)} | ${(perHikemu / perBare).toFixed(2)} |`,
  ];
}

