import type { Device } from "../../../emulator/device.js";
import { DeviceError } from "../../../emulator/errors.js";
import type { SadpProbe } from "../codec.js";
import { activate, exchangeCode } from "./activation.js";
import { recovery } from "./recovery.js";
import { answer, encodeCommandReply, type CommandAnswer } from "./reply.js";
import { parseCommand } from "./requests.js";
import { update } from "./update.js";

/** Types with behaviour here; the rest answer "not supported" (stats.unsupported). */
export const IMPLEMENTED_COMMANDS: ReadonlySet<string> = new Set(["exchangecode", "activate", "update", "getcode", "reset", "ExportGUID", "GUIDReset", "getsecurityquestion", "setsecurityquestion", "AnswerReset", "GetQRcodes", "MailReset"]);

/** What the responder calls for a directed command: the reply bytes, never a rejection. */
export type CommandHandler = (device: Device, probe: SadpProbe, context: CommandContext) => Promise<Buffer>;

/** Who sent a command: its source address (login failures are logged with it). */
export interface CommandContext {
  readonly peer: string;
}

/**
 * A directed SADP command for one of our devices → the reply bytes (§1.5 action response).
 * Never rejects: a device refusal (DeviceError) becomes its catalog result, anything else is
 * logged and answered `deviceError`, so nothing escapes into the responder's loop.
 */
export async function handleCommand(device: Device, probe: SadpProbe, context: CommandContext): Promise<Buffer> {
  let reply: CommandAnswer;
  try {
    reply = await run(device, probe, context);
  } catch (error) {
    if (error instanceof DeviceError) {
      device.log.debug({ types: probe.types, code: error.code, detail: error.detail }, "sadp command refused");
      reply = answer(error.code);
    } else {
      device.log.error({ err: error, types: probe.types }, "sadp command failed");
      reply = answer("deviceError");
    }
  }
  return encodeCommandReply(device, probe, reply);
}

async function run(device: Device, probe: SadpProbe, context: CommandContext): Promise<CommandAnswer> {
  const command = parseCommand(probe);
  switch (command.kind) {
    case "exchangecode":
      return exchangeCode(device, command.code);
    case "activate":
      return activate(device, command.password);
    case "update":
      return update(device, command, context.peer);
    case "getcode":
    case "reset":
    case "ExportGUID":
    case "GUIDReset":
    case "getsecurityquestion":
    case "setsecurityquestion":
    case "AnswerReset":
    case "GetQRcodes":
    case "MailReset":
      return recovery(device, command, context.peer);
    case "other":
      // Any other Types for our MAC: what a device without the command answers (§1.5).
      return answer("notSupport");
  }
}
