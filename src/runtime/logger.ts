import { pino, type Logger, type DestinationStream } from "pino";

/** Fields that may carry secrets; pino replaces their values (DESIGN.md "Habits"). */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "newPassword",
  "*.newPassword",
  "securityCode",
  "*.securityCode",
  "key",
  "*.key",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { name: "hikemu" }, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options, pino.destination(2));
}
