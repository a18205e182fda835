import { pollUntil } from "./poll.js";

export interface MultipartPart {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Reads a server-push body (`multipart/mixed`) as it arrives: whole parts so far (a part is whole
 * once its Content-Length worth of body is in), and whether the body has ended.
 */
export class MultipartReader {
  #text = "";
  #ended = false;
  #error: unknown;

  constructor(
    body: AsyncIterable<Uint8Array>,
    private readonly boundary: string,
  ) {
    void (async () => {
      try {
        for await (const chunk of body) this.#text += Buffer.from(chunk).toString("utf8");
      } catch (error) {
        this.#error = error;
      }
      this.#ended = true;
    })();
  }

  get raw(): string {
    return this.#text;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Why the body stopped, if it broke off rather than ended. */
  get error(): unknown {
    return this.#error;
  }

  get parts(): MultipartPart[] {
    const parts: MultipartPart[] = [];
    for (const piece of this.#text.split(`--${this.boundary}\r\n`).slice(1)) {
      const split = piece.indexOf("\r\n\r\n");
      if (split < 0) continue;
      const headers: Record<string, string> = {};
      for (const line of piece.slice(0, split).split("\r\n")) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers["content-length"]);
      const body = Buffer.from(piece.slice(split + 4));
      if (body.length < length) continue;
      parts.push({ headers, body: body.subarray(0, length).toString("utf8") });
    }
    return parts;
  }

  /** Waits (real time, for the socket) until `n` whole parts are in; false if they never come. */
  waitForParts(n: number, timeoutMs = 5000): Promise<boolean> {
    return pollUntil(() => this.parts.length >= n, timeoutMs);
  }

  waitForEnd(timeoutMs = 5000): Promise<boolean> {
    return pollUntil(() => this.#ended, timeoutMs);
  }
}
