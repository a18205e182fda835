import type { Device } from "../../emulator/device.js";
import { mapIntoPrefix, type Ipv4Prefix } from "../../util/ipv4.js";

/**
 * What a device says of itself over SSDP and in its UPnP description. No capture of a
 * Hikvision device's SSDP or description exists (hik-protocols.md §3, UNKNOWN): everything
 * here follows the generic UPnP Device Architecture 1.0 conventions §3 advises, and is
 * unverified against hardware (docs/protocol-coverage.md "SSDP / UPnP").
 */

/**
 * Our choice: the standard Basic device, UDA's type for a device whose only offer is its
 * presentation page (the web UI) — no UPnP services are emulated.
 */
export const DEVICE_TYPE = "urn:schemas-upnp-org:device:Basic:1";

export const ROOT_DEVICE = "upnp:rootdevice";

/** Where each device serves its description (our choice; §3 only says `http://IP:80/…xml`). */
export const DESCRIPTION_PATH = "/upnp/description.xml";

/** CACHE-CONTROL max-age, seconds: UDA's recommended minimum of 1800. */
export const MAX_AGE_SECONDS = 1800;

/** One NOTIFY / search target of a device: its NT (or ST) and USN. */
export interface Target {
  readonly nt: string;
  readonly usn: string;
}

/** `uuid:<deviceID>`: the deviceID is UUID-shaped for every model (identity.ts, §2.5). */
export function udn(device: Device): string {
  return `uuid:${device.identity.deviceId}`;
}

/** The three a root device without embedded devices or services announces (UDA 1.0 §1.1.2). */
export function targets(device: Device): readonly Target[] {
  const id = udn(device);
  return [
    { nt: ROOT_DEVICE, usn: `${id}::${ROOT_DEVICE}` },
    { nt: id, usn: id },
    { nt: DEVICE_TYPE, usn: `${id}::${DEVICE_TYPE}` },
  ];
}

/** The device's own address and HTTP port (where hikemu serves it, DESIGN.md "Addresses"). */
export function presentationUrl(device: Device): string {
  return `http://${device.serving.address}:${device.serving.httpPort}/`;
}

/** With `advertise` (NAT and bridge networks, settings.ts) the host is mapped as SADP maps IPv4Address. */
export function descriptionUrl(device: Device, advertise?: Ipv4Prefix): string {
  const host = advertise ? mapIntoPrefix(device.serving.address, advertise) : device.serving.address;
  return `http://${host}:${device.serving.httpPort}${DESCRIPTION_PATH}`;
}

/**
 * The SERVER header, "OS/version, UPnP/1.0, product/version" in the UPnP 1.0 form: the OS
 * part is a guess (the firmware runs Linux), the product is the model's HTTP Server banner
 * (profile `isapi.server`, §2.12) without its trailing slash.
 */
export function serverHeader(device: Device): string {
  return `Linux/3.0, UPnP/1.0, ${device.profile.isapi.server.replace(/\/$/, "")}`;
}
