import type { Request, Response } from "express";
import type { ControlEvent, EventHub } from "./event-hub.js";

/** A client that stops reading is dropped once this much is waiting for it. */
const MAX_BUFFERED = 1024 * 1024;
/** A comment line now and then keeps proxies and idle timeouts from closing the stream. */
const HEARTBEAT_MS = 15_000;

/** Server-sent events (text/event-stream): `id`, `event` (the type) and `data` (JSON) per event. */
export function streamEvents(hub: EventHub, request: Request, response: Response, device: string | undefined): void {
  response.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  response.write(": hikemu events\n\n");
  const send = (event: ControlEvent) => {
    if (device !== undefined && event.device !== device) return;
    if (response.writableLength > MAX_BUFFERED) {
      response.destroy();
      return;
    }
    response.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  const unsubscribe = hub.subscribe(send);
  const heartbeat = setInterval(() => response.write(": keep-alive\n\n"), HEARTBEAT_MS);
  heartbeat.unref();
  request.socket.setTimeout(0);
  response.on("close", () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
