/**
 * Load generator, run as its own process so it does not share the server's event loop:
 *   node dist/bench/load.js URL TOTAL CONCURRENCY [AUTHORIZATION]
 * Sends TOTAL keep-alive GETs (a bounded count, loopback only) and prints
 * {ms, ok, status, p50, p99} (latencies in ms). Writes "first" to stderr once the first
 * response is in, for callers that start something else while the load runs.
 */
import { Agent, request } from "node:http";

const [url = "", totalText = "1000", concurrencyText = "16", authorization] = process.argv.slice(2);
const total = Number(totalText);
const concurrency = Number(concurrencyText);
const target = new URL(url);
if (!target.hostname.startsWith("127.")) throw new Error("bench traffic stays on loopback");
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
let sent = 0;
let ok = 0;
let lastStatus = 0;
const latencies: number[] = [];

function one(): Promise<void> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(target, { agent, headers: authorization ? { authorization } : {} }, (res) => {
      lastStatus = res.statusCode ?? 0;
      if (lastStatus === 200) ok++;
      res.resume();
      res.on("end", () => {
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (latencies.length === 1) process.stderr.write("first\n");
        resolve();
      });
    });
    req.on("error", reject);
    req.end();
  });
}

async function lane(): Promise<void> {
  while (sent < total) {
    sent++;
    await one();
  }
}

const start = process.hrtime.bigint();
await Promise.all(Array.from({ length: concurrency }, lane));
const ms = Number(process.hrtime.bigint() - start) / 1e6;
agent.destroy();
latencies.sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(JSON.stringify({ ms, ok, status: lastStatus, p50: percentile(50), p99: percentile(99) }));
