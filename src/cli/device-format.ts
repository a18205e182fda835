import type { FaultSettings } from "../emulator/faults.js";
import type { DeviceSummary, DeviceView } from "./device-api.js";
import { formatFields, formatTable } from "./table.js";

const yesNo = (value: boolean) => (value ? "yes" : "no");

/** `hikemu device ls`. */
export function deviceTable(devices: readonly DeviceSummary[]): string {
  return formatTable(
    ["NAME", "MODEL", "IP", "LISTEN", "POWER", "ACTIVATED", "LED"],
    devices.map((d) => [d.name, d.model, d.ip, d.listen, d.power, yesNo(d.activated), d.led]),
  );
}

/** `hikemu device show NAME`. */
export function deviceFields(d: DeviceView): string {
  return formatFields([
    ["name", d.name],
    ["model", `${d.model} (${d.type})`],
    ["serial", d.serial],
    ["mac", d.mac],
    ["ip", d.ip],
    ["listen", `${d.listen.address}:${d.listen.httpPort}`],
    ["power", powerText(d)],
    ["activated", yesNo(d.activated)],
    ["led", d.led],
    ["boot time", d.bootTime],
    ["button", buttonText(d.button)],
    ["faults", faultsText(d.faults)],
  ]);
}

/** One line after a power change: `camera-1: booting, answers from 2026-…`. */
export function powerLine(d: DeviceView): string {
  return `${d.name}: ${powerText(d)}`;
}

function powerText(d: DeviceView): string {
  const offNetwork = d.power === "running" && !d.reachable ? " (unplugged: not on the network)" : "";
  const waiting = d.power === "booting" || d.power === "rebooting" ? `, answers from ${d.readyAt}` : "";
  return `${d.power}${waiting}${offNetwork}`;
}

function buttonText(b: DeviceView["button"]): string {
  if (!b.present) return "none";
  const when = [b.atPowerOn ? "at power-on" : "", b.whileRunning ? "while running" : ""].filter(Boolean).join(" or ");
  return `reset after ${b.holdSeconds} s held${when ? ` ${when}` : ""}; ${b.pressed ? "pressed" : "not pressed"}`;
}

/** `none`, or the faults in force as `name=value` pairs. */
export function faultsText(f: FaultSettings): string {
  const on = (Object.entries(f) as [keyof FaultSettings, number | boolean][]).filter(([, v]) => v !== 0 && v !== false);
  return on.length === 0 ? "none" : on.map(([k, v]) => (v === true ? k : `${k}=${v}`)).join(" ");
}

/** `hikemu device faults NAME`: every fault with its value. */
export function faultsFields(f: FaultSettings): string {
  return formatFields([
    ["httpLatencyMs", String(f.httpLatencyMs)],
    ["httpErrorRate", String(f.httpErrorRate)],
    ["discoveryDropRate", String(f.discoveryDropRate)],
    ["unplugged", yesNo(f.unplugged)],
    ["extraBootSeconds", String(f.extraBootSeconds)],
  ]);
}
