import type { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Actor, DeviceEventMap } from "./events.js";
import type { FlashAccess, NetworkConfig } from "./state.js";
import { DeviceError } from "./errors.js";
import { isIpv4, isSubnetMask, isUnicastHostAddress } from "../util/ipv4.js";

export interface NetworkSettingsDeps extends FlashAccess {
  readonly name: string;
  readonly logger: Logger;
  readonly events: EventEmitter<DeviceEventMap>;
}

/** What a front may change: any subset of the network; the rest stays. */
export type NetworkChange = Partial<NetworkConfig>;

/**
 * The device's IPv4 settings in flash (SADP `update` §1.7, ISAPI ipAddress §2.7). A change is
 * validated whole before anything is written; afterwards flash says the device set its
 * network itself, so the fleet file no longer decides its address (issue #8). Where the
 * device is then served is the fronts' business (they follow `networkChanged`).
 */
export class NetworkSettings {
  constructor(private readonly deps: NetworkSettingsDeps) {}

  get current(): NetworkConfig {
    return this.deps.flash().network;
  }

  change(change: NetworkChange, via: string, actor?: Actor): Promise<NetworkConfig> {
    const next = validated({ ...this.current, ...definedOnly(change) });
    return this.deps.exclusive(async () => {
      const flash = this.deps.flash();
      const previous = flash.network;
      if (sameNetwork(previous, next) && flash.networkSetBy === "device") return previous;
      await this.deps.writeFlash({ ...flash, network: next, networkSetBy: "device" });
      this.deps.logger.info({ via, ipv4: next.ipv4, previous: previous.ipv4 }, "network changed");
      this.deps.events.emit("networkChanged", { name: this.deps.name, network: next, previous, via, ...(actor ? { actor } : {}) });
      return next;
    });
  }
}

export function sameNetwork(a: NetworkConfig, b: NetworkConfig): boolean {
  return a.ipv4 === b.ipv4 && a.mask === b.mask && a.gateway === b.gateway && a.dhcp === b.dhcp;
}

function definedOnly(change: NetworkChange): NetworkChange {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as NetworkChange;
}

/**
 * Loopback addresses are accepted although hardware would refuse them: on one host, 127.x
 * addresses are how emulated devices get an address of their own (DESIGN.md "Addresses").
 */
function validated(network: NetworkConfig): NetworkConfig {
  if (!isUnicastHostAddress(network.ipv4)) throw new DeviceError("badParameters", `ipAddress "${network.ipv4}" is not a host IPv4 address`);
  if (!isSubnetMask(network.mask)) throw new DeviceError("badParameters", `subnetMask "${network.mask}" is not a subnet mask`);
  if (!isIpv4(network.gateway)) throw new DeviceError("badParameters", `DefaultGateway "${network.gateway}" is not an IPv4 gateway`);
  if (typeof network.dhcp !== "boolean") throw new DeviceError("badParameters", "dhcp must be true or false");
  return { ipv4: network.ipv4, mask: network.mask, gateway: network.gateway, dhcp: network.dhcp };
}
