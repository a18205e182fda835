import type { Mailer } from "../mail/mailer.js";
import { decodeKeyExport, encodeKeyAnswer, type KeyAnswer } from "./key-file.js";
import { codeOfFile, encryptXml } from "./key-file-xml.js";
import { isSecurityCodeDate, securityCode } from "./security-code.js";
import { SupportError } from "./support-error.js";
import { maskEmail } from "../util/email-address.js";
import { parseQrPayload, qrKeyFor } from "./qr-key.js";

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

  // --- methods 1 and 2: security code and key file (issue #11) ---

  /**
   * The legacy security code (§7) of `serial` on `date` (`YYYYMMDD`, the device's date as SADP
   * shows it). The code of the serial as given: a device accepts that of its full DeviceSN and
   * that of the serial without the model prefix (security-code-reset.ts).
   */
  securityCode(serial: string, date: string): string {
    const trimmed = serial.trim();
    if (!SERIAL.test(trimmed)) throw new SupportError("badSerial", `serial "${shortened(serial)}" is not a device serial (1-64 printable characters, no spaces)`);
    if (!isSecurityCodeDate(date.trim())) throw new SupportError("badDate", `date "${shortened(date)}" is not a day as YYYYMMDD`);
    return securityCode(trimmed, date.trim());
  }

  /**
   * The import file (Encrypt.xml) for an exported key file (§1.8.2): `fileOrCode` is the
   * DeviceKey.xml content or its bare `<Code>`. The answer is signed with the support key,
   * carries the export's serial and nonce, and expires KEY_ANSWER_SECONDS after now.
   */
  answerKeyFile(fileOrCode: string): KeyFileAnswer {
    const code = codeOfFile(fileOrCode);
    if (code === undefined) throw new SupportError("badKeyFile", "no key: give the exported key file (DeviceKey.xml, with a <Code> element) or its Code");
    const exported = decodeKeyExport(code);
    if (!exported) throw new SupportError("badKeyFile", "the Code is not a key exported by a device (flag bytes 03 00 00 00 and a checksum, Base64)");
    const issuedAt = this.deps.now();
    const answer: KeyAnswer = { serial: exported.serial, nonce: exported.nonce, issuedAt, expiresAt: issuedAt + KEY_ANSWER_SECONDS * 1000 };
    const answerCode = encodeKeyAnswer(answer);
    return { serial: answer.serial, expiresAt: answer.expiresAt, code: answerCode, file: encryptXml(answer, answerCode) };
  }

  // --- methods 3 and 6: QR key and reserved e-mail (issue #11) ---

  /**
   * Answers a QR payload (support/qr-key.ts): the key in key mode; in e-mail mode the same
   * 8 characters mailed as the verification code to the payload's address, as the vendor's
   * app and service do (the user reads it in their mailbox, here the outbox). Throws
   * SupportError `badQrPayload` for a text that is not a hikemu payload.
   */
  async answerQr(payloadText: string): Promise<QrAnswer> {
    const parsed = parseQrPayload(payloadText);
    if (!parsed.ok) throw new SupportError("badQrPayload", `not a hikemu QR payload: ${parsed.problem}`);
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

/**
 * How long the desk's import file is valid (the seeds: 24 h). The desk has no device profile;
 * this is its own constant, equal to the profiles' `recoveryExpiry.keyAnswer` default. The
 * device checks the expiry the answer carries.
 */
export const KEY_ANSWER_SECONDS = 24 * 3600;

/** A refused input as a message quotes it: at most 80 characters. */
function shortened(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A DeviceSN (§1.3) or a part of one: printable ASCII without spaces. */
const SERIAL = /^[\x21-\x7e]{1,64}$/;

/** The desk's answer to an exported key file. */
export interface KeyFileAnswer {
  /** The serial of the device the answer is for. */
  readonly serial: string;
  /** Epoch ms (the emulator clock) after which the device refuses the answer. */
  readonly expiresAt: number;
  /** The signed answer, Base64: what SADP sends in `reset`'s `<Code>`. */
  readonly code: string;
  /** Encrypt.xml, the import file (key-file-xml.ts). */
  readonly file: string;
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
