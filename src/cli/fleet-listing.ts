import type { Device } from "../emulator/device.js";
import { formatTable } from "./table.js";
import { addressNote } from "../emulator/placement.js";

export interface DeviceListing {
  readonly id: string;
  readonly model: string;
  readonly type: string;
  /** Where hikemu serves the device. */
  readonly ip: string;
  /** The address the device believes it has (SADP and ISAPI report it). */
  readonly believedIp: string;
  /** The address the fleet file gives it. */
  readonly fleetIp: string;
  /** When flash moved the device away from the fleet file's address, or it believes one it cannot be served at (issue #8). */
  readonly addressNote: string | null;
  readonly httpUrl: string;
  /** HTTPS (issue #10), while the device serves it. */
  readonly httpsUrl: string | null;
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
    believedIp: d.network.ipv4,
    fleetIp: d.serving.fleetAddress,
    addressNote: addressNote(d) ?? null,
    httpUrl: `http://${d.serving.address}${d.serving.httpPort === 80 ? "" : `:${d.serving.httpPort}`}/`,
    httpsUrl: d.httpsPort === undefined ? null : `https://${d.serving.address}${d.httpsPort === 443 ? "" : `:${d.httpsPort}`}/`,
    activated: d.activated,
    serial: d.identity.serial,
    mac: d.identity.mac,
  }));
}

/**
 * The table `hikemu start` prints: id, model, type, IP, HTTP URL, activated (issue #2); and,
 * when a device's address needs a word (issue #8), a NOTE column.
 */
export function fleetTable(listing: readonly DeviceListing[]): string {
  const notes = listing.some((d) => d.addressNote !== null);
  return formatTable(
    ["ID", "MODEL", "TYPE", "IP", "HTTP URL", "ACTIVATED", ...(notes ? ["NOTE"] : [])],
    listing.map((d) => [d.id, d.model, d.type, d.ip, d.httpUrl, d.activated ? "yes" : "no", ...(notes ? [d.addressNote ?? ""] : [])]),
  );
}
