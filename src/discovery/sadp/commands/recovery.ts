import type { Device } from "../../../emulator/device.js";
import { answer, type CommandAnswer } from "./reply.js";
import type { SadpCommand } from "./requests.js";

type RecoveryCommand = Extract<SadpCommand, { kind: "getcode" | "reset" | "ExportGUID" | "GUIDReset" | "getsecurityquestion" | "setsecurityquestion" | "AnswerReset" | "GetQRcodes" | "MailReset" }>;

/**
 * Password recovery over SADP (hik-protocols.md §1.8). The requests arrive typed
 * (requests.ts); the flows themselves are issue 11. Until then each answers as a device
 * without the feature would: the catalog's `notSupport` (Result `denied`, "Device deny!").
 */
export function recovery(device: Device, command: RecoveryCommand): CommandAnswer {
  device.log.debug({ types: command.kind }, "sadp recovery command not implemented yet");
  return answer("notSupport");
}
