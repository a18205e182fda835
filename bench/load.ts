/**
 * Load generator, run as its own process so it does not share the server's event loop:
 *   node dist/bench/load.js URL TOTAL CONCURRENCY ['{"user":…,"password":…}']
 * Sends TOTAL keep-alive GETs (a bounded count, loopback only) and prints
 * {ms, ok, status, p50, p99} (latencies in ms). Writes "first" to stderr once the first
 * response is in, for callers that start something else while the load runs. With credentials it
 * logs in with Digest as a client does: one anonymous request for the nonce, then nc counting up
 * (a device accepts each nc once, auth/nonces.ts).
 */
import { Agent, request } from "node:http";
import { randomBytes } from "node:crypto";
import { digestResponse, md5 } from "./http/digest-math.js";

const [url = "", totalText = "1000", concurrencyText = "16", credentialsText] = process.argv.slice(2);
const total = Number(totalText);
const concurrency = Number(concurrencyText);
const target = new URL(url);
if (!target.hostname.startsWith("127.")) throw new Error("bench traffic stays on loopback");
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const credentials = credentialsText ? (JSON.parse(credentialsText) as { user: string; password: string }) : undefined;
const login = credentials ? await challenge() : undefined;
let nc = 0;

/** The nonce and realm of a 401 (the anonymous first request). */
async function challenge(): Promise<{ realm: string; nonce: string }> {
  const response = await fetch(target);
  await response.arrayBuffer();
  const header = response.headers.get("www-authenticate") ?? "";
  const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(header)?.[1] ?? "";
  return { realm: field("realm"), nonce: field("nonce") };
}

function authorization(): string | undefined {
  if (!credentials || !login) return undefined;
  const count = (++nc).toString(16).padStart(8, "0");
  const cnonce = randomBytes(8).toString("hex");
  const uri = `${target.pathname}${target.search}`;
  const response = digestResponse(md5(`${credentials.user}:${login.realm}:${credentials.password}`), login.nonce, count, cnonce, "GET", uri);
  return `Digest username="${credentials.user}", realm="${login.realm}", nonce="${login.nonce}", uri="${uri}", response="${response}", qop=auth, nc=${count}, cnonce="${cnonce}"`;
}
let sent = 0;
let ok = 0;
let lastStatus = 0;
const latencies: number[] = [];

function one(): Promise<void> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const header = authorization();
    const req = request(target, { agent, headers: header ? { authorization: header } : {} }, (res) => {
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
