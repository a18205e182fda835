import { format } from "node:util";
import { Command } from "commander";
import { addDeviceCommands } from "../../src/cli/device-commands.js";
import { addClockCommands } from "../../src/cli/clock-commands.js";
import { reportFailure } from "../../src/cli/failure.js";
import { addDiscoverCommand } from "../../src/cli/discover-command.js";
import { addFirmwareCommand } from "../../src/cli/firmware-command.js";
import { addSupportCommand } from "../../src/cli/support-command.js";
import { addMailCommand } from "../../src/cli/mail-command.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `hikemu device|clock …` in this process, as main.ts wires them, and collects what it
 * prints and the exit code main.ts would exit with. Seconds per run faster than spawning the
 * CLI through the TypeScript loader; the process tests cover the real entry.
 */
export function runControlCommand(args: readonly string[]): Promise<CliRun> {
  return runInProcess(args, (program) => {
    addDeviceCommands(program);
    addClockCommands(program);
  });
}

/** `hikemu discover …` in this process, as main.ts wires it. */
export function runDiscoverCommand(args: readonly string[]): Promise<CliRun> {
  return runInProcess(args, addDiscoverCommand);
}

/** `hikemu firmware …` in this process, as main.ts wires it. */
export function runFirmwareCommand(args: readonly string[]): Promise<CliRun> {
  return runInProcess(args, addFirmwareCommand);
}

/** `hikemu support …` in this process, as main.ts wires it. */
export function runSupportCommand(args: readonly string[]): Promise<CliRun> {
  return runInProcess(args, addSupportCommand);
}

/** `hikemu mail …` and `hikemu support qr …` in this process, as main.ts wires them (issue #11). */
export function runMailCommand(args: readonly string[]): Promise<CliRun> {
  return runInProcess(args, (program) => {
    addMailCommand(program);
    addSupportCommand(program);
  });
}

async function runInProcess(args: readonly string[], register: (program: Command) => void): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const program = new Command("hikemu")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => void (stdout += text), writeErr: (text) => void (stderr += text) });
  register(program);
  const { log, error } = console;
  console.log = (...parts: unknown[]) => void (stdout += `${format(...parts)}\n`);
  console.error = (...parts: unknown[]) => void (stderr += `${format(...parts)}\n`);
  let code = 0;
  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (failure) {
    code = reportFailure(failure);
  } finally {
    console.log = log;
    console.error = error;
  }
  return { code, stdout, stderr };
}
