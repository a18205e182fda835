/** Why the support desk refused a request: what the CLI prints and the control API answers 400 with. */
export type SupportErrorCode = "badSerial" | "badDate" | "badKeyFile" | "badQrPayload";

/** A request the simulated support desk cannot answer (bad serial, date, key file or QR payload): the CLI exits 1. */
export class SupportError extends Error {
  constructor(
    readonly code: SupportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SupportError";
  }
}
