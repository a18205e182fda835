import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { ProfileRegistry } from "../profiles/index.js";
import { parseFleetFile } from "../config/fleet-config.js";
import { DEFAULT_SETTINGS, controlBind, resolveSettings } from "../config/settings.js";
import { VirtualClock } from "../emulator/clock.js";
import { controlEmulator, requireTokenOffLoopback, type ControlServer } from "../control/control-server.js";
import { settingsFromEnv } from "../config/settings-env.js";
import { FileStore } from "../runtime/store/file-store.js";
import { startEmulator } from "../runtime/emulator.js";
import { createLogger } from "../runtime/logger.js";
import { descriptorShortfall, openFileLimit } from "../runtime/descriptor-budget.js";
import { formatProblem, loadFleetConfig } from "./load-config.js";
import { fleetTable, listDevices } from "./fleet-listing.js";
import { addStartOptions, cliSettings, type StartOptions } from "./start-options.js";
import { reportFailure } from "./failure.js";
import { addDeviceCommands } from "./device-commands.js";
import { addClockCommands } from "./clock-commands.js";
import { addEventsCommand } from "./events-command.js";
import { addDiscoverCommand } from "./discover-command.js";
import { addFirmwareCommand } from "./firmware-command.js";
import { addSupportCommand } from "./support-command.js";
import { interfaceAddresses } from "../runtime/interfaces.js";
import { addMailCommand } from "./mail-command.js";
import { isRecorder } from "../control/local-gui-routes.js";

// exitOverride: a usage error exits 2 like every other error (README "Exit codes"), not commander's 1.
const program = new Command("hikemu").description("Emulator of Hikvision-style IP cameras, NVRs and DVRs").showHelpAfterError().exitOverride();

addStartOptions(program.command("start").description("start a fleet (the default fleet of the built-in profiles when no file is given)"))
  .action(async (opts: StartOptions) => {
    const env = settingsFromEnv(process.env);
    const cli = cliSettings(opts);
    // The loopback-only address check follows the interface of the higher layers when they set one.
    const { config, settings: fleetFile } = await loadFleetConfig(resolveSettings({ defaults: DEFAULT_SETTINGS, env, cli }).fleet, { interface: cli.interface ?? env.interface });
    const settings = resolveSettings({ defaults: DEFAULT_SETTINGS, fleetFile, env, cli });
    const effective = {
      ...config,
      interface: settings.interface,
      httpPort: settings.httpPort,
      httpFallbackPort: settings.httpFallbackPort,
      sadpPort: settings.sadpPort,
      advertise: settings.advertise,
      ssdp: settings.ssdp,
      ssdpPort: settings.ssdpPort,
      // Issue #11: HIKEMU_SMTP / --smtp replace the fleet file's mail.smtp.
      mail: settings.smtp ? { ...config.mail, smtp: settings.smtp } : config.mail,
    };
    // An interface that does not exist is a usage error, named before anything is bound or written.
    interfaceAddresses(settings.interface);
    // Before anything is bound or written: a fleet that cannot get its descriptors, or a control API open to others without a token, fails now, clearly.
    const shortfall = descriptorShortfall(config.specs.length, openFileLimit());
    if (shortfall) throw new Error(shortfall);
    const bind = controlBind(settings.control);
    if (bind) requireTokenOffLoopback(bind, settings.controlToken);
    const logger = createLogger(settings.logLevel);
    const store = await FileStore.open(settings.state);
    if (store.imported.length > 0) {
      logger.warn({ copied: store.imported, into: store.directory }, "copied device state of the previous layout; the originals are left where they were");
    }
    if (store.skipped.length > 0) {
      logger.warn({ skipped: store.skipped, from: settings.state }, "files of the previous layout that were not copied (not readable, not ours, or not a regular file)");
    }
    // Virtual time starts at the host's time, whole seconds, then moves only when told to.
    const clock = settings.clock === "virtual" ? new VirtualClock(Math.floor(Date.now() / 1000) * 1000) : undefined;
    const emulator = await startEmulator({ config: effective, store, logger, clock });
    let control: ControlServer | undefined;
    try {
      if (bind) {
        control = await controlEmulator(emulator, { bind, token: settings.controlToken, logger: logger.child({ front: "control" }) });
      }
    } catch (error) {
      await emulator.stop();
      await store.close();
      throw error;
    }
    const listing = listDevices(emulator.fleet.devices);
    const controlInfo = control ? { url: control.url, token: control.token } : null;
    if (settings.json) {
      console.log(JSON.stringify({ ready: true, sadpPort: emulator.sadpPort, sadpShared: emulator.sadpShared, ssdpPort: emulator.ssdpPort ?? null, interface: effective.interface, advertise: effective.advertise ?? null, state: store.directory, clock: settings.clock, control: controlInfo, devices: listing }));
    } else {
      console.log(fleetTable(listing));
      const shared = emulator.sadpShared ? ", shared with another program: probe the group, not 127.0.0.1" : "";
      const advertised = effective.advertise ? `, addresses advertised as ${effective.advertise}` : "";
      console.log(`\n${listing.length} devices ready; SADP on udp/${emulator.sadpPort} (${effective.interface}${shared}${advertised}), SSDP ${emulator.ssdpPort === undefined ? "off" : `on udp/${emulator.ssdpPort}`}; state in ${store.directory}`);
      console.log(control ? `control API and lab console on ${control.url}/ (clock: ${settings.clock})${control.token ? `; token ${control.token}` : ""}` : `control API off (clock: ${settings.clock})`);
      const recorders = emulator.fleet.devices.filter(isRecorder).map((d) => d.name);
      if (control && recorders.length > 0) {
        // With a token the page needs it too (it reads `#token=` and keeps it for the tab, as the lab console does).
        const token = control.token ? `#token=${control.token}` : "";
        const shown = recorders.slice(0, 3).map((name) => `${control.url}/recorder/${encodeURIComponent(name)}${token}`);
        console.log(`recorder local GUI (the monitor output): ${shown.join(", ")}${recorders.length > 3 ? `, … (${recorders.length} recorders)` : ""}`);
      }
    }
    // Listeners first, so no request starts a write; then the writes in flight finish.
    const stop = () => {
      void Promise.resolve(control?.close())
        .then(() => emulator.stop())
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
      const count = result.config.specs.length;
      console.log(`${file}: OK, ${count} ${count === 1 ? "device" : "devices"}`);
      return;
    }
    for (const problem of result.problems) console.error(formatProblem(file, problem));
    process.exitCode = 1;
  });

addDeviceCommands(program);
addClockCommands(program);
addEventsCommand(program);
addDiscoverCommand(program);
addFirmwareCommand(program);
addSupportCommand(program);
addMailCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => process.exit(reportFailure(error)));
