/**
 * One server under test, in its own process so its CPU time is its own (forked with IPC):
 *   bare      node:http answering every GET with a fixed body (by path)
 *   bare-md5  the same plus an MD5 Digest check (qop=auth) against one user: the cheapest
 *             honest Digest server, the baseline for hikemu's Digest resources
 *   hikemu    one activated camera of the emulator (`web: false`: without the web admin
 *             behind its fleet handler, issue #12)
 * Messages in: {cmd:"start", …}, {cmd:"cpu"}; out: {port} once listening, {cpu} in µs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { startEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { ProfileRegistry } from "../../src/profiles/index.js";
import { digestResponse, md5 } from "./digest-math.js";

export interface StartMessage {
  readonly cmd: "start";
  readonly mode: "bare" | "bare-md5" | "hikemu";
  readonly address: string;
  /** bare modes: path → body (bytes hikemu sends for the same path). */
  readonly bodies?: Record<string, string>;
  readonly realm?: string;
  readonly password: string;
  /** hikemu: mount the web admin (default true, as `hikemu start` does). */
  readonly web?: boolean;
}

const XML = 'application/xml; charset="UTF-8"';

function bareHandler(bodies: Record<string, string>, digest?: { ha1: string; realm: string }) {
  const buffers = new Map(Object.entries(bodies).map(([path, body]) => [path, Buffer.from(body)]));
  return (req: IncomingMessage, res: ServerResponse) => {
    const body = buffers.get(req.url ?? "");
    if (!body) return void res.writeHead(404).end();
    if (digest && !digestOk(req, digest.ha1)) {
      const nonce = randomBytes(16).toString("hex");
      return void res.writeHead(401, { "WWW-Authenticate": `Digest qop="auth", realm="${digest.realm}", nonce="${nonce}", stale="FALSE"`, "Content-Length": 0 }).end();
    }
    res.writeHead(200, { "Content-Type": XML, "Content-Length": body.length }).end(body);
  };
}

function digestOk(req: IncomingMessage, ha1: string): boolean {
  const header = req.headers.authorization ?? "";
  const field = (name: string) => new RegExp(`${name}="?([^",]+)"?`).exec(header)?.[1] ?? "";
  return field("response") === digestResponse(ha1, field("nonce"), field("nc"), field("cnonce"), req.method ?? "GET", field("uri"));
}

async function start(message: StartMessage): Promise<number> {
  if (message.mode === "hikemu") {
    const profile = new ProfileRegistry().get("DS-2CD2146G2-ISU")!;
    const emulator = await startEmulator({
      config: { seed: "bench", interface: "loopback", httpPort: 0, httpFallbackPort: 0, sadpPort: 0, ssdpPort: 0, specs: [{ name: "cam", profile, address: message.address, mask: "255.0.0.0", gateway: "127.0.0.1", initial: { activated: true, password: message.password } }] },
      store: new MemoryStore(),
      logger: pino({ level: "silent" }),
      web: message.web !== false,
    });
    return emulator.fleet.byName("cam")!.serving.httpPort;
  }
  const digest = message.mode === "bare-md5" ? { realm: message.realm ?? "", ha1: md5(`admin:${message.realm}:${message.password}`) } : undefined;
  const server = createServer({ keepAliveTimeout: 10_000 }, bareHandler(message.bodies ?? {}, digest));
  await new Promise<void>((resolve) => server.listen(0, message.address, resolve));
  return (server.address() as { port: number }).port;
}

process.on("message", (message: StartMessage | { cmd: "cpu" }) => {
  if (message.cmd === "cpu") {
    const usage = process.cpuUsage();
    process.send?.({ cpu: usage.user + usage.system });
    return;
  }
  void start(message).then((port) => process.send?.({ port }));
});
process.on("disconnect", () => process.exit(0));
