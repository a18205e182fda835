import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Device } from "../emulator/device.js";
import type { Clock } from "../emulator/clock.js";
import { DeviceError, ISAPI_ERROR_CODES, catalogEntry, type CatalogEntry, type ErrorCode } from "../emulator/errors.js";
import { redactUrl } from "../util/redact-url.js";
import { authenticate } from "./authenticate.js";
import { HTTP_SCHEMES, type CredentialScheme } from "./credential-scheme.js";
import { guardUnreadBody, hasBody, readBody } from "./read-body.js";
import { RenderCache } from "./render-cache.js";
import { HttpDate } from "./http-date.js";
import { replyHeaders } from "./reply-headers.js";
import type { AuthPolicy, Reply, RequestContext, RouteTable } from "./router.js";
import { XML_CONTENT_TYPE, responseStatusXml, type XmlChildren } from "./xml.js";
import { JSON_CONTENT_TYPE, responseStatusJson, type JsonErrorDetail } from "./json-status.js";
import { withHttpFaults } from "./http-faults.js";

/** Handles what the route table does not: the web admin's pages (express), reached per device. */
export type FallbackHandler = (device: Device, request: IncomingMessage, response: ServerResponse) => void;

export interface FleetHandlerOptions {
  readonly fleet: { byAddress(address: string): Device | undefined };
  readonly routes: RouteTable;
  /** The devices' clock: injected latency waits on it (http-faults.ts). */
  readonly clock: Clock;
  /** Credential schemes tried in order on protected resources (default: session cookie, Digest, Basic). */
  readonly schemes?: readonly CredentialScheme[];
  /** Paths outside the device API (`/ISAPI`, `/SDK`) that match no route go here when set. */
  readonly fallback?: FallbackHandler;
  /** Default body limit for routes that set none. */
  readonly maxBodyBytes?: number;
  /** Cached replies of read-mostly resources (one per fleet handler by default). */
  readonly cache?: RenderCache;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const DEFAULT_MAX_BODY = 256 * 1024;
/** The device API: everything under these answers from the route table, never the fallback. */
const DEVICE_API = /^\/(isapi|sdk)(\/|$)/i;

/**
 * One request handler for the whole fleet (DESIGN.md "HTTP"): the device is the one that
 * owns the local address the request arrived on, as a real device *is* its address.
 * It never throws: every failure becomes a ResponseStatus from the catalog.
 */
export function createFleetHandler(options: FleetHandlerOptions): Handler {
  const schemes = options.schemes ?? HTTP_SCHEMES;
  const cache = options.cache ?? new RenderCache();
  const dates = new HttpDate();
  /** Which request of its connection each one is (1, 2, …): `Keep-Alive: max=` counts down from it. */
  const ordinal = new WeakMap<IncomingMessage, number>();
  const served = new WeakMap<Socket, number>();
  const send = (device: Device, request: IncomingMessage, response: ServerResponse, reply: Reply) => {
    writeReply(device, response, reply, dates, ordinal.get(request) ?? 1);
    // Per-request lines only at debug: at info a fleet under load would log itself to a halt.
    if (device.log.isLevelEnabled("debug")) device.log.debug({ method: request.method, url: redactUrl(request.url ?? ""), status: reply.status, peer: request.socket.remoteAddress }, "request");
  };
  // The local address costs a getsockname per call: look it up once per connection.
  const bySocket = new WeakMap<Socket, Device | undefined>();
  const deviceOf = (socket: Socket) => {
    if (bySocket.has(socket)) return bySocket.get(socket);
    const device = options.fleet.byAddress(socket.localAddress ?? "");
    bySocket.set(socket, device);
    return device;
  };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  /** An injected HTTP error (faults): the body is left unread, as any early reply leaves it. */
  const failInjected = (device: Device, request: IncomingMessage, response: ServerResponse) => {
    if (!guardUnreadBody(request, maxBodyBytes).keepAlive) response.shouldKeepAlive = false;
    send(device, request, response, errorReply(device, request.url ?? "/", "deviceError"));
  };
  return (request, response) => {
    const count = (served.get(request.socket) ?? 0) + 1;
    served.set(request.socket, count);
    ordinal.set(request, count);
    const device = deviceOf(request.socket);
    if (!device) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("no device at this address\n");
      return;
    }
    // A keep-alive connection can outlive power-off by a moment; a box that is down says nothing.
    // An address the IP filter keeps out gets no answer either: the connection is dropped.
    // A request Node parsed from a connection a reply already ended (the web root's HTTP/1.0
    // answer, web-root.ts) is not handled: the webs server reads nothing after that reply.
    if (request.socket.writableEnded) return;
    if (!device.reachable || !device.security.admits(request.socket.remoteAddress ?? "")) {
      request.socket.destroy();
      return;
    }
    // One check on the hot path; a device with injected faults takes the slow one.
    if (device.faults.active) {
      withHttpFaults(device, request, options.clock, () => dispatch(device, request, response), () => failInjected(device, request, response));
      return;
    }
    dispatch(device, request, response);
  };

