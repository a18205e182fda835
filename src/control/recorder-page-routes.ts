import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Router } from "express";
import { webDirectory } from "../http/web/web-files.js";
import { secureControlPage, serveControlAssets } from "./console/console-routes.js";

interface Asset {
  readonly type: string;
  readonly body: string;
}

/**
 * The browser files of the recorder local GUI: web/local/, plus the web admin's password rules
 * (web/doc/script/password-rules.js, the same strength meter the device pages use). Read once.
 */
function loadAssets(): { readonly page: string; readonly files: ReadonlyMap<string, Asset> } {
  const web = webDirectory();
  const local = (file: string) => readFileSync(join(web, "local", file), "utf8");
  const script = (body: string): Asset => ({ type: "text/javascript; charset=utf-8", body });
  return {
    page: local("recorder.html"),
    files: new Map([
      ["recorder.js", script(local("recorder.js"))],
      ["local-api.js", script(local("local-api.js"))],
      ["forgot.js", script(local("forgot.js"))],
      ["password-rules.js", script(readFileSync(join(web, "doc", "script", "password-rules.js"), "utf8"))],
      ["recorder.css", { type: "text/css; charset=utf-8", body: local("recorder.css") }],
    ]),
  };
}

/**
 * The recorder local GUI (issue #12, docs/web/recorder-gui.md): `/recorder/<device name>`, one
 * page per NVR/DVR standing in for its monitor output, with its files under `/local-gui/`. The
 * page drives the recorder through the control API's `/api/devices/:name/local/…` resources.
 * The page is the same for any name: the bearer token guards only `/api`, so a page that
 * answered 404 for unknown names and cameras would let anyone list the fleet. The page's
 * token-guarded `GET /api/devices/:name/local` says 404 instead, and the page shows why.
 */
export function recorderPageRoutes(): Router {
  const router = Router();
  const assets = loadAssets();
  router.get("/recorder/:name", (_request, response) => {
    secureControlPage(response);
    response.type("html").send(assets.page);
  });
  serveControlAssets(router, "/local-gui", assets.files);
  return router;
}
