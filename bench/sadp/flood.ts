/** SADP flood: Digest GET latency on one device while many inquiries arrive at a large fleet. */
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { startEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { ProfileRegistry } from "../../src/profiles/index.js";
import { encodeProbe } from "../../src/discovery/sadp/codec.js";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const silent = pino({ level: "silent" });
const profiles = new ProfileRegistry();

interface Latency {
  readonly p50: number;
  readonly p99: number;
}

/** Sequential keep-alive GETs from a separate process; `whenFirst` runs once the first is answered. */
function latency(url: string, credentials: string, count: number, whenFirst?: () => Promise<void>): Promise<Latency> {
  const child = spawn(process.execPath, [here("../load.js"), url, String(count), "1", credentials]);
  let stdout = "";
  let during: Promise<void> = Promise.resolve();
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    if (whenFirst && chunk.toString().includes("first")) during = whenFirst();
  });
  return new Promise((resolve, reject) =>
    child.on("close", (code) => {
      void during.then(() => {
        const result = JSON.parse(stdout || "{}") as { ok?: number; p50: number; p99: number };
        if (code !== 0 || result.ok !== count) reject(new Error(`latency run failed (exit ${code}, ${result.ok}/${count} ok)`));
        else resolve({ p50: result.p50, p99: result.p99 });
      }, reject);
    }),
  );
}

/** RSS once garbage is collected: what the process holds. */
function rssAfterGc(): number {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().rss;
}

const INQUIRIES = 200;
const SENDERS = 10;

/** 200 inquiries from 10 loopback senders, fresh Uuids; the sockets close at once (replies are not read here). */
async function sendInquiries(port: number): Promise<void> {
  for (let s = 0; s < SENDERS; s++) {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, `127.51.200.${s + 1}`, resolve));
    for (let i = 0; i < INQUIRIES / SENDERS; i++) {
      await new Promise<void>((resolve, reject) => socket.send(encodeProbe(randomUUID().toUpperCase(), "inquiry"), port, "127.0.0.1", (e) => (e ? reject(e) : resolve())));
    }
    socket.close();
  }
}

export async function sadpFloodBench(devices: number, gets: number): Promise<string[]> {
  const profile = profiles.get("DS-2CD2146G2-ISU")!;
  const password = "Bench12345!";
  const specs = Array.from({ length: devices }, (_, i) => ({
    name: `cam-${i}`,
    profile,
    address: `127.51.${(i + 10) >> 8}.${(i + 10) & 255}`,
    mask: "255.0.0.0",
    gateway: "127.0.0.1",
    initial: i === devices - 1 ? ({ activated: true, password } as const) : ({ activated: false } as const),
  }));
  const emulator = await startEmulator({ config: { seed: "bench", interface: "loopback", httpPort: 0, httpFallbackPort: 0, sadpPort: 0, ssdpPort: 0, specs }, store: new MemoryStore(), logger: silent });
  const device = emulator.fleet.byName(`cam-${devices - 1}`)!;
  const url = `http://${device.serving.address}:${device.serving.httpPort}/ISAPI/System/deviceInfo`;
  // Each run logs in afresh (load.ts): one nonce, nc counting up, nothing replayed.
  const authorization = JSON.stringify({ user: "admin", password });

  await latency(url, authorization, 200);
  const quiet = await latency(url, authorization, gets);
  const rssBefore = rssAfterGc();
  const repliesBefore = emulator.sadp.stats.replies;
  const flooded = await latency(url, authorization, gets, () => sendInquiries(emulator.sadpPort));
  const rssAfter = rssAfterGc();
  const s = emulator.sadp.stats;
  const sentDuring = s.replies - repliesBefore;
  await emulator.stop();
  const ms = (v: number) => v.toFixed(2);
  const mb = (v: number) => `${(v / 1024 / 1024).toFixed(1)} MB`;
  return [
    `### SADP flood: Digest GET latency while ${INQUIRIES} inquiries arrive at ${devices.toLocaleString("en")} devices (${gets.toLocaleString("en")} sequential GETs each)`,
    "",
    "| What | p50 ms | p99 ms | p50 ratio | p99 ratio |",
    "|---|---|---|---|---|",
    `| baseline: \`GET /ISAPI/System/deviceInfo\` (Digest), no inquiries | ${ms(quiet.p50)} | ${ms(quiet.p99)} | 1.00 | 1.00 |`,
    `| same GETs while ${INQUIRIES} inquiries (${SENDERS} senders, distinct Uuids) arrive and their replies drain | ${ms(flooded.p50)} | ${ms(flooded.p99)} | ${(flooded.p50 / quiet.p50).toFixed(2)} | ${(flooded.p99 / quiet.p99).toFixed(2)} |`,
    "",
    `The replies to the ${s.accepted} queued inquiries take about ${Math.round((s.accepted * devices * 2 * 4) / 32 / 1000)} s to drain at 32 datagrams per 4 ms; the GETs run inside that window. A p99 over ${gets.toLocaleString("en")} GETs rests on ${Math.ceil(gets / 100)} samples, so it moves between runs.`,
    `Process RSS after GC: ${mb(rssBefore)} before the inquiries, ${mb(rssAfter)} after the GETs (${rssAfter >= rssBefore ? "+" : "−"}${mb(Math.abs(rssAfter - rssBefore))}).`,
    `Responder: ${s.accepted} inquiries queued (peak ${s.queuePeak}, cap ${emulator.sadp.limits.maxQueuedProbes}), ${s.rateLimited} rate limited, ${s.queueFull} dropped on a full queue, ${s.duplicate} duplicates; ${sentDuring.toLocaleString("en")} reply datagrams sent during the GETs, ${s.encoded.toLocaleString("en")} ProbeMatch bodies encoded in all.`,
  ];
}

