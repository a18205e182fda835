import type { Device } from "../../../emulator/device.js";
import { codeReset, getCode } from "./code-reset.js";
import { answer, type CommandAnswer } from "./reply.js";
import type { SadpCommand } from "./requests.js";

type RecoveryCommand = Extract<SadpCommand, { kind: "getcode" | "reset" | "ExportGUID" | "GUIDReset" | "getsecurityquestion" | "setsecurityquestion" | "AnswerReset" | "GetQRcodes" | "MailReset" }>;

/**
 * Password recovery over SADP (hik-protocols.md §1.8). The requests arrive typed
 * (requests.ts); each method's handlers live in their own file. A command without a handler
 * yet answers as a device without the feature would: the catalog's `notSupport` (Result
 * `denied`, "Device deny!").
 */
export function recovery(device: Device, command: RecoveryCommand, peer: string): CommandAnswer | Promise<CommandAnswer> {
  switch (command.kind) {
    case "getcode":
      return getCode(device);
    case "reset":
      return codeReset(device, command, peer);
    default:
      device.log.debug({ types: command.kind }, "sadp recovery command not implemented yet");
      return answer("notSupport");
  }
}
