import type { Identity } from "./identity.js";
import type { Credentials } from "./auth/credentials.js";

/**
 * Flash vs RAM (DESIGN.md "State: flash and RAM"). Flash is persisted by the Store on
 * every change and survives restarts and `kill -9`; RAM is rebuilt at every boot.
 */

/** The network a device believes it has: what SADP and ISAPI report. */
export interface NetworkConfig {
  readonly ipv4: string;
  readonly mask: string;
  readonly gateway: string;
  readonly dhcp: boolean;
}

export type UserLevel = "Administrator" | "Operator" | "Viewer";

export interface UserRecord {
  readonly id: number;
  readonly userName: string;
  readonly level: UserLevel;
  /** Derived password material only; the plaintext is never stored (see credentials.ts). */
  readonly credentials: Credentials;
}

export interface FlashState {
  readonly activated: boolean;
  readonly users: readonly UserRecord[];
  readonly network: NetworkConfig;
}

/** What the Store keeps per device: identity (burned in) and flash. */
export interface DeviceRecord {
  readonly version: number;
  readonly model: string;
  readonly identity: Identity;
  readonly flash: FlashState;
}

/** Flash as it leaves the factory: inactive, no users (hik-protocols.md §2.3). */
export function factoryFlash(network: NetworkConfig): FlashState {
  return { activated: false, users: [], network };
}
