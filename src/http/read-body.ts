import type { IncomingMessage } from "node:http";

const EMPTY = Buffer.alloc(0);

/** Whether the request carries a body at all (RFC 9112 §6.3: a length or chunked encoding). */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * The request body as bytes, or undefined when it is larger than `limit`. A declared
 * Content-Length over the limit is refused before any byte is read; a chunked body is
 * refused the moment it passes the limit. Either way the rest is bounded (guardUnreadBody).
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (!hasBody(request)) return Promise.resolve(EMPTY);
  if (Number(request.headers["content-length"] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off("data", onData).off("end", onEnd).off("error", reject);
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    request.on("data", onData).on("end", onEnd).on("error", reject);
  });
}

/**
 * After a reply that left (part of) the body unread — a 401 before authentication, a 404,
 * a body over the limit — Node would read and discard the rest to keep the connection
 * alive. A body that fits the limit may be skipped that way (clients retrying Digest on
 * the same connection rely on it); anything larger closes the connection after the reply,
 * and at most `limit` more bytes are read before the socket is destroyed.
 */
export function guardUnreadBody(request: IncomingMessage, limit: number): { readonly keepAlive: boolean } {
  if (!hasBody(request) || request.complete) return { keepAlive: true };
  let discarded = 0;
  request.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limit) request.socket.destroy();
  });
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  return { keepAlive: declared <= limit };
}
