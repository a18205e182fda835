import type { Mailer } from "../mail/mailer.js";
import { maskEmail, parseQrPayload, qrKeyFor } from "./qr-key.js";
import { QrPayloadError } from "./qr-payload-error.js";

export interface SupportDeskDeps {
  /** Epoch ms of the emulator clock: what the desk's answers are dated with (virtual under `--clock virtual`). */
  readonly now: () => number;
  /** Where verification codes are mailed (the outbox, and SMTP when configured). */
  readonly mailer: Mailer;
  /** The desk's sender address. */
  readonly from: string;
}

/** The desk's answer to a QR payload (issue #11, methods 3 and 6). */
export type QrAnswer =
  /** Key mode: the key the user types in with the new password. */
  | { readonly mode: "key"; readonly serial: string; readonly key: string }
  /**
   * E-mail mode: the verification code went to the reserved address (masked here; the code
   * is never in the answer). `mailError`: SMTP refused it — the outbox still has the copy.
   */
  | { readonly mode: "email"; readonly serial: string; readonly sentTo: string; readonly mailError?: string };

/**
 * The vendor's support desk, simulated (DESIGN.md "Support desk"; issue #11): from a serial and
 * a device date it issues the legacy security code, from an exported key file the signed import
 * file, from a QR payload the key (or, for the reserved-e-mail flow, mails the verification
 * code). It signs with hikemu's own keys, so every flow runs offline. The CLI (`hikemu support`)
 * and the control API (`/api/support/…`) are its fronts.
 */
export class SupportDesk {
  constructor(private readonly deps: SupportDeskDeps) {}

  /**
   * Answers a QR payload (support/qr-key.ts): the key in key mode; in e-mail mode the same
   * 8 characters mailed as the verification code to the payload's address, as the vendor's
   * app and service do (the user reads it in their mailbox, here the outbox). Throws
   * QrPayloadError for a text that is not a hikemu payload.
   */
  async answerQr(payloadText: string): Promise<QrAnswer> {
    const parsed = parseQrPayload(payloadText);
    if (!parsed.ok) throw new QrPayloadError(parsed.problem);
    const { payload } = parsed;
    const code = qrKeyFor(payloadText);
    if (payload.mode === "key" || payload.email === undefined) return { mode: "key", serial: payload.serial, key: code };
    const sentTo = maskEmail(payload.email);
    try {
      await this.deps.mailer.send({ from: this.deps.from, to: payload.email, subject: `Verification code for device ${payload.serial}`, text: verificationText(payload.serial, code, this.deps.now()) });
    } catch (error) {
      return { mode: "email", serial: payload.serial, sentTo, mailError: error instanceof Error ? error.message : String(error) };
    }
    return { mode: "email", serial: payload.serial, sentTo };
  }
}

function verificationText(serial: string, code: string, now: number): string {
  return [
    "Hello,",
    "",
    `Someone asked to reset the admin password of device ${serial} using this reserved e-mail address.`,
    "",
    `Verification code: ${code}`,
    "",
    "Enter it on the device's password reset screen together with the new password.",
    "The code works once. It expires some time after the QR code was shown (48 hours on",
    "current firmware) and stops working when the device reboots or its reserved e-mail changes.",
    "",
    `Sent ${new Date(now).toISOString()} by the hikemu support desk simulator (no real vendor service was contacted).`,
  ].join("\n");
}
