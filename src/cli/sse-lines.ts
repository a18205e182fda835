/** One server-sent event: its `event` field and its `data` lines joined. */
export interface ServerSentEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/**
 * Reads a text/event-stream (WHATWG HTML "Server-sent events": `field: value` lines ended by
 * CRLF, LF or CR; a blank line ends an event; `:` starts a comment) and yields its events.
 */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  let buffer = "";
  let event: string | undefined;
  let data: string[] = [];
  /** Feeds one line; returns the event it completes, if any. */
  const line = (text: string): ServerSentEvent | undefined => {
    if (text === "") {
      const done = data.length > 0 ? { event, data: data.join("\n") } : undefined;
      event = undefined;
      data = [];
      return done;
    }
    if (text.startsWith(":")) return undefined;
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? "" : text.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    return undefined;
  };
  /** Complete lines of the buffer; a CR at its very end may be half a CRLF, so it waits unless the stream is over. */
  function* lines(final: boolean): Generator<string> {
    for (;;) {
      const end = buffer.search(/\r\n|\r|\n/);
      if (end < 0 || (!final && end === buffer.length - 1 && buffer[end] === "\r")) return;
      yield buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith("\r\n", end) ? 2 : 1));
    }
  }
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    for (const text of lines(false)) {
      const done = line(text);
      if (done) yield done;
    }
  }
  for (const text of lines(true)) {
    const done = line(text);
    if (done) yield done;
  }
}
