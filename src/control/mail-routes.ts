import { Router } from "express";
import { z } from "zod";
import type { Outbox } from "../mail/outbox.js";
import type { SupportDesk } from "../support/support-desk.js";
import { QrPayloadError } from "../support/qr-payload-error.js";
import { ControlError, parseBody } from "./control-error.js";

export interface MailRouteDeps {
  readonly outbox: Outbox;
  readonly supportDesk: SupportDesk;
}

/** A payload is a short URI (support/qr-key.ts); 2 KiB is far more than one needs. */
const qrBody = z.object({ payload: z.string().min(1).max(2048) }).strict();

/**
 * Issue #11 control resources (docs/control-api.md "Mail and the support desk"):
 * `GET /api/mail[?to=ADDRESS]` — the outbox, oldest first; `POST /api/support/qr {payload}` —
 * the support desk answers a device's QR payload (key mode: the key; e-mail mode: mails the
 * verification code and says where, never the code).
 */
export function mailRoutes(deps: MailRouteDeps): Router {
  const router = Router();

  router.get("/mail", (request, response) => {
    const to = request.query.to;
    if (to !== undefined && typeof to !== "string") throw ControlError.badRequest("to: give one address");
    response.json({ messages: deps.outbox.list(to || undefined).map((m) => ({ ...m, sentAt: new Date(m.sentAt).toISOString() })) });
  });

  router.post("/support/qr", async (request, response) => {
    const { payload } = parseBody(qrBody, request.body);
    try {
      response.json(await deps.supportDesk.answerQr(payload));
    } catch (error) {
      if (error instanceof QrPayloadError) throw new ControlError(400, error.code, error.message);
      throw error;
    }
  });

  return router;
}
