import type { Device } from "../emulator/device.js";
import { formatTable } from "./table.js";

export interface DeviceListing {
  readonly id: string;
  readonly model: string;
  readonly type: string;
  readonly ip: string;
  readonly httpUrl: string;
  readonly activated: boolean;
  readonly serial: string;
  readonly mac: string;
}

export function listDevices(devices: readonly Device[]): DeviceListing[] {
  return devices.map((d) => ({
    id: d.name,
    model: d.profile.model,
    type: d.profile.type,
    ip: d.serving.address,
    httpUrl: `http://${d.serving.address}${d.serving.httpPort === 80 ? "" : `:${d.serving.httpPort}`}/`,
    activated: d.activated,
    serial: d.identity.serial,
    mac: d.identity.mac,
  }));
}

/** The table `hikemu start` prints: id, model, type, IP, HTTP URL, activated (issue #2). */
export function fleetTable(listing: readonly DeviceListing[]): string {
  return formatTable(
    ["ID", "MODEL", "TYPE", "IP", "HTTP URL", "ACTIVATED"],
    listing.map((d) => [d.id, d.model, d.type, d.ip, d.httpUrl, d.activated ? "yes" : "no"]),
  );
}
