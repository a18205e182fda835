import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import { isLoopbackHost, type ControlBind } from "../config/settings.js";
import { apiRoutes, type ApiDeps } from "./api-routes.js";
import { ControlError, asControlError } from "./control-error.js";
import { consoleRoutes } from "./console/console-routes.js";
import { recorderPageRoutes } from "./recorder-page-routes.js";
import { ControlClock } from "./control-clock.js";
import type { RunningEmulator } from "../runtime/emulator.js";

export interface ControlServerOptions extends ApiDeps {
  readonly bind: ControlBind;
  /** Required bearer token; `auto` generates one. Undefined is allowed on loopback only. */
  readonly token: string | undefined;
  readonly logger: Logger;
}

export interface ControlServer {
  /** Base URL, e.g. http://127.0.0.1:9080 */
  readonly url: string;
  /** The token clients must send, when one is required. */
  readonly token: string | undefined;
  close(): Promise<void>;
}

export class ControlBindError extends Error {
  override name = "ControlBindError";
}

/**
 * The control plane (DESIGN.md "Control plane"): JSON over HTTP and the lab console, on a
 * listener of its own, never part of a device. On loopback it needs no token; anywhere else
 * it refuses to start without one.
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const { bind } = options;
  requireTokenOffLoopback(bind, options.token);
  const loopback = isLoopbackHost(bind.host);
  const token = options.token === "auto" ? randomBytes(24).toString("base64url") : options.token;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(guard(token, loopback));
  app.use("/api", express.json({ limit: "16kb", strict: true, type: () => true }), apiRoutes(options));
  app.use(consoleRoutes());
  app.use(recorderPageRoutes());
  app.use((_request: Request, _response: Response, next: NextFunction) => next(ControlError.notFound("no such resource")));
  app.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    const failure = bodyError(error) ?? asControlError(error);
    if (failure.status === 500) options.logger.error({ err: error, method: request.method, url: request.path }, "control request failed");
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (failure.status === 401) response.setHeader("WWW-Authenticate", 'Bearer realm="hikemu"');
    response.status(failure.status).json({ error: { code: failure.code, message: failure.message } });
  });

  const server = createServer(app);
  await listen(server, bind);
  // After start-up a server error (accept failing for want of descriptors) is logged, never fatal.
  server.on("error", (error) => options.logger.warn({ err: error }, "control API listener error"));
  const { port } = server.address() as AddressInfo;
  const host = bind.host.includes(":") ? `[${bind.host}]` : bind.host;
  return {
    url: `http://${host}:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Off loopback the control API needs a token; `start` asks before it binds or writes anything. */
export function requireTokenOffLoopback(bind: ControlBind, token: string | undefined): void {
  if (!isLoopbackHost(bind.host) && !token) {
    throw new ControlBindError(`the control API on ${bind.host} is reachable from other machines: give it a token (--control-token TOKEN, or --control-token auto to generate one), or bind it to 127.0.0.1`);
  }
}

function listen(server: Server, bind: ControlBind): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(new ControlBindError(`control API cannot listen on ${bind.host}:${bind.port}: ${error.code ?? error.message} (choose another with --control ADDR:PORT, or --control off)`));
    server.once("error", failed);
    server.listen(bind.port, bind.host, () => {
      server.off("error", failed);
      resolve();
    });
  });
}

/**
 * Who may use the control plane. With a token: `Authorization: Bearer TOKEN` (the event
 * stream also takes `?token=`, as EventSource cannot set headers). Without one (loopback):
 * the Host must be a loopback name, so a web page cannot reach it by DNS rebinding; and
 * every request with a body must be JSON, which a cross-site form cannot send.
 */
function guard(token: string | undefined, loopback: boolean) {
  // Both sides are compared as HMACs under a key of this run: equal lengths, so neither the
  // token's length nor its bytes show in the time a refusal takes.
  const key = randomBytes(32);
  const mac = (text: string) => createHmac("sha256", key).update(text).digest();
  const expected = token ? mac(token) : undefined;
  return (request: Request, _response: Response, next: NextFunction) => {
    // express matches routes case-insensitively: /API/devices reaches the API too.
    const path = request.path.toLowerCase();
    if (expected && path.startsWith("/api")) {
      const header = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
      const query = path === "/api/events" && typeof request.query.token === "string" ? request.query.token : undefined;
      if (!timingSafeEqual(mac(header ?? query ?? ""), expected)) {
        next(new ControlError(401, "unauthorized", "this control API needs its bearer token (Authorization: Bearer TOKEN)"));
        return;
      }
    }
    if (loopback && !token && !isLoopbackHost(hostName(request.headers.host ?? ""))) {
      next(new ControlError(403, "forbidden", "the control API answers loopback host names only"));
      return;
    }
    const hasBody = request.headers["content-length"] !== undefined ? request.headers["content-length"] !== "0" : request.headers["transfer-encoding"] !== undefined;
    if (hasBody && !/^application\/json\b/i.test(request.headers["content-type"] ?? "")) {
      next(new ControlError(415, "unsupportedMediaType", "send the body as application/json"));
      return;
    }
    next();
  };
}

/** The host name of a Host header: `[::1]:9080` → `::1`, `127.0.0.1:9080` → `127.0.0.1`. */
function hostName(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1] as string;
  return host.replace(/:\d+$/, "").toLowerCase();
}

/** express's own failures (JSON bodies, path decoding), as control errors. */
function bodyError(error: unknown): ControlError | undefined {
  if (error instanceof URIError) return ControlError.badRequest("the path is not valid percent-encoding");
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.parse.failed") return ControlError.badRequest("the body is not valid JSON");
  if (type === "entity.too.large") return new ControlError(413, "bodyTooLarge", "the body is larger than 16 KiB");
  return undefined;
}

/** The control plane of a running emulator, wired as `hikemu start` does. */
export function controlEmulator(emulator: RunningEmulator, options: Pick<ControlServerOptions, "bind" | "token" | "logger">): Promise<ControlServer> {
  return startControlServer({
    ...options,
    fleet: emulator.fleet,
    clock: new ControlClock(emulator.clock),
    events: emulator.events,
    settled: (device) => emulator.http.settled(device),
    outbox: emulator.outbox,
    supportDesk: emulator.supportDesk,
  });
}
