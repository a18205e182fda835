import type { Command } from "commander";
import type { ControlEvent } from "../control/event-hub.js";
import { addControlOptions, controlClient } from "./control-options.js";
import { serverSentEvents } from "./sse-lines.js";

/** `2026-01-01T12:00:00.000Z  camera-1  booting  bootTime=… bootSeconds=60` */
export function eventLine(event: ControlEvent): string {
  const fields = Object.entries(event.data).map(([key, value]) => `${key}=${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`);
  return [event.at, event.device, event.type, ...fields].join("  ").trimEnd();
}

/** `hikemu events [--device NAME]`: follows the running hikemu's device events until interrupted. */
export function addEventsCommand(program: Command): void {
  addControlOptions(program.command("events"))
    .description("print the device events of a running hikemu as they happen, one line each, until interrupted")
    .option("--device <name>", "only this device's events")
    .option("--json", "print each event as the API's JSON")
    .action(async (opts: { device?: string; json?: boolean }, command: Command) => {
      const client = controlClient(command);
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      let body: ReadableStream<Uint8Array>;
      try {
        body = await client.events(opts.device, abort.signal);
      } catch (error) {
        if (abort.signal.aborted) return;
        throw error;
      }
      console.error(`following events at ${client.url}${opts.device ? ` for ${opts.device}` : ""} (Ctrl-C to stop)`);
      try {
        for await (const { data } of serverSentEvents(body)) {
          const event = JSON.parse(data) as ControlEvent;
          console.log(opts.json ? JSON.stringify(event) : eventLine(event));
        }
      } catch {
        // The connection broke (hikemu stopped closes it): told below, like an end.
      }
      // Interrupted is the normal end; a stream that stops by itself means hikemu went away.
      if (!abort.signal.aborted) throw new Error(`the event stream of ${client.url} ended: hikemu stopped`);
    });
}
