import express, { type NextFunction, type Request, type Response } from "express";
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { Device } from "../../emulator/device.js";
import type { FallbackHandler } from "../fleet-handler.js";
import { HttpDate } from "../http-date.js";
import { redactUrl } from "../../util/redact-url.js";
import { answerWebRoot } from "./web-root.js";
import { forgeBundle, webDirectory } from "./web-files.js";
import { QR_IMAGE_PATH, QrImages } from "./qr-image.js";

/**
 * The pages may load the device's own scripts, styles and images and talk to the device; nothing
 * inline, nothing from elsewhere (issue #12: no page loads anything from outside the device).
 * `data:`/`blob:` images: the QR code and snapshots the pages draw themselves.
 */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join("; ");

export interface WebApp {
  /** For the fleet handler: non-ISAPI paths of a device (fleet-handler.ts `fallback`). */
  readonly fallback: FallbackHandler;
}

/**
 * The device web admin (issue #12): one express app for the whole fleet, reached from the fleet
 * handler only for paths outside the device API, so the ISAPI hot path never passes through it
 * (DESIGN.md "HTTP"). Each request knows its device from the fleet handler (`webDevice`); the
 * pages themselves drive the device only through ISAPI, from the browser.
 */
export function createWebApp(options: { directory?: string } = {}): WebApp {
  const directory = options.directory ?? webDirectory();
  const dates = new HttpDate();
  const devices = new WeakMap<IncomingMessage, Device>();
  let forge: { readonly body: Buffer; readonly etag: string } | undefined;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);

  app.use((request: Request, response: Response, next: NextFunction) => {
    const device = devices.get(request);
    if (!device) {
      next(new Error("web request without its device"));
      return;
    }
    response.sendDate = false;
    response.setHeader("Date", dates.format(device.time.wallClock()));
    response.setHeader("Server", device.profile.isapi.server);
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Frame-Options", "SAMEORIGIN");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Security-Policy", WEB_CSP);
    next();
  });
  app.get("/", (request, response) => answerWebRoot(webDevice(request), dates, request, response));
  // Browsers ask for it on any page without an icon link (the web root's redirect page).
  app.get("/favicon.ico", (_request, response) => response.sendFile(join(directory, "doc", "images", "icon.svg"), { headers: { "Content-Type": "image/svg+xml" }, lastModified: false, etag: false }));
  // ~280 KB on every page: a strong ETag (the bundle's hash) lets the browser revalidate for a 304.
  app.get("/doc/script/lib/forge.min.js", (request, response) => {
    forge ??= servedBundle(forgeBundle());
    response.setHeader("ETag", forge.etag);
    response.type("text/javascript; charset=utf-8");
    // `fresh`: If-None-Match against the ETag (a list, `*`, weak comparison; a no-cache request is never fresh).
    if (request.fresh) response.status(304).end();
    else response.send(forge.body);
  });
  // forgot password (issue #12): the recovery QR code as a picture.
  const qrImages = new QrImages();
  app.get(QR_IMAGE_PATH, (request, response, next) => {
    qrImages.answer(webDevice(request), request, response).catch(next);
  });
  app.use(
    "/doc",
    express.static(join(directory, "doc"), {
      index: false,
      dotfiles: "ignore",
      etag: false,
      lastModified: false,
      setHeaders: (response, path) => {
        // The firmware's pages are `.asp` files that are plain HTML to a browser.
        if (path.endsWith(".asp")) response.setHeader("Content-Type", "text/html; charset=utf-8");
      },
    }),
  );
  app.use((_request: Request, response: Response) => {
    response.status(404).type("html").send(NOT_FOUND_PAGE);
  });
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    devices.get(request)?.log.error({ err: error, url: redactUrl(request.originalUrl) }, "web page failed");
    response.status(500).type("text/plain").send("internal error\n");
  });

  function webDevice(request: IncomingMessage): Device {
    const device = devices.get(request);
    if (!device) throw new Error("web request without its device");
    return device;
  }

  return {
    fallback: (device: Device, request: IncomingMessage, response: ServerResponse) => {
      devices.set(request, device);
      app(request as Request, response as Response);
    },
  };
}

/** A file served whole from memory, with a strong ETag of its bytes. */
function servedBundle(text: string): { readonly body: Buffer; readonly etag: string } {
  const body = Buffer.from(text, "utf8");
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url")}"` };
}

const NOT_FOUND_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>404 Not Found</title></head>
<body><h1>404 Not Found</h1><p>The page you asked for is not on this device.</p></body></html>
`;
