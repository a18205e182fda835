import { Router } from "express";
import type { Outbox } from "../mail/outbox.js";
import { ControlError } from "./control-error.js";

/** `GET /api/mail[?to=ADDRESS]` (issue #11, docs/control-api.md): the outbox, oldest first. */
export function mailRoutes(outbox: Outbox): Router {
  const router = Router();

  router.get("/mail", (request, response) => {
    const to = request.query.to;
    if (to !== undefined && typeof to !== "string") throw ControlError.badRequest("to: give one address");
    response.json({ messages: outbox.list(to || undefined).map((m) => ({ ...m, sentAt: new Date(m.sentAt).toISOString() })) });
  });


  return router;
}
