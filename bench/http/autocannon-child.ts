/**
 * The load generator, in its own process: autocannon (keep-alive, N connections, fixed
 * duration) against one URL on loopback. For Digest resources it takes one nonce per connection
 * (one anonymous request each); requests use them in turn and each nonce counts nc up, as a real
 * client does, so nothing is replayed. Prints one JSON line: requests/s, 2xx total, non-2xx, errors, p50/p99
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

const nonces = plan.digest ? await Promise.all(Array.from({ length: plan.connections }, challenge)) : [];
/** The nc each nonce last used: a nonce's counts go up by one per request, whichever connection sends it. */
const counts = nonces.map(() => 0);
let nextNonce = 0;
const uri = `${target.pathname}${target.search}`;

/**
 * autocannon clears a request's context every time it loops over its request list (with one
 * request: every request) and when a connection is re-opened (the device closes after its
 * Keep-Alive `max`), so the nonce and its nc live here: requests take the nonces in turn and
 * each nonce counts up. In flight at once: at most one request per connection, so a nonce's
 * counts arrive at most `connections` out of order, inside the device's window (auth/nonces.ts).
 */
function authorize(): string {
  const digest = plan.digest!;
  const index = nextNonce++ % nonces.length;
  const { nonce, realm } = nonces[index]!;
  counts[index] = (counts[index] ?? 0) + 1;
  const nc = (counts[index] ?? 1).toString(16).padStart(8, "0");
  const cnonce = randomBytes(8).toString("hex");
  const ha1 = md5(`${digest.user}:${realm}:${digest.password}`);
  const response = digestResponse(ha1, nonce, nc, cnonce, "GET", uri);
  return `Digest username="${digest.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}"`;
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
            setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, authorization: authorize() } }),
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
