import { Option, type Command } from "commander";
import type { FaultSettings } from "../emulator/faults.js";
import { controlClient } from "./control-options.js";
import { devicePath, type DeviceReply, type DeviceView } from "./device-api.js";
import { faultsFields } from "./device-format.js";
import { parseNumberArgument } from "./number-argument.js";

interface FaultOptions {
  latency?: number;
  errorRate?: number;
  dropRate?: number;
  unplugged?: boolean;
  plugged?: boolean;
  slowBoot?: number;
  clear?: boolean;
}

const SETTERS = ["latency", "errorRate", "dropRate", "unplugged", "plugged", "slowBoot"];

/** `hikemu device faults NAME [options] | --clear`: shows the faults when given no option. */
export function addFaultsCommand(device: Command): void {
  device
    .command("faults")
    .description("show a device's injected faults, set some (the others stay), or clear them all")
    .argument("<name>", "device name")
    .addOption(new Option("--latency <ms>", "hold every HTTP request this long before the device sees it (device time)").argParser(parseNumberArgument))
    .addOption(new Option("--error-rate <fraction>", "answer this fraction (0-1) of HTTP requests with 500").argParser(parseNumberArgument))
    .addOption(new Option("--drop-rate <fraction>", "lose this fraction (0-1) of SADP replies and hellos").argParser(parseNumberArgument))
    .addOption(new Option("--unplugged", "pull the network cable: powered, but off the network").conflicts("plugged"))
    .addOption(new Option("--plugged", "put the network cable back"))
    .addOption(new Option("--slow-boot <seconds>", "add this much to every boot").argParser(parseNumberArgument))
    .addOption(new Option("--clear", "remove every fault").conflicts(SETTERS))
    .action(async (name: string, opts: FaultOptions, command: Command) => {
      const client = controlClient(command);
      let faults: FaultSettings;
      if (opts.clear) {
        faults = (await client.request<DeviceReply>("DELETE", devicePath(name, "/faults"))).device.faults;
      } else {
        const patch = faultPatch(opts);
        faults = Object.keys(patch).length === 0 ? (await client.get<DeviceView>(devicePath(name))).faults : (await client.request<DeviceReply>("PUT", devicePath(name, "/faults"), patch)).device.faults;
      }
      console.log(faultsFields(faults));
    });
}

function faultPatch(opts: FaultOptions): Partial<FaultSettings> {
  const patch: { -readonly [K in keyof FaultSettings]?: FaultSettings[K] } = {};
  if (opts.latency !== undefined) patch.httpLatencyMs = opts.latency;
  if (opts.errorRate !== undefined) patch.httpErrorRate = opts.errorRate;
  if (opts.dropRate !== undefined) patch.discoveryDropRate = opts.dropRate;
  if (opts.unplugged) patch.unplugged = true;
  if (opts.plugged) patch.unplugged = false;
  if (opts.slowBoot !== undefined) patch.extraBootSeconds = opts.slowBoot;
  return patch;
}
