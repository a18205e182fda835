import { CommanderError } from "commander";
import { ConfigError } from "./load-config.js";
import { ControlRefusal } from "./control-client.js";
import { NothingAnswered } from "./discover-command.js";
import { SupportError } from "../support/support-error.js";

/**
 * Prints why a command failed (commander has already printed its own usage errors) and
 * returns the exit code (README "Exit codes"): 1 for an invalid fleet file, a request the
 * control API refused, a search nothing answered or an input the support desk refused, 2 for
 * everything else.
 */
export function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`hikemu: ${error instanceof Error ? error.message : String(error)}`);
  return error instanceof ConfigError || error instanceof ControlRefusal || error instanceof NothingAnswered || error instanceof SupportError ? 1 : 2;
}