  function dispatch(device: Device, request: IncomingMessage, response: ServerResponse): void {
    const requestURL = request.url ?? "/";
    const q = requestURL.indexOf("?");
    const path = q < 0 ? requestURL : requestURL.slice(0, q);
    const match = options.routes.find(request.method ?? "GET", path, device.profile);
    if (match.kind === "none" && options.fallback && !DEVICE_API.test(path)) {
      // The web app reads no body: what is sent anyway is bounded as after any early reply.
      if (!guardUnreadBody(request, maxBodyBytes).keepAlive) response.shouldKeepAlive = false;
      options.fallback(device, request, response);
      return;
    }
    const failed = (error: unknown) => {
      device.log.error({ err: error, url: redactUrl(requestURL) }, "request failed");
      if (!response.headersSent) send(device, request, response, errorReply(device, requestURL, "deviceError"));
      else response.destroy();
    };
    // Most requests (no body, a cached or synchronous handler) are answered in this same turn.
    let reply: Reply | Promise<Reply>;
    try {
      reply = handle(device, request, response, { requestURL, query: q < 0 ? "" : requestURL.slice(q + 1), match, schemes, cache, options });
    } catch (error) {
      failed(error);
      return;
    }
    if (reply instanceof Promise) reply.then((r) => send(device, request, response, r)).catch(failed);
    else send(device, request, response, reply);
  }
}

interface Dispatch {
  readonly requestURL: string;
  readonly query: string;
  readonly match: ReturnType<RouteTable["find"]>;
  readonly schemes: readonly CredentialScheme[];
  readonly cache: RenderCache;
  readonly options: FleetHandlerOptions;
}

/**
 * Challenge before revealing (issue #5): only public routes answer without credentials.
 * Anything else — a protected resource, an unknown path, a wrong method — needs a login first,
 * so clients that send credentials only after a 401 (Python requests' Digest) reach 404/405,
 * and nobody can map which resources exist. The body is read only after authentication.
 */
function handle(device: Device, request: IncomingMessage, response: ServerResponse, d: Dispatch): Reply | Promise<Reply> {
  const { match, requestURL } = d;
  const limit = (match.kind === "found" ? match.route.maxBodyBytes : undefined) ?? d.options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  // Every reply that leaves the body unread bounds what is still read of it.
  const early = (reply: Reply): Reply => {
    if (!guardUnreadBody(request, limit).keepAlive) response.shouldKeepAlive = false;
    return reply;
  };
  const isPublic = match.kind === "found" && match.route.auth.kind === "public";
  // A JSON resource asked for JSON refuses in JSON (router.ts Route.jsonErrors).
  const format: ErrorFormat = match.kind === "found" && match.route.jsonErrors === true && asksJson(d.query) ? "json" : "xml";
  const refusal = (code: ErrorCode, detail?: string): Reply => errorReply(device, requestURL, code, detail, format);
  let user: string | undefined;
  if (!isPublic) {
    if (!device.activated) return early(refusal("notActivated"));
    const policy = match.kind === "found" ? match.route.auth : undefined;
    const outcome = authenticate(device, request, schemesFor(policy, d.schemes));
    if (!outcome.ok) return early(outcome.reply);
    user = outcome.user;
    if (policy?.kind === "user" && policy.level && !device.accounts.hasLevel(user, policy.level)) return early(refusal("lowPrivilege"));
  }
  if (match.kind === "none") return early(errorReply(device, requestURL, "notFound"));
  if (match.kind === "wrongMethod") return early({ ...errorReply(device, requestURL, "methodNotAllowed"), headers: { Allow: match.allowed.join(", ") } });

  const { route, params } = match;
  const run = (body: Buffer): Reply | Promise<Reply> => {
    const refused = (error: unknown): Reply => {
      DeviceError.accept(error);
      device.log.info({ url: redactUrl(requestURL), code: error.code }, "request refused");
      return refusal(error.code, error.detail);
    };
    try {
      const reply = route.handler(new Context(device, request, requestURL, params, body, user, d.cache, d.options.clock, d.query));
      return reply instanceof Promise ? reply.catch(refused) : reply;
    } catch (error) {
      return refused(error);
    }
  };
  if (!hasBody(request)) return run(NO_BODY);
  return readBody(request, limit).then((body) => (body === undefined ? early(refusal("bodyTooLarge")) : run(body)));
}

const NO_BODY = Buffer.alloc(0);

/** Whether the raw query has `format=json` (any case), as deviceInfo reads it. */
function asksJson(query: string): boolean {
  return query !== "" && new URLSearchParams(query).get("format")?.toLowerCase() === "json";
}

/** The schemes a route accepts: those its policy names, or every scheme of the handler. */
function schemesFor(policy: AuthPolicy | undefined, all: readonly CredentialScheme[]): readonly CredentialScheme[] {
  if (policy?.kind !== "user" || !policy.schemes) return all;
  const names = policy.schemes;
  return all.filter((s) => names.includes(s.name));
}

/** What a route handler sees; the query is parsed only when a handler reads it. */
class Context implements RequestContext {
  #query: URLSearchParams | undefined;

