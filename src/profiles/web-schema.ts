import { z } from "zod";

/** Headers the web root's reply can carry, by name; `web.rootHeaders` picks and orders them. */
export const WEB_ROOT_HEADERS = ["Date", "Server", "ETag", "Content-Length", "Content-Type", "Connection", "Last-Modified", "Cache-Control", "X-Frame-Options"] as const;
export type WebRootHeader = (typeof WEB_ROOT_HEADERS)[number];

/**
 * The root reply closes its connection (web-root.ts), so it says so: without `Connection` in the
 * list Node would append an unlisted `Connection: close` after the profile's headers.
 */
const REQUIRED: readonly WebRootHeader[] = ["Connection"];

/**
 * The firmware's web server as a browser or a port scanner meets it (issue #12). The web root
 * answers 200 text/html whose meta refresh sends the browser on to `/doc/page/login.asp`
 * (hik-protocols.md §2.12), in the status line's HTTP version of the request (the webs server
 * answers an HTTP/1.0 probe in HTTP/1.0) and with these headers in this order. Defaults: the
 * cameras' `App-webs/` reply as nmap's service probes match it (Date, then Server, first).
 */
export const webSchema = z
  .object({
    rootHeaders: z
      .array(z.enum(WEB_ROOT_HEADERS))
      .refine((list) => new Set(list).size === list.length, "rootHeaders must not repeat a header")
      .refine((list) => REQUIRED.every((name) => list.includes(name)), `rootHeaders must include ${REQUIRED.join(", ")}`)
      .default(["Date", "Server", "Content-Length", "Content-Type", "Connection", "Cache-Control"]),
  })
  .strict()
  .default({ rootHeaders: ["Date", "Server", "Content-Length", "Content-Type", "Connection", "Cache-Control"] });
