import { request, type IncomingMessage } from "node:http";

/** One server-sent event as it came off the wire (field values as sent). */
export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: string;
}

export interface SseStream {
  readonly status: number;
  readonly headers: IncomingMessage["headers"];
  /** Every event received so far, in order. */
  readonly events: readonly SseEvent[];
  /** Comment lines (`: …`) received so far. */
  readonly comments: readonly string[];
  /** Resolves once `n` events are in; rejects if the stream ends first or after `timeoutMs` (a network wait). */
  waitFor(n: number, timeoutMs?: number): Promise<readonly SseEvent[]>;
  close(): void;
}

/**
 * A plain text/event-stream reader on node:http (the WHATWG format: lines of `field: value`,
 * a blank line ends an event). Resolves when the response headers are in.
 */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: "text/event-stream", ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters = new Set<() => void>();
      let ended = false;
      let buffer = "";
      let fields: { id?: string; event?: string; data: string[] } = { data: [] };
      const wake = () => waiters.forEach((w) => w());
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, "");
          buffer = buffer.slice(newline + 1);
          if (line === "") {
            if (fields.data.length > 0) events.push({ id: fields.id, event: fields.event, data: fields.data.join("\n") });
            fields = { data: [] };
          } else if (line.startsWith(":")) {
            comments.push(line.slice(1).trim());
          } else {
            const colon = line.indexOf(":");
            const name = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (name === "data") fields.data.push(value);
            else if (name === "id") fields.id = value;
            else if (name === "event") fields.event = value;
          }
        }
        wake();
      });
      res.on("close", () => {
        ended = true;
        wake();
      });
      const waitFor = (n: number, timeoutMs = 5000) =>
        new Promise<readonly SseEvent[]>((done, fail) => {
          const check = () => {
            if (events.length >= n) finish(() => done(events.slice()));
            else if (ended) finish(() => fail(new Error(`stream ended after ${events.length} of ${n} events`)));
          };
          const timer = setTimeout(() => finish(() => fail(new Error(`${events.length} of ${n} events after ${timeoutMs} ms: ${events.map((e) => e.event).join(", ")}`))), timeoutMs);
          const finish = (settle: () => void) => {
            clearTimeout(timer);
            waiters.delete(check);
            settle();
          };
          waiters.add(check);
          check();
        });
      resolve({ status: res.statusCode ?? 0, headers: res.headers, events, comments, waitFor, close: () => req.destroy() });
    });
    req.on("error", reject);
    req.end();
  });
}
