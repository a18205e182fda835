import type { Logger } from "pino";
import type { Device } from "../../emulator/device.js";
import type { UdpChannel } from "./udp-channel.js";

/** What the discovery responders (SADP, SSDP) need of the fleet; read afresh at every drain step. */
export interface DiscoveryFleet {
  readonly devices: readonly Device[];
  byMac(mac: string): Device | undefined;
}

/** The counters every discovery responder keeps about its sends. */
export interface SendCounters {
  /** Datagrams not sent: the device's injected discovery loss (faults). */
  faultDropped: number;
  sendErrors: number;
}

/**
 * Sends the datagrams of devices through one responder's channel: each datagram rolls its
 * device's injected discovery loss first (faults.ts); send errors are counted and logged at
 * debug, never thrown into the drain loop.
 */
export class DeviceDatagrams {
  constructor(
    private readonly channel: UdpChannel,
    private readonly stats: SendCounters,
    private readonly logger: Logger,
    private readonly label: string,
  ) {}

  /** Queues one datagram of `device` onto `sends`; `sent` runs once it has left. */
  send(device: Device, data: Buffer, address: string, port: number, sends: Promise<void>[], sent: () => void): void {
    if (device.faults.active && device.faults.dropDiscovery()) {
      this.stats.faultDropped++;
      return;
    }
    sends.push(this.#sendOne(data, address, port, sent));
  }

  async #sendOne(data: Buffer, address: string, port: number, sent: () => void): Promise<void> {
    try {
      await this.channel.send(data, address, port);
      sent();
    } catch (error) {
      this.stats.sendErrors++;
      this.logger.debug({ err: error, to: address }, `${this.label} send failed`);
    }
  }
}
