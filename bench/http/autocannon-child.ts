/**
 * The load generator, in its own process: autocannon (keep-alive, N connections, fixed
 * duration) against one URL on loopback. For Digest resources each connection takes its own
 * nonce (one anonymous request each) and counts nc up per request, as a real client does, so
 * nothing is replayed. Prints one JSON line: requests/s, 2xx total, non-2xx, errors, p50/p99
 * latency (ms) and this process's own CPU use (1.0 = one full core: then it is the limit).
 *   node autocannon-child.js '{"url":…,"connections":32,"seconds":8,"digest":{…}}'
 */
import autocannon from "autocannon";
import { randomBytes } from "node:crypto";
import { digestResponse, md5 } from "./digest-math.js";

export interface LoadPlan {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly digest?: { readonly user: string; readonly password: string };
}

export interface LoadResult {
  readonly rps: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly generatorCpu: number;
}

const plan = JSON.parse(process.argv[2] ?? "{}") as LoadPlan;
const target = new URL(plan.url);
if (!target.hostname.startsWith("127.")) throw new Error("bench traffic stays on loopback");

async function challenge(): Promise<{ realm: string; nonce: string }> {
  const response = await fetch(plan.url);
  await response.arrayBuffer();
  const header = response.headers.get("www-authenticate") ?? "";
  const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(header)?.[1] ?? "";
  return { realm: field("realm"), nonce: field("nonce") };
}

interface ClientContext {
  nonce?: string;
  realm?: string;
  nc?: number;
}

const nonces = plan.digest ? await Promise.all(Array.from({ length: plan.connections }, challenge)) : [];
let nextNonce = 0;
const uri = `${target.pathname}${target.search}`;

function authorize(context: ClientContext): string {
  const digest = plan.digest!;
  if (!context.nonce) {
    const taken = nonces[nextNonce++ % nonces.length]!;
    context.nonce = taken.nonce;
    context.realm = taken.realm;
    context.nc = 0;
  }
  context.nc = (context.nc ?? 0) + 1;
  const nc = context.nc.toString(16).padStart(8, "0");
  const cnonce = randomBytes(8).toString("hex");
  const ha1 = md5(`${digest.user}:${context.realm}:${digest.password}`);
  const response = digestResponse(ha1, context.nonce, nc, cnonce, "GET", uri);
  return `Digest username="${digest.user}", realm="${context.realm}", nonce="${context.nonce}", uri="${uri}", response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}

const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.seconds,
  ...(plan.digest
    ? {
        requests: [
          {
            method: "GET",
            path: uri,
            setupRequest: (request: autocannon.Request, context: ClientContext) => ({ ...request, headers: { ...request.headers, authorization: authorize(context) } }),
          },
        ],
      }
    : {}),
});
const wallUs = Number(process.hrtime.bigint() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const out: LoadResult = {
  rps: result["2xx"] / result.duration,
  ok: result["2xx"],
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  p50: result.latency.p50,
  p99: result.latency.p99,
  generatorCpu: (cpu.user + cpu.system) / wallUs,
};
console.log(JSON.stringify(out));
