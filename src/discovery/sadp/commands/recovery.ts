import type { Device } from "../../../emulator/device.js";
import { codeReset, getCode } from "./code-reset.js";
import type { CommandAnswer } from "./reply.js";
import { answerReset, exportGuid, getSecurityQuestion, guidReset, setSecurityQuestion } from "./guid-questions.js";
import type { SadpCommand } from "./requests.js";
import { getQrCodes, mailReset } from "./qr-reset.js";

type RecoveryCommand = Extract<SadpCommand, { kind: "getcode" | "reset" | "ExportGUID" | "GUIDReset" | "getsecurityquestion" | "setsecurityquestion" | "AnswerReset" | "GetQRcodes" | "MailReset" }>;

/**
 * Password recovery over SADP (hik-protocols.md §1.8). The requests arrive typed
 * (requests.ts); each method's handlers live in their own file. A method the firmware does
 * not offer answers the catalog's `notSupport` (Result `denied`, "Device deny!").
 */
export function recovery(device: Device, command: RecoveryCommand, peer: string): CommandAnswer | Promise<CommandAnswer> {
  switch (command.kind) {
    // §1.8.1–2: the legacy security code and the key file (code-reset.ts).
    case "getcode":
      return getCode(device);
    case "reset":
      return codeReset(device, command, peer);
    // §1.8.3–4: the GUID file and the security questions (guid-questions.ts).
    case "ExportGUID":
      return exportGuid(device, command, peer);
    case "GUIDReset":
      return guidReset(device, command, peer);
    case "getsecurityquestion":
      return getSecurityQuestion(device);
    case "setsecurityquestion":
      return setSecurityQuestion(device, command, peer);
    case "AnswerReset":
      return answerReset(device, command, peer);
    // §1.8.5: the QR code and the e-mailed verification code (qr-reset.ts).
    case "GetQRcodes":
      return getQrCodes(device);
    case "MailReset":
      return mailReset(device, command, peer);
  }
}
