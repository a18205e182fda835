import { Router } from "express";
import { z } from "zod";
import type { SupportDesk } from "../support/support-desk.js";
import { SupportError } from "../support/support-error.js";
import { ControlError, parseBody } from "./control-error.js";

const codeBody = z.object({ serial: z.string().min(1).max(64), date: z.string() }).strict();
const keyFileBody = z.object({ file: z.string().min(1) }).strict();

/**
 * The support desk's resources (docs/control-api.md "Support desk"), methods 1 and 2 of issue
 * #11: the legacy security code and the answer to an exported key file. The desk dates its
 * answers on the emulator clock (virtual under `--clock virtual`).
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

  return router;
}

/** The desk's refusals are the caller's bad input: 400 with the desk's code (badSerial, badDate, badKeyFile). */
function refusals<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SupportError) throw new ControlError(400, error.code, error.message);
    throw error;
  }
}
