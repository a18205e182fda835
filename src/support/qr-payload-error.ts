/**
 * A text given to the support desk as a QR payload that is not one of hikemu's
 * (support/qr-key.ts): the desk cannot answer it. The control API answers 400
 * `badQrPayload`, the CLI prints the problem and exits 1.
 */
export class QrPayloadError extends Error {
  override name = "QrPayloadError";
  readonly code = "badQrPayload";
  readonly exitCode = 1;

  constructor(readonly problem: string) {
    super(`not a hikemu QR payload: ${problem}`);
  }
}
