import type { Request, Response } from "express";
import type { ControlEvent, EventHub } from "./event-hub.js";
import { ControlError } from "./control-error.js";

/** A client that stops reading is dropped once this much is waiting for it. */
const MAX_BUFFERED = 1024 * 1024;
/** A comment line now and then keeps proxies and idle timeouts from closing the stream. */
const HEARTBEAT_MS = 15_000;
/** Streams open at once; more are refused (429) rather than let each cost memory and CPU. */
export const MAX_STREAMS = 64;

interface Client {
  readonly response: Response;
  readonly device: string | undefined;
}

/**
 * Server-sent events (text/event-stream): `id`, `event` (the type) and `data` (JSON) per
 * event. One subscription to the hub for all clients; each event is serialised once.
 */
export class EventStreams {
  readonly #clients = new Set<Client>();
  #unsubscribe: (() => void) | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly hub: EventHub) {}

  get open(): number {
    return this.#clients.size;
  }

  /** Answers `request` with a stream of events, of one device when `device` is given. */
  serve(request: Request, response: Response, device: string | undefined): void {
    if (this.#clients.size >= MAX_STREAMS) throw new ControlError(429, "tooManyStreams", `at most ${MAX_STREAMS} event streams at once`);
    response.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    response.write(": hikemu events\n\n");
    request.socket.setTimeout(0);
    const client: Client = { response, device };
    this.#clients.add(client);
    this.#start();
    response.on("close", () => {
      this.#clients.delete(client);
      if (this.#clients.size === 0) this.#stop();
    });
  }

  #start(): void {
    if (this.#unsubscribe) return;
    this.#unsubscribe = this.hub.subscribe((event) => this.#send(event));
    this.#heartbeat = setInterval(() => {
      for (const { response } of this.#clients) response.write(": keep-alive\n\n");
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearInterval(this.#heartbeat);
  }

  #send(event: ControlEvent): void {
    let text: string | undefined;
    for (const client of this.#clients) {
      if (client.device !== undefined && event.device !== client.device) continue;
      if (client.response.writableLength > MAX_BUFFERED) {
        client.response.destroy();
        continue;
      }
      text ??= `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
      client.response.write(text);
    }
  }
}
