import type { IncomingMessage } from "node:http";
import type { Device } from "../emulator/device.js";
import type { Profile } from "../profiles/index.js";
import type { UserLevel } from "../emulator/state.js";
import type { RenderCache } from "./render-cache.js";
import type { Clock } from "../emulator/clock.js";
import { safeDecodeURIComponent } from "../util/safe-decode.js";

/** What a handler returns; the fleet handler writes it with the device's headers. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  /** Text (sent as UTF-8) or bytes (key files, configuration blobs). */
  readonly body: string | Buffer;
  /** Extra headers; a list gives the header once per value (several WWW-Authenticate). */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * A body written over time instead of `body` (the alert stream): the head goes out at once
   * without Content-Length, this gets the sink, and the connection closes when the body ends.
   */
  readonly stream?: (sink: ReplySink) => void;
}

/** Where a streaming reply writes its body (fleet-handler.ts). */
export interface ReplySink {
  /** Writes body bytes; false once the client is gone. */
  write(chunk: string | Buffer): boolean;
  /** Ends the body; the connection closes after it. */
  end(): void;
  /** Drops the connection without ending the body: the device is gone. */
  cut(): void;
  /** Runs once when the connection is over, whoever ended it. */
  onClose(listener: () => void): void;
}

export interface RequestContext {
  readonly device: Device;
  readonly request: IncomingMessage;
  /** Path and query as the client sent them (ResponseStatus `requestURL`). */
  readonly requestURL: string;
  readonly query: URLSearchParams;
  /** Values of the route's `<name>` segments, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The request body as received (empty for none). */
  readonly body: Buffer;
  /** The authenticated user, for routes that require one. */
  readonly user: string | undefined;
  /** Replies of read-mostly resources, kept until the device's state changes. */
  readonly cache: RenderCache;
  /** The devices' clock, for replies that go on over time (streaming replies' timers). */
  readonly clock: Clock;
}

export type Method = "GET" | "PUT" | "POST" | "DELETE";

/**
 * Who may use a route. `public`: anyone, even on an inactive device (the activation
 * resources, hik-protocols.md §2.3). `user`: a logged-in user of at least `level`, by one of
 * `schemes` (credential-scheme names) or, when absent, any scheme the fleet handler accepts
 * (Digest today; Basic, the web session and others plug in there).
 */
export type AuthPolicy =
  | { readonly kind: "public" }
  | { readonly kind: "user"; readonly level?: UserLevel; readonly schemes?: readonly string[] };

export const PUBLIC: AuthPolicy = { kind: "public" };
export const ANY_USER: AuthPolicy = { kind: "user" };
export const ADMINISTRATOR: AuthPolicy = { kind: "user", level: "Administrator" };

export interface Route {
  readonly method: Method;
  /** Literal segments match case-insensitively; `<name>` matches one segment into `params`. */
  readonly path: string;
  readonly auth: AuthPolicy;
  /** Largest request body accepted; larger ones are refused before reading (default 256 KiB). */
  readonly maxBodyBytes?: number;
  /** Whether the model's firmware has this resource at all (absent: every model). */
  readonly availableOn?: (profile: Profile) => boolean;
  /**
   * A JSON resource (hik-protocols.md §2.1 "many endpoints accept ?format=json"): when the
   * request asks `format=json`, its refusals once the route is found (not activated, low
   * privilege, body too large, the handler's DeviceErrors) are JSON ResponseStatus (§2.9,
   * json-status.ts) instead of XML. The 401 challenge stays as every route's.
   */
  readonly jsonErrors?: boolean;
  readonly handler: (context: RequestContext) => Reply | Promise<Reply>;
}

export type RouteMatch =
  | { readonly kind: "found"; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  /** The path exists with other methods: `allowed` lists them, HEAD with GET (the 405's `Allow` header, RFC 9110 §15.5.6). */
  | { readonly kind: "wrongMethod"; readonly allowed: readonly string[] }
  | { readonly kind: "none" };

interface PatternEntry {
  readonly segments: readonly string[];
  readonly methods: Map<Method, Route>;
}

const PARAM = /^<([A-Za-z][A-Za-z0-9]*)>$/;
const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * ISAPI resources by method and path. Paths match case-insensitively: cameras answer
 * `/ISAPI/System/deviceinfo` as well (real-responses/DS-2CD2155FWD-I cassettes). Literal
 * paths are one map lookup; paths with `<id>` segments are tried in the order added.
 */
export class RouteTable {
  readonly #literal = new Map<string, Map<Method, Route>>();
  readonly #patterns: PatternEntry[] = [];
  readonly #all: Route[] = [];

  /** Every route in the order added (tests walk the table: real clients on every resource, docs/isapi.md in step). */
  get routes(): readonly Route[] {
    return this.#all;
  }

  add(...routes: Route[]): this {
    for (const route of routes) {
      const key = route.path.toLowerCase();
      let methods: Map<Method, Route>;
      if (route.path.includes("<")) {
        const segments = route.path.split("/").map((s) => (PARAM.test(s) ? s : s.toLowerCase()));
        const existing = this.#patterns.find((p) => p.segments.join("/") === segments.join("/"));
        methods = existing?.methods ?? new Map<Method, Route>();
        if (!existing) this.#patterns.push({ segments, methods });
      } else {
        methods = this.#literal.get(key) ?? new Map<Method, Route>();
        this.#literal.set(key, methods);
      }
      if (methods.has(route.method)) throw new Error(`route ${route.method} ${route.path} defined twice`);
      methods.set(route.method, route);
      this.#all.push(route);
    }
    return this;
  }

  /**
   * The route for a method and path (no query) on a device of this profile. HEAD is GET for
   * every resource (RFC 9110 §9.3.2): the same route answers, and the fleet handler's writer
   * sends its head alone, so no route declares HEAD.
   */
  find(method: string, path: string, profile: Profile): RouteMatch {
    let methods = this.#literal.get(path.toLowerCase());
    let params = NO_PARAMS;
    if (!methods) {
      const segments = path.split("/");
      for (const pattern of this.#patterns) {
        const matched = matchSegments(pattern.segments, segments);
        if (matched) {
          methods = pattern.methods;
          params = matched;
          break;
        }
      }
    }
    if (!methods) return { kind: "none" };
    const route = methods.get((method === "HEAD" ? "GET" : method) as Method);
    if (route && (route.availableOn?.(profile) ?? true)) return { kind: "found", route, params };
    const allowed = [...methods.values()].filter((other) => other.availableOn?.(profile) ?? true).flatMap((other) => (other.method === "GET" ? ["GET", "HEAD"] : [other.method]));
    return allowed.length > 0 ? { kind: "wrongMethod", allowed } : { kind: "none" };
  }
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, expected] of pattern.entries()) {
    const actual = segments[i] ?? "";
    const param = PARAM.exec(expected);
    if (param) {
      if (actual === "") return undefined;
      params[param[1] as string] = safeDecodeURIComponent(actual) ?? actual;
    } else if (expected !== actual.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}
