import { Argument, Option, type Command } from "commander";
import { addControlOptions, controlClient } from "./control-options.js";
import { devicePath, type DeviceReply, type DeviceSummary, type DeviceView } from "./device-api.js";
import { deviceFields, deviceTable, powerLine } from "./device-format.js";
import { addFaultsCommand } from "./device-faults-command.js";
import { parseHoldSeconds } from "./number-argument.js";

/** `hikemu device ls|show|power|button|faults`: one device's panel in the running hikemu. */
export function addDeviceCommands(program: Command): void {
  const device = addControlOptions(program.command("device").description("list, inspect and operate the devices of a running hikemu (its control API)"));

  device
    .command("ls")
    .description("list the devices: name, model, IP, listen address, power, activated, LED")
    .option("--json", "print the API's JSON instead of a table")
    .action(async (opts: { json?: boolean }, command: Command) => {
      const { devices } = await controlClient(command).get<{ devices: DeviceSummary[] }>("/api/devices");
      console.log(opts.json ? JSON.stringify(devices) : deviceTable(devices));
    });

  device
    .command("show")
    .description("one device in full: identity, addresses, power, boot time, button, faults")
    .argument("<name>", "device name (hikemu device ls)")
    .option("--json", "print the API's JSON instead of fields")
    .action(async (name: string, opts: { json?: boolean }, command: Command) => {
      const view = await controlClient(command).get<DeviceView>(devicePath(name));
      console.log(opts.json ? JSON.stringify(view) : deviceFields(view));
    });

  device
    .command("power")
    .description("switch a device on, off, or off and on again (cycle); it answers again once booted")
    .argument("<name>", "device name")
    .addArgument(new Argument("<state>", "what the power switch does").choices(["on", "off", "cycle"]))
    .action(async (name: string, state: string, _opts: object, command: Command) => {
      const { device: after } = await controlClient(command).request<DeviceReply>("POST", devicePath(name, "/power"), { state });
      console.log(powerLine(after));
    });

  device
    .command("button")
    .description("the reset button: press, release, or hold for some seconds (of device time) and release")
    .argument("<name>", "device name")
    .addArgument(new Argument("<action>", "what the finger does").choices(["press", "release", "hold"]))
    .addOption(new Option("--seconds <seconds>", "how long to hold, 0 to 3600 (hold only; default 15)").argParser(parseHoldSeconds))
    .option("--during-power-on", "switch off, press, switch on, keep holding: the documented reset procedure (hold only)")
    .action(async (name: string, action: string, opts: { seconds?: number; duringPowerOn?: boolean }, command: Command) => {
      if (action !== "hold" && (opts.seconds !== undefined || opts.duringPowerOn)) command.error(`error: --seconds and --during-power-on go with hold, not ${action}`);
      const body = action === "hold" ? { action, seconds: opts.seconds ?? 15, duringPowerOn: opts.duringPowerOn ?? false } : { action };
      const reply = await controlClient(command).request<DeviceReply<{ heldSeconds?: number; reset?: boolean }>>("POST", devicePath(name, "/button"), body);
      console.log(buttonLine(name, action, reply));
    });

  addFaultsCommand(device);
}

function buttonLine(name: string, action: string, reply: DeviceReply<{ heldSeconds?: number; reset?: boolean }>): string {
  if (action === "press") return `${name}: button pressed (${reply.device.power})`;
  const held = `button released after ${reply.heldSeconds ?? 0} s`;
  if (action === "release") return `${name}: ${held}`;
  return `${name}: ${held}; ${reply.reset ? `reset to the factory state, ${reply.device.power}` : "no reset"}`;
}
