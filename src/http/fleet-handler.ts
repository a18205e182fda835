import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Device } from "../emulator/device.js";
import { DeviceError, catalogEntry, type ErrorCode } from "../emulator/errors.js";
import { authenticate } from "./authenticate.js";
import type { Reply, RouteTable } from "./router.js";
import { XML_CONTENT_TYPE, responseStatusXml } from "./xml.js";

export interface FleetHandlerOptions {
  readonly fleet: { byAddress(address: string): Device | undefined };
  readonly routes: RouteTable;
  readonly logger: Logger;
  /** Larger bodies are refused without reading them all (no ISAPI body in this slice nears it). */
  readonly maxBodyBytes?: number;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * One request handler for the whole fleet (DESIGN.md "HTTP"): the device is the one that
 * owns the local address the request arrived on, as a real device *is* its address.
 * It never throws: every failure becomes a ResponseStatus from the catalog.
 */
export function createFleetHandler(options: FleetHandlerOptions): Handler {
  const maxBody = options.maxBodyBytes ?? 256 * 1024;
  return (request, response) => {
    const device = options.fleet.byAddress(request.socket.localAddress ?? "");
    if (!device) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("no device at this address\n");
      return;
    }
    handle(device, request, maxBody, options)
      .then((reply) => send(device, response, reply))
      .catch((error: unknown) => {
        options.logger.error({ err: error, device: device.name, url: request.url }, "request failed");
        if (!response.headersSent) send(device, response, errorReply(device, request.url ?? "/", "deviceError"));
        else response.destroy();
      });
  };
}

async function handle(device: Device, request: IncomingMessage, maxBody: number, options: FleetHandlerOptions): Promise<Reply> {
  const requestURL = request.url ?? "/";
  let url: URL;
  try {
    url = new URL(requestURL, "http://device");
  } catch {
    return errorReply(device, requestURL, "badXmlContent");
  }
  const match = options.routes.find(request.method ?? "GET", url.pathname);
  if (match.kind === "none") return errorReply(device, requestURL, "notFound");
  if (match.kind === "wrongMethod") return errorReply(device, requestURL, "methodNotAllowed");

  const body = await readBody(request, maxBody);
  if (body === undefined) return errorReply(device, requestURL, "badXmlContent");

  let user: string | undefined;
  if (match.route.auth === "digest") {
    if (!device.activated) return errorReply(device, requestURL, "notActivated");
    const outcome = authenticate(device, request);
    if (!outcome.ok) return outcome.reply;
    user = outcome.user;
  }
  try {
    return await match.route.handler({ device, request, requestURL, query: url.searchParams, body, user });
  } catch (error) {
    DeviceError.accept(error);
    options.logger.info({ device: device.name, url: requestURL, code: error.code }, "request refused");
    return errorReply(device, requestURL, error.code);
  }
}

/** A ResponseStatus for a catalog code, in the device's namespace. */
export function errorReply(device: Device, requestURL: string, code: ErrorCode): Reply {
  const entry = catalogEntry(code);
  const status = code === "notActivated" ? device.profile.isapi.notActivatedHttpStatus : entry.httpStatus;
  return { status, contentType: XML_CONTENT_TYPE, body: responseStatusXml(requestURL, entry, device.profile.isapi.namespace) };
}

function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** §2.12 headers; the Date is the device's own clock (a never-set camera says 1970, §1.3). */
function send(device: Device, response: ServerResponse, reply: Reply): void {
  response.sendDate = false;
  response.writeHead(reply.status, {
    Date: new Date(device.now()).toUTCString(),
    Server: device.profile.isapi.server,
    "Cache-Control": "no-cache",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Type": reply.contentType,
    "Content-Length": Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  response.end(reply.body);
}
