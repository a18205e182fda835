import type { IncomingMessage } from "node:http";
import type { Device } from "../emulator/device.js";

/** What a handler returns; the fleet handler writes it with the device's headers. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RequestContext {
  readonly device: Device;
  readonly request: IncomingMessage;
  /** Path and query as the client sent them (ResponseStatus `requestURL`). */
  readonly requestURL: string;
  readonly query: URLSearchParams;
  readonly body: string;
  /** The authenticated user, for routes behind Digest. */
  readonly user: string | undefined;
}

export type Method = "GET" | "PUT" | "POST" | "DELETE";

export interface Route {
  readonly method: Method;
  readonly path: string;
  /** `none` for the few resources an inactive device serves (§2.3), `digest` otherwise. */
  readonly auth: "none" | "digest";
  readonly handler: (context: RequestContext) => Reply | Promise<Reply>;
}

export type RouteMatch = { readonly kind: "found"; readonly route: Route } | { readonly kind: "wrongMethod" } | { readonly kind: "none" };

/**
 * ISAPI resources by method and path. Paths match case-insensitively: cameras answer
 * `/ISAPI/System/deviceinfo` as well (real-responses/DS-2CD2155FWD-I cassettes).
 */
export class RouteTable {
  readonly #byPath = new Map<string, Map<Method, Route>>();

  add(...routes: Route[]): this {
    for (const route of routes) {
      const key = route.path.toLowerCase();
      const methods = this.#byPath.get(key) ?? new Map<Method, Route>();
      if (methods.has(route.method)) throw new Error(`route ${route.method} ${route.path} defined twice`);
      methods.set(route.method, route);
      this.#byPath.set(key, methods);
    }
    return this;
  }

  find(method: string, path: string): RouteMatch {
    const methods = this.#byPath.get(path.toLowerCase());
    if (!methods) return { kind: "none" };
    const route = methods.get(method as Method);
    return route ? { kind: "found", route } : { kind: "wrongMethod" };
  }
}
