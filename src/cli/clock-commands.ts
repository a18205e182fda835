import { InvalidArgumentError, type Command } from "commander";
import { addControlOptions, controlClient } from "./control-options.js";
import { formatDuration, parseDuration } from "./duration.js";
import { formatFields } from "./table.js";

interface ClockView {
  readonly mode: "virtual" | "real";
  readonly now: string;
  readonly epochMs: number;
}

const clockFields = (clock: ClockView) =>
  formatFields([
    ["clock", clock.mode],
    ["now", clock.now],
  ]);

/** The control API's limit on one advance (docs/control-api.md). */
const MAX_ADVANCE_DAYS = 366;

function durationArgument(text: string): number {
  let seconds: number;
  try {
    seconds = parseDuration(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  if (seconds <= 0) throw new InvalidArgumentError(`the clock only moves forward: give a duration longer than nothing, got ${JSON.stringify(text)}`);
  if (seconds > MAX_ADVANCE_DAYS * 86_400) throw new InvalidArgumentError(`at most ${MAX_ADVANCE_DAYS}d at a time, got ${JSON.stringify(text)}`);
  return seconds;
}

/** `hikemu clock show|advance`: the running hikemu's device time. */
export function addClockCommands(program: Command): void {
  const clock = addControlOptions(program.command("clock").description("device time of a running hikemu: show it, or move a virtual clock on"));

  clock
    .command("show")
    .description("the clock's mode (real or virtual) and its time")
    .option("--json", "print the API's JSON")
    .action(async (opts: { json?: boolean }, command: Command) => {
      const view = await controlClient(command).get<ClockView>("/api/clock");
      console.log(opts.json ? JSON.stringify(view) : clockFields(view));
    });

  clock
    .command("advance")
    .description("move the virtual clock on (hikemu start --clock virtual): boots, holds and expiries due meanwhile happen")
    .argument("<duration>", "90s, 30m, 1h30m, 2d; a bare number is seconds", durationArgument)
    .action(async (seconds: number, _opts: object, command: Command) => {
      const view = await controlClient(command).request<ClockView>("POST", "/api/clock/advance", { seconds });
      console.log(`advanced ${formatDuration(seconds)}\n${clockFields(view)}`);
    });
}
