import type { z } from "zod";
import { DeviceError, type ErrorCode } from "../emulator/errors.js";

/**
 * A control-plane failure, answered as `{"error": {"code", "message"}}` (docs/control-api.md).
 * Device refusals keep the catalog code (src/emulator/errors.ts) and its message.
 */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ControlError";
  }

  static notFound(what: string): ControlError {
    return new ControlError(404, "notFound", what);
  }

  static badRequest(message: string): ControlError {
    return new ControlError(400, "badRequest", message);
  }
}

/** Bad values are the caller's (400); everything else the device refuses conflicts with its state or nature (409). */
const BAD_INPUT: ReadonlySet<ErrorCode> = new Set(["badParameters", "badXmlContent", "badXmlFormat"]);

export function asControlError(error: unknown): ControlError {
  if (error instanceof ControlError) return error;
  if (error instanceof DeviceError) return new ControlError(BAD_INPUT.has(error.code) ? 400 : 409, error.code, error.detail ?? error.message);
  return new ControlError(500, "internal", "internal error (see the hikemu log)");
}

/** Parses a JSON body against a schema; the first problem becomes a 400 naming the field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  throw ControlError.badRequest(`${where}${issue?.message ?? "invalid body"}`);
}
