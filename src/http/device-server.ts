import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Device } from "../emulator/device.js";
import { answerClientError } from "./client-error.js";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** `headersTimeout`, `requestTimeout` and `connectionsCheckingInterval` of node:http, in ms. */
export interface RequestTimeouts {
  readonly headersMs: number;
  readonly requestMs: number;
  readonly checkEveryMs: number;
}

/** Replies still being worked on, per server: a graceful close lets them finish. */
const inFlight = new WeakMap<Server, Set<ServerResponse>>();

export function listen(device: Device, handler: Handler, host: string, port: number, timeouts: RequestTimeouts | undefined): Promise<Server> {
  const active = new Set<ServerResponse>();
  // Idle keep-alive connections close after the firmware's timeout (the `Keep-Alive` header says it).
  const keepAliveTimeout = device.profile.isapi.replies.keepAliveTimeoutSeconds * 1000;
  const limits = timeouts ? { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkEveryMs } : {};
  const server = createServer({ keepAliveTimeout, ...limits }, (request, response) => {
    active.add(response);
    response.once("close", () => active.delete(response));
    handler(request, response);
  });
  inFlight.set(server, active);
  // Requests Node cannot parse are answered in the device's name (client-error.ts).
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => answerClientError(device, error, socket, active));
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(Object.assign(error, { message: `${device.name}: cannot listen on ${host}:${port}: ${error.message}` }));
    });
    server.listen(port, host, () => {
      server.removeAllListeners("error");
      resolve(server);
    });
  });
}

/**
 * Power off cuts every connection at once (`graceMs` 0: the box is gone). A graceful close
 * stops accepting, closes idle keep-alive connections, lets replies in flight go out with
 * `Connection: close`, and cuts whatever is left after `graceMs`.
 */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    const active = inFlight.get(server) ?? new Set<ServerResponse>();
    if (graceMs <= 0 || active.size === 0) {
      server.closeAllConnections();
      return;
    }
    server.closeIdleConnections();
    for (const response of active) {
      if (!response.headersSent) response.shouldKeepAlive = false;
      response.once("finish", () => response.socket?.end());
    }
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    cut.unref();
    server.once("close", () => clearTimeout(cut));
  });
}
