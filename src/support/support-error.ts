/** Why the support desk refused a request: what the CLI prints and the control API answers 400 with. */
export type SupportErrorCode = "badSerial" | "badDate" | "badKeyFile";

/** A request the simulated support desk cannot answer (bad serial, date or key file). */
export class SupportError extends Error {
  constructor(
    readonly code: SupportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SupportError";
  }
}
