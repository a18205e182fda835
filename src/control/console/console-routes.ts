import { Router } from "express";

/** The lab console's page and assets (issue #7), served at the control API's `/`. */
export function consoleRoutes(): Router {
  const router = Router();
  router.get("/", (_request, response) => {
    response.type("html").send("<!doctype html><title>hikemu lab console</title><p>The lab console is being built.</p>\n");
  });
  return router;
}
