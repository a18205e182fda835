import { Router } from "express";
import { z } from "zod";
import type { SupportDesk } from "../support/support-desk.js";
import { SupportError } from "../support/support-error.js";
import { ControlError, parseBody } from "./control-error.js";

const codeBody = z.object({ serial: z.string().min(1).max(64), date: z.string() }).strict();
const keyFileBody = z.object({ file: z.string().min(1) }).strict();
/** A payload is a short URI (support/qr-key.ts); 2 KiB is far more than one needs. */
const qrBody = z.object({ payload: z.string().min(1).max(2048) }).strict();

/**
 * The support desk's resources (docs/control-api.md "Support desk", issue #11): the legacy
 * security code, the answer to an exported key file, and the answer to a QR payload (key mode:
 * the key; e-mail mode: the verification code mailed, and where to — never the code). The desk
 * dates its answers on the emulator clock (virtual under `--clock virtual`).
 */
export function supportRoutes(desk: SupportDesk): Router {
  const router = Router();

  router.post("/support/code", (request, response) => {
    const { serial, date } = parseBody(codeBody, request.body);
    const code = refusals(() => desk.securityCode(serial, date));
    response.json({ serial: serial.trim(), date: date.trim(), code });
  });

  router.post("/support/keyfile", (request, response) => {
    const { file } = parseBody(keyFileBody, request.body);
    const answer = refusals(() => desk.answerKeyFile(file));
    response.json({ serial: answer.serial, expiresAt: new Date(answer.expiresAt).toISOString(), code: answer.code, file: answer.file });
  });

  router.post("/support/qr", async (request, response) => {
    const { payload } = parseBody(qrBody, request.body);
    response.json(await refusals(() => desk.answerQr(payload)));
  });

  return router;
}

/** The desk's refusals are the caller's bad input: 400 with the desk's code (badSerial, badDate, badKeyFile, badQrPayload). */
function refusals<T>(work: () => T): T {
  const asControlError = (error: unknown): never => {
    if (error instanceof SupportError) throw new ControlError(400, error.code, error.message);
    throw error;
  };
  try {
    const result = work();
    return (result instanceof Promise ? result.catch(asControlError) : result) as T;
  } catch (error) {
    return asControlError(error);
  }
}
