import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Device } from "../../emulator/device.js";
import type { WebRootHeader } from "../../profiles/web-schema.js";
import type { HttpDate } from "../http-date.js";

/** Where the web root sends a browser (hik-protocols.md §2.12: `/` redirects to the login page). */
export const LOGIN_PAGE = "/doc/page/login.asp";

/** The web root's page: no script needed, a refresh to the login page and a link for the rest. */
const ROOT_BODY = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Pragma" content="no-cache">
<meta http-equiv="Cache-Control" content="no-cache">
<meta http-equiv="Expires" content="0">
<meta http-equiv="refresh" content="0; url=${LOGIN_PAGE}">
<title>Redirecting</title>
</head>
<body><p><a href="${LOGIN_PAGE}">Continue to the login page</a></p></body>
</html>
`;

/**
 * `GET /`: 200 text/html, the profile's headers in its order (`web.rootHeaders`). An HTTP/1.0
 * request (a port scanner's probe, `nmap -sV`) is answered in HTTP/1.0 as the webs server does;
 * Node writes every status line as HTTP/1.1, so that reply goes to the socket as bytes — once the
 * response owns the socket: behind pipelined requests Node queues it and hands it the socket when
 * the reply before it has finished (node:_http_server `resOnFinish` → `assignSocket`, which emits
 * 'socket'), so earlier replies on the connection go out first.
 */
export function answerWebRoot(device: Device, dates: HttpDate, request: IncomingMessage, response: ServerResponse): void {
  const body = Buffer.from(ROOT_BODY, "utf8");
  const headers = rootHeaders(device, dates, body);
  const withBody = request.method !== "HEAD";
  if (request.httpVersion === "1.0") {
    const head = Buffer.from(`HTTP/1.0 200 OK\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`, "latin1");
    const bytes = withBody ? Buffer.concat([head, body]) : head;
    // An HTTP/1.0 reply ends the connection: nothing pipelined after it is answered (the fleet
    // handler drops requests Node still parses from an ended socket). The response never
    // finishes in Node's eyes, so its timeouts do not apply: the socket is destroyed once the
    // bytes are out, or after the keep-alive time if the client never reads them.
    const finish = (socket: Socket) => {
      socket.setTimeout(device.profile.isapi.replies.keepAliveTimeoutSeconds * 1000, () => socket.destroy());
      socket.end(bytes, () => socket.destroy());
    };
    if (response.socket) finish(response.socket);
    else response.once("socket", finish);
    return;
  }
  // Exactly the profile's headers: none of those the web app sets for its pages (CSP and the like).
  for (const name of response.getHeaderNames()) response.removeHeader(name);
  response.sendDate = false;
  response.shouldKeepAlive = false;
  response.writeHead(200, headers.flat());
  response.end(withBody ? body : undefined);
}

function rootHeaders(device: Device, dates: HttpDate, body: Buffer): [string, string][] {
  const built = firmwareBuildDate(device.profile.firmware.build);
  const values: Record<WebRootHeader, () => string> = {
    Date: () => dates.format(device.time.wallClock()),
    Server: () => device.profile.isapi.server,
    // The shape nmap's DNVRS-Webs line expects ("[a-f\d-]+"): size and build time, as webs servers write it.
    ETag: () => `"${createHash("sha1").update(body).digest("hex").slice(0, 6)}-${body.length.toString(16)}-${Math.floor(built / 1000).toString(16)}"`,
    "Content-Length": () => String(body.length),
    "Content-Type": () => "text/html",
    Connection: () => "close",
    "Last-Modified": () => new Date(built).toUTCString(),
    "Cache-Control": () => "no-cache",
    "X-Frame-Options": () => "SAMEORIGIN",
  };
  return device.profile.web.rootHeaders.map((name) => [name, values[name]()]);
}

/** The firmware's build date (`YYMMDD`) as epoch ms: the pages were last modified when it was built. */
function firmwareBuildDate(build: string): number {
  return Date.UTC(2000 + Number(build.slice(0, 2)), Number(build.slice(2, 4)) - 1, Number(build.slice(4, 6)));
}
