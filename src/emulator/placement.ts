import type { FlashState } from "./state.js";

/**
 * Where hikemu serves a device, beside the network the device believes (DESIGN.md
 * "Addresses", issue #8). The fleet file gives the address until the device sets its own
 * network (SADP `update`, ISAPI ipAddress, a Default reset); from then on flash wins, as long
 * as this host can serve that address. The HTTP front decides that by trying to bind it.
 */
export interface Serving {
  /** The local address hikemu serves the device at now. */
  readonly address: string;
  readonly httpPort: number;
  /** The address the fleet file gives the device. */
  readonly fleetAddress: string;
  /** Why the device is not served at the address its flash says, when the front last found it could not. */
  readonly blocked?: string;
}

interface Placed {
  readonly flash: FlashState;
  readonly serving: Serving;
}

/** The address the device should be served at: its flash address once it set its network itself. */
export function wantedAddress(device: Placed): string {
  return device.flash.networkSetBy === "device" ? device.flash.network.ipv4 : device.serving.fleetAddress;
}

/**
 * What a listing says about a device's address when there is something to say (the start-up
 * table, the control plane): that flash moved it away from the fleet file's address, and that
 * it believes an address it cannot be served at.
 */
export function addressNote(device: Placed): string | undefined {
  const { serving } = device;
  const notes: string[] = [];
  const wanted = wantedAddress(device);
  if (wanted !== serving.address) notes.push(`believes ${wanted}, cannot be served there${serving.blocked ? ` (${serving.blocked})` : ""}`);
  if (serving.address !== serving.fleetAddress) notes.push(`moved by the device; fleet file says ${serving.fleetAddress}`);
  return notes.length > 0 ? notes.join("; ") : undefined;
}
