#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { Command, InvalidArgumentError } from "commander";
import { ProfileRegistry } from "../profiles/index.js";
import { parseFleetFile } from "../config/fleet-config.js";
import { FileStore } from "../runtime/store/file-store.js";
import { startEmulator } from "../runtime/emulator.js";
import { createLogger } from "../runtime/logger.js";
import { ConfigError, formatProblem, loadFleetConfig } from "./load-config.js";
import { fleetTable, listDevices } from "./fleet-listing.js";

/**
 * Settings precedence, in one place: built-in defaults < fleet file < environment
 * (HIKEMU_*) < command-line options.
 */
const program = new Command("hikemu").description("Emulator of Hikvision-style IP cameras, NVRs and DVRs").showHelpAfterError();

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number 0-65535");
  return n;
}

program
  .command("start")
  .description("start a fleet (the default fleet of the built-in profiles when no file is given)")
  .option("-f, --fleet <file>", "fleet file (YAML)")
  .option("-s, --state <dir>", "directory for persisted device flash", "state")
  .option("-i, --interface <name>", "loopback (default), all, or an interface name: where discovery is heard and sent")
  .option("--http-port <port>", "HTTP port each device serves (default 80, fallback when refused)", portNumber)
  .option("--http-fallback-port <port>", "HTTP port when the preferred one cannot be bound (default 8080)", portNumber)
  .option("--sadp-port <port>", "SADP UDP port (default 37020)", portNumber)
  .option("--log-level <level>", "pino log level", "info")
  .option("--json", "print the fleet as one JSON line instead of a table")
  .action(async (opts: StartOptions) => {
    const env = process.env;
    const config = await loadFleetConfig(opts.fleet ?? env.HIKEMU_FLEET);
    const effective = {
      ...config,
      interface: opts.interface ?? env.HIKEMU_INTERFACE ?? config.interface,
      httpPort: opts.httpPort ?? config.httpPort,
      httpFallbackPort: opts.httpFallbackPort ?? config.httpFallbackPort,
      sadpPort: opts.sadpPort ?? config.sadpPort,
    };
    const logger = createLogger(env.HIKEMU_LOG_LEVEL ?? opts.logLevel);
    const store = await FileStore.open(env.HIKEMU_STATE_DIR ?? opts.state);
    if (store.imported.length > 0) {
      logger.warn({ copied: store.imported, into: store.directory }, "copied device state of the previous layout; the originals are left where they were");
    }
    const emulator = await startEmulator({ config: effective, store, logger });
    const listing = listDevices(emulator.fleet.devices);
    if (opts.json) {
      console.log(JSON.stringify({ ready: true, sadpPort: emulator.sadpPort, interface: effective.interface, state: store.directory, devices: listing }));
    } else {
      console.log(fleetTable(listing));
      console.log(`\n${listing.length} devices ready; SADP on udp/${emulator.sadpPort} (${effective.interface}); state in ${store.directory}`);
    }
    // Listeners first, so no request starts a write; then the writes in flight finish.
    const stop = () => {
      void emulator
        .stop()
        .finally(() => store.close())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(`hikemu: ${error instanceof Error ? error.message : String(error)}`);
            process.exit(2);
          },
        );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });

program
  .command("validate")
  .description("check a fleet file; prints FILE:LINE: problem and exits 1 when it is invalid")
  .argument("<file>", "fleet file (YAML)")
  .action(async (file: string) => {
    const result = parseFleetFile(await readFile(file, "utf8"), new ProfileRegistry());
    if (result.ok) {
      console.log(`${file}: OK, ${result.config.specs.length} devices`);
      return;
    }
    for (const problem of result.problems) console.error(formatProblem(file, problem));
    process.exitCode = 1;
  });

interface StartOptions {
  fleet?: string;
  state: string;
  interface?: string;
  httpPort?: number;
  httpFallbackPort?: number;
  sadpPort?: number;
  logLevel: string;
  json?: boolean;
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`hikemu: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ConfigError ? 1 : 2);
});
