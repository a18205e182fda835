import type { IncomingMessage } from "node:http";

/**
 * The request body as bytes, or undefined when it is larger than `limit`. A declared
 * Content-Length over the limit is refused before any byte is read; a chunked body stops
 * being collected once it passes the limit.
 */
const EMPTY = Buffer.alloc(0);

export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const length = request.headers["content-length"];
  // No Content-Length and no chunked encoding: HTTP/1.1 says there is no body (RFC 9112 §6.3).
  if (length === undefined && request.headers["transfer-encoding"] === undefined) return Promise.resolve(EMPTY);
  const declared = Number(length ?? 0);
  if (declared > limit) {
    request.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
