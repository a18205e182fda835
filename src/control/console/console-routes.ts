import { Router, type Response } from "express";
import { CONSOLE_ASSETS, CONSOLE_PAGE } from "./assets/index.js";

/**
 * The page may load its own scripts, styles and icon and talk to this server; nothing inline,
 * nothing from elsewhere, no framing, no form posts.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The headers of every page the control plane serves (the lab console, the recorder local GUI). */
export function secureControlPage(response: Response): void {
  response.setHeader("Content-Security-Policy", CONSOLE_CSP);
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("X-Frame-Options", "DENY");
  response.setHeader("Referrer-Policy", "no-referrer");
  response.setHeader("Cache-Control", "no-cache");
}

/**
 * The lab console (issue #7), served at the control API's `/`: one page and its assets under
 * `/console/`. They live in TypeScript string modules (assets/), so `tsc` alone ships them.
 */
export function consoleRoutes(): Router {
  const router = Router();
  router.get("/", (_request, response) => {
    secureControlPage(response);
    response.type("html").send(CONSOLE_PAGE);
  });
  serveControlAssets(router, "/console", CONSOLE_ASSETS);
  return router;
}

/** `prefix/:file` answers the named asset with the control plane's page headers; other names fall through. */
export function serveControlAssets(router: Router, prefix: string, assets: ReadonlyMap<string, { readonly type: string; readonly body: string }>): void {
  router.get(`${prefix}/:file`, (request, response, next) => {
    const asset = assets.get(String(request.params.file));
    if (!asset) {
      next();
      return;
    }
    secureControlPage(response);
    response.setHeader("Content-Type", asset.type);
    response.send(asset.body);
  });
}
