import type { Device } from "../../../emulator/device.js";
import { answer, type CommandAnswer } from "./reply.js";
import type { SadpCommand } from "./requests.js";
import { getQrCodes, mailReset } from "./qr-reset.js";

type RecoveryCommand = Extract<SadpCommand, { kind: "getcode" | "reset" | "ExportGUID" | "GUIDReset" | "getsecurityquestion" | "setsecurityquestion" | "AnswerReset" | "GetQRcodes" | "MailReset" }>;

/**
 * Password recovery over SADP (hik-protocols.md §1.8). The requests arrive typed
 * (requests.ts); the flows themselves are issue 11. Until then each answers as a device
 * without the feature would: the catalog's `notSupport` (Result `denied`, "Device deny!").
 */
export function recovery(device: Device, command: RecoveryCommand, peer?: string): CommandAnswer | Promise<CommandAnswer> {
  // Issue #11 methods 3 and 6 (qr-reset.ts).
  if (command.kind === "GetQRcodes") return getQrCodes(device);
  if (command.kind === "MailReset") return mailReset(device, command, peer);
  device.log.debug({ types: command.kind }, "sadp recovery command not implemented yet");
  return answer("notSupport");
}
