import { connect, createServer } from "node:net";
import { request, type Agent, type IncomingHttpHeaders } from "node:http";

/** Resolves with the connect error code (ECONNREFUSED for a device that is down), or "connected". */
export function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => {
      socket.destroy();
      resolve("connected");
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
}

/** A port nothing listens on at `host` now (the OS's pick, released at once). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AgentReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Whether the request went out on a connection the agent kept from an earlier request. */
  readonly reusedSocket: boolean;
  /** Resolves when the connection the reply came on is closed. */
  readonly socketClosed: Promise<void>;
}

/** One request through a (keep-alive) agent, read to the end. */
export function agentRequest(agent: Agent, url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<AgentReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: options.method ?? "GET", headers: options.headers ?? {} }, (res) => {
      const socket = res.socket;
      const socketClosed = socket.destroyed ? Promise.resolve() : new Promise<void>((done) => socket.once("close", () => done()));
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, reusedSocket: req.reusedSocket, socketClosed }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** realm and nonce of a `WWW-Authenticate: Digest …` challenge. */
export function digestChallenge(header: string | string[] | null | undefined): { realm: string; nonce: string; stale: string } {
  const text = Array.isArray(header) ? header.join(", ") : (header ?? "");
  const param = (name: string) => new RegExp(`${name}="([^"]*)"`, "i").exec(text)?.[1] ?? "";
  return { realm: param("realm"), nonce: param("nonce"), stale: param("stale") };
}
