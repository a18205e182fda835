import { connect, type Socket } from "node:net";

export interface RawResponse {
  /** The head exactly as received, status line to the blank line included. */
  readonly head: string;
  readonly status: number;
  /** Header lines in wire order, names as sent. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body as framed by Content-Length (empty after a HEAD). */
  readonly body: Buffer;
  header(name: string): string | undefined;
}

/**
 * One TCP connection speaking HTTP/1.1 by hand, for what clients never show: header order and
 * bytes, Keep-Alive counting, HEAD framing, replies to malformed requests, when the server closes.
 */
export class RawConnection {
  #buffer = Buffer.alloc(0);
  #wake: (() => void) | undefined;
  #closed = false;
  /** Resolves when the server (or we) closed the connection. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on("error", () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once("close", () => {
        this.#closed = true;
        this.#wake?.();
        resolve();
      }),
    );
  }

  /** `localAddress`: the 127.x source address to connect from (an IP filter's view of the client). */
  static open(host: string, port: number, localAddress?: string): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, ...(localAddress ? { localAddress } : {}) }, () => {
        socket.off("error", reject);
        resolve(new RawConnection(socket));
      });
      socket.once("error", reject);
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  send(data: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** Everything received and not yet taken by `response()`. */
  unread(): Buffer {
    return this.#buffer;
  }

  /** The next response on the connection; `head: true` for the answer to a HEAD (no body follows). */
  async response(options: { readonly head?: boolean } = {}): Promise<RawResponse> {
    const end = await this.#until(() => {
      const at = this.#buffer.indexOf("\r\n\r\n");
      return at < 0 ? undefined : at + 4;
    });
    const head = this.#buffer.subarray(0, end).toString("latin1");
    this.#buffer = this.#buffer.subarray(end);
    const lines = head.split("\r\n").slice(0, -2);
    const status = Number((lines[0] ?? "").split(" ")[1]);
    const headers = lines.slice(1).map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon), line.slice(colon + 1).trim()] as const;
    });
    const header = (name: string) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
    const length = options.head ? 0 : Number(header("Content-Length") ?? 0);
    await this.#until(() => (this.#buffer.length >= length ? length : undefined));
    const body = this.#buffer.subarray(0, length);
    this.#buffer = this.#buffer.subarray(length);
    return { head, status, headers, body, header };
  }

  close(): void {
    this.socket.destroy();
  }

  async #until<T>(ready: () => T | undefined): Promise<T> {
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      if (this.#closed) throw new Error(`connection closed with ${this.#buffer.length} bytes unread: ${this.#buffer.toString("latin1").slice(0, 200)}`);
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

/** realm and nonce of the first Digest challenge in a raw response. */
export function rawChallenge(response: RawResponse): { realm: string; nonce: string } {
  const challenge = response.headers.find(([name, value]) => name.toLowerCase() === "www-authenticate" && value.startsWith("Digest "))?.[1] ?? "";
  const param = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(challenge)?.[1] ?? "";
  return { realm: param("realm"), nonce: param("nonce") };
}
