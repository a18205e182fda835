import type { Logger } from "pino";
import type { Clock, Timer } from "../../emulator/clock.js";
import type { Device } from "../../emulator/device.js";
import type { Datagram, UdpChannel } from "../net/udp-channel.js";
import { BROADCAST_MAC, decodeProbe, encodeProbeMatch, type SadpProbe } from "./codec.js";
import { probeMatchFields, sadpMac } from "./probe-match.js";
import { catalogEntry } from "../../emulator/errors.js";

export const SADP_PORT = 37020;
export const SADP_GROUP = "239.255.255.250";

/** What the responder needs of the fleet. */
export interface SadpFleet {
  readonly devices: readonly Device[];
  byMac(mac: string): Device | undefined;
}

export interface SadpResponderOptions {
  readonly channel: UdpChannel;
  readonly fleet: SadpFleet;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where replies are multicast as well as unicast (§1.1); undefined disables the group copy. */
  readonly group: { readonly address: string; readonly port: number } | undefined;
  /** Drop datagrams from non-loopback sources (DESIGN.md "Loopback unless told otherwise"). */
  readonly loopbackOnly: boolean;
  /**
   * Replies per burst and the pause between bursts. A real LAN spreads replies over many
   * devices; one process answering for 1,000 must pace itself or clients drop datagrams
   * (hik-protocols.md §1.10 advises jitter).
   */
  readonly burstSize?: number;
  readonly burstIntervalMs?: number;
}

export interface SadpStats {
  received: number;
  /** Not a Probe: junk, truncated XML, oversize, or other devices' ProbeMatch replies. */
  dropped: number;
  /** From a non-loopback source while loopback-only. */
  refused: number;
  /** Probes whose Types this slice does not implement yet. */
  unsupported: number;
  replies: number;
  sendErrors: number;
}

interface Outgoing {
  readonly data: Buffer;
  readonly address: string;
  readonly port: number;
}

const INQUIRY_TYPES = new Set(["inquiry", "inquiry_v32"]);

/** One SADP responder for the whole fleet on UDP 37020 (DESIGN.md "Fleet"). */
export class SadpResponder {
  readonly stats: SadpStats = { received: 0, dropped: 0, refused: 0, unsupported: 0, replies: 0, sendErrors: 0 };
  readonly #queue: Outgoing[] = [];
  #timer: Timer | undefined;
  #draining = false;
  #closed = false;
  readonly #burstSize: number;
  readonly #burstIntervalMs: number;

  constructor(private readonly options: SadpResponderOptions) {
    this.#burstSize = options.burstSize ?? 32;
    this.#burstIntervalMs = options.burstIntervalMs ?? 4;
    options.channel.onMessage((d) => this.handle(d));
  }

  /** Entry point for every datagram; never throws. */
  handle(datagram: Datagram): void {
    this.stats.received++;
    if (this.options.loopbackOnly && !isLoopback(datagram.address)) {
      this.stats.refused++;
      return;
    }
    const probe = decodeProbe(datagram.data);
    if (!probe) {
      this.stats.dropped++;
      return;
    }
    if (INQUIRY_TYPES.has(probe.types)) {
      this.#answerInquiry(probe, datagram);
      return;
    }
    this.#answerUnsupported(probe, datagram);
  }

  /** Stops sending; queued replies are discarded. */
  close(): void {
    this.#closed = true;
    this.#timer?.cancel();
    this.#queue.length = 0;
  }

  #answerInquiry(probe: SadpProbe, from: Datagram): void {
    const targets = probe.mac && probe.mac !== BROADCAST_MAC ? [this.options.fleet.byMac(probe.mac)].filter(isDevice) : this.options.fleet.devices;
    for (const device of targets) this.#reply(encodeProbeMatch(probeMatchFields(device, probe.uuid, probe.types)), from);
  }

  /**
   * A command this slice does not implement, addressed to one of our devices, gets a
   * ProbeMatch with Result "denied" (sadp.dll "Device deny!", §1.5) so tools show a clear
   * failure instead of a timeout. Commands for other MACs are ignored, as devices do (§1.2).
   */
  #answerUnsupported(probe: SadpProbe, from: Datagram): void {
    this.stats.unsupported++;
    const device = probe.mac ? this.options.fleet.byMac(probe.mac) : undefined;
    if (!device) return;
    const result = catalogEntry("notSupport").sadpResult;
    this.#reply(
      encodeProbeMatch([
        ["Uuid", probe.uuid],
        ["MAC", sadpMac(device.identity.mac)],
        ["Types", probe.types],
        ["Result", result],
      ]),
      from,
    );
    this.options.logger.debug({ types: probe.types, device: device.name }, "sadp command not implemented");
  }

  /** §1.1: reply by unicast to the sender and to the group. */
  #reply(data: Buffer, to: Datagram): void {
    this.#queue.push({ data, address: to.address, port: to.port });
    const group = this.options.group;
    if (group) this.#queue.push({ data, address: group.address, port: group.port });
    this.#schedule(0);
  }

  #schedule(delay: number): void {
    if (this.#timer || this.#draining || this.#closed) return;
    this.#timer = this.options.clock.timer("sadp-reply-burst", delay, () => {
      this.#timer = undefined;
      return this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    const burst = this.#queue.splice(0, this.#burstSize);
    await Promise.all(
      burst.map(async (out) => {
        try {
          await this.options.channel.send(out.data, out.address, out.port);
          this.stats.replies++;
        } catch (error) {
          this.stats.sendErrors++;
          this.options.logger.debug({ err: error, to: out.address }, "sadp send failed");
        }
      }),
    );
    this.#draining = false;
    if (this.#queue.length > 0) this.#schedule(this.#burstIntervalMs);
  }
}

function isDevice(d: Device | undefined): d is Device {
  return d !== undefined;
}

export function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");
}