  constructor(
    readonly device: Device,
    readonly request: IncomingMessage,
    readonly requestURL: string,
    readonly params: Readonly<Record<string, string>>,
    readonly body: Buffer,
    readonly user: string | undefined,
    readonly cache: RenderCache,
    readonly clock: Clock,
    private readonly rawQuery: string,
  ) {}

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.rawQuery));
  }
}

export type ErrorFormat = "xml" | "json";

/**
 * A ResponseStatus for a catalog code, in the device's namespace, as XML or (JSON resources
 * asked `format=json`) as JSON ResponseStatus (json-status.ts). Where the firmware shows them
 * (profile `isapi.replies.errorDetail`), `errorCode` and `errorMsg` follow subStatusCode: the
 * message is the thrower's detail, which names the element at fault, or else the code in hex
 * as devices write it (errors.ts ISAPI_ERROR_CODES).
 */
export function errorReply(device: Device, requestURL: string, code: ErrorCode, detail?: string, format: ErrorFormat = "xml"): Reply {
  const entry = catalogEntry(code);
  const { isapi } = device.profile;
  const status = code === "notActivated" ? isapi.notActivatedHttpStatus : code === "notFound" ? isapi.replies.unknownResourceStatus : entry.httpStatus;
  const shown = errorDetail(device, entry, detail);
  if (format === "json") return { status, contentType: JSON_CONTENT_TYPE, body: responseStatusJson(requestURL, entry, shown) };
  const children: XmlChildren = shown ? [["errorCode", String(shown.errorCode)], ["errorMsg", shown.errorMsg]] : [];
  return { status, contentType: XML_CONTENT_TYPE, body: responseStatusXml(requestURL, entry, isapi.namespace, children, isapi.replies.responseStatusVersion) };
}

function errorDetail(device: Device, entry: CatalogEntry, detail: string | undefined): JsonErrorDetail | undefined {
  const number = ISAPI_ERROR_CODES[entry.subStatusCode];
  if (number === undefined || !device.profile.isapi.replies.errorDetail) return undefined;
  return { errorCode: number, errorMsg: detail ?? `0x${number.toString(16)}` };
}

/**
 * The device's headers (reply-headers.ts), then the reply's own; the body goes with `end`, so
 * Node writes head and body together; a HEAD request gets the same head and no body (Node
 * drops it). The connection stays open unless Node or the reply (`Connection: close`) closes it,
 * or it has served the firmware's `keepAliveMax` requests.
 */
function writeReply(device: Device, response: ServerResponse, reply: Reply, dates: HttpDate, ordinal: number): void {
  response.sendDate = false;
  const { keepAliveMax } = device.profile.isapi.replies;
  const extra = reply.headers ?? {};
  const connection = Object.entries(extra).find(([name]) => name.toLowerCase() === "connection")?.[1];
  const closing = connection !== undefined && /close/i.test(String(connection));
  // A stream (the alert stream) runs until the connection closes: no length, no keep-alive.
  const keepAlive = !reply.stream && response.shouldKeepAlive && !closing && ordinal < keepAliveMax;
  const contentLength = reply.stream ? undefined : typeof reply.body === "string" ? Buffer.byteLength(reply.body) : reply.body.length;
  const headers = replyHeaders(device, dates, { ...(contentLength === undefined ? {} : { contentLength }), contentType: reply.contentType, ...(keepAlive ? { keepAliveMax: keepAliveMax - ordinal } : {}) });
  for (const [name, value] of Object.entries(extra)) {
    if (name.toLowerCase() === "connection") continue;
    if (typeof value === "string") headers.push(name, value);
    else for (const one of value as readonly string[]) headers.push(name, one);
  }
  if (reply.stream) {
    writeStream(response, reply.status, headers, reply.stream);
    return;
  }
  response.writeHead(reply.status, headers);
  response.end(reply.body);
}

/** Unread body a slow client may leave queued before it is dropped (a stuck reader, not a slow one). */
const STREAM_BACKLOG_BYTES = 256 * 1024;

/**
 * A streaming reply (the alert stream): the head goes out at once; the body is not chunked
 * but runs until the connection closes (`Connection: close`), as the device's multipart push
 * does — node-hikvision-api reads the raw socket and would choke on chunk sizes.
 */
function writeStream(response: ServerResponse, status: number, headers: string[], stream: NonNullable<Reply["stream"]>): void {
  response.useChunkedEncodingByDefault = false;
  response.shouldKeepAlive = false;
  response.writeHead(status, headers);
  response.flushHeaders();
  if (response.req.method === "HEAD") {
    response.end();
    return;
  }
  const over = () => response.writableEnded || response.destroyed;
  stream({
    write: (chunk) => {
      if (over()) return false;
      if (response.writableLength > STREAM_BACKLOG_BYTES) {
        response.destroy();
        return false;
      }
      response.write(chunk);
      return true;
    },
    end: () => {
      if (!over()) response.end();
    },
    cut: () => response.destroy(),
    onClose: (listener) => {
      if (response.destroyed || response.writableFinished) queueMicrotask(listener);
      else response.once("close", listener);
    },
  });
}
