import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Device } from "../emulator/device.js";
import { HttpDate } from "./http-date.js";
import { replyHeaders } from "./reply-headers.js";

const dates = new HttpDate();

/** Node's own refusals (its default `clientError` answer): the parser's error code → HTTP status. */
const STATUS_OF: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
};

/**
 * What a device's listener answers when Node cannot parse a request (a garbage request line,
 * headers too large, headers too slow): the status Node would give (400, 431, 408, 413), but with
 * the device's Date and Server and its header order, an empty body and `Connection: close` — the
 * web server's own refusal. No capture shows what firmware sends here (the status is Node's,
 * the headers the device's: our choice). A device that is down, an address its IP filter
 * keeps out, a reset connection, or a socket that already has a reply under way gets nothing:
 * the connection is closed.
 */
export function answerClientError(device: Device, error: NodeJS.ErrnoException, socket: Duplex, inFlight: ReadonlySet<ServerResponse>): void {
  const peer = (socket as { remoteAddress?: string }).remoteAddress ?? "";
  const replying = [...inFlight].some((response) => response.socket === socket && response.headersSent);
  if (error.code === "ECONNRESET" || !socket.writable || replying || !device.reachable || !device.security.admits(peer)) {
    socket.destroy();
    return;
  }
  const status = STATUS_OF[error.code ?? ""] ?? 400;
  const headers = replyHeaders(device, dates, { contentLength: 0 });
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n`;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  socket.end(`${head}\r\n`);
  if (device.log.isLevelEnabled("debug")) device.log.debug({ code: error.code, status, peer }, "unparsable request refused");
}
