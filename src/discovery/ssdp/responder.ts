import type { Logger } from "pino";
import type { Clock, Timer } from "../../emulator/clock.js";
import type { Device } from "../../emulator/device.js";
import type { Random } from "../../emulator/random.js";
import type { Datagram, UdpChannel } from "../net/udp-channel.js";
import { TokenBuckets } from "../../util/token-buckets.js";
import { HttpDate } from "../../http/http-date.js";
import { isLoopback } from "../sadp/responder.js";
import { SSDP_ALL, answersTo, decodeSearch, encodeNotify, encodeSearchResponse, mayBeSearch, type NotifyKind, type SearchAnswer } from "./messages.js";
import type { Ipv4Prefix } from "../../util/ipv4.js";
import { DEVICE_TYPE, ROOT_DEVICE, targets } from "./upnp-device.js";

/** What the responder needs of the fleet; read afresh at every drain step. */
export interface SsdpFleet {
  readonly devices: readonly Device[];
  byMac(mac: string): Device | undefined;
}

/**
 * Bounds on what searches may cost, as for SADP (issue #5): any local process — any LAN host
 * with `--interface all` — can send an `ssdp:all` that 5,000 devices answer with 15,000
 * datagrams. The figures are ours, not a device's.
 */
export interface SsdpLimits {
  /** Searches accepted and not yet fully answered (waiting for their start included). */
  readonly maxQueuedSearches: number;
  /** Per source address: a burst of `senderBurst` searches, then `senderSearchesPerSecond`. */
  readonly senderBurst: number;
  readonly senderSearchesPerSecond: number;
  readonly maxSenders: number;
  /** Devices one drain step looks at, whatever the burst size. */
  readonly maxDevicesPerStep: number;
}

/**
 * Control points search a few times in a row (gssdp repeats each search, node-ssdp sends one
 * per interface); 8 at once and 2 a second from one address leave room for several on a host.
 */
export const DEFAULT_SSDP_LIMITS: SsdpLimits = {
  maxQueuedSearches: 32,
  senderBurst: 8,
  senderSearchesPerSecond: 2,
  maxSenders: 1024,
  maxDevicesPerStep: 256,
};

export interface SsdpResponderOptions {
  readonly channel: UdpChannel;
  readonly fleet: SsdpFleet;
  /** Host time for transport pacing (bursts, search start delays, sender budgets). */
  readonly clock: Clock;
  /** Search start delays within MX. */
  readonly random: Random;
  readonly logger: Logger;
  /** Where NOTIFY goes (the group and the SSDP port); undefined sends no NOTIFY. */
  readonly group: { readonly address: string; readonly port: number } | undefined;
  /** Drop datagrams from non-loopback sources (DESIGN.md "Loopback unless told otherwise"). */
  readonly loopbackOnly: boolean;
  /** Datagrams per burst and the pause between bursts (as the SADP responder). */
  readonly burstSize?: number;
  readonly burstIntervalMs?: number;
  readonly limits?: Partial<SsdpLimits>;
  /** LOCATION's host mapped as SADP maps IPv4Address (settings.ts `advertise`); undefined: the served address. */
  readonly advertise?: Ipv4Prefix | undefined;
}

export interface SsdpStats {
  received: number;
  /** From a non-loopback source while loopback-only. */
  refused: number;
  /** Not an M-SEARCH (NOTIFYs, responses, our own NOTIFYs looped back, junk) or a malformed one. */
  dropped: number;
  /** Well-formed M-SEARCH requests. */
  searches: number;
  /** The same sender and ST while its earlier search is still being answered. */
  duplicate: number;
  rateLimited: number;
  queueFull: number;
  queuePeak: number;
  /** 200 OK datagrams sent. */
  responses: number;
  /** NOTIFY ssdp:alive / ssdp:byebye datagrams sent. */
  alive: number;
  byebye: number;
  /** Not sent: the device's injected discovery loss (faults). */
  faultDropped: number;
  sendErrors: number;
}

interface SearchJob {
  readonly st: string;
  readonly to: { readonly address: string; readonly port: number };
  readonly key: string;
  /** The fleet's list when the search came (replaced, never mutated), or the one device a uuid names. */
  readonly devices: readonly Device[];
  cursor: number;
}

interface NotifyJob {
  readonly device: Device;
  readonly kind: NotifyKind;
}

/**
 * One SSDP responder for the whole fleet on UDP 1900 (DESIGN.md "Fleet"): answers M-SEARCH
 * for every device and sends the NOTIFYs advertiser.ts asks for, all through one channel and
 * paced in bursts on the transport clock. hik-protocols.md §3: generic UPnP, unverified.
 */
export class SsdpResponder {
  readonly stats: SsdpStats = {
    received: 0,
    refused: 0,
    dropped: 0,
    searches: 0,
    duplicate: 0,
    rateLimited: 0,
    queueFull: 0,
    queuePeak: 0,
    responses: 0,
    alive: 0,
    byebye: 0,
    faultDropped: 0,
    sendErrors: 0,
  };
  readonly limits: SsdpLimits;
  readonly #sweeps: SearchJob[] = [];
  /** Searches waiting for their start within MX. */
  readonly #waiting = new Map<SearchJob, Timer>();
  /** sender address:port + ST of every search accepted and not yet finished. */
  readonly #active = new Set<string>();
  readonly #notifies: NotifyJob[] = [];
  /** Devices with an alive (or byebye) queued: one of each per device at a time. */
  readonly #queuedAlive = new Set<Device>();
  readonly #queuedBye = new Set<Device>();
  readonly #senders: TokenBuckets;
  readonly #dates = new HttpDate();
  #byUuid: { devices: readonly Device[]; index: Map<string, Device> } | undefined;
  #timer: Timer | undefined;
  #draining = false;
  #closed = false;
  #notifyTurn = false;
  #warnedFull = false;
  readonly #burstSize: number;
  readonly #burstIntervalMs: number;

  constructor(private readonly options: SsdpResponderOptions) {
    this.#burstSize = options.burstSize ?? 32;
    this.#burstIntervalMs = options.burstIntervalMs ?? 4;
    this.limits = { ...DEFAULT_SSDP_LIMITS, ...options.limits };
    this.#senders = new TokenBuckets(
      { capacity: this.limits.senderBurst, refillPerSecond: this.limits.senderSearchesPerSecond, maxKeys: this.limits.maxSenders },
      () => options.clock.now(),
    );
    options.channel.onMessage((d) => this.handle(d));
  }

  /** Searches accepted and not yet fully answered. */
  get queued(): number {
    return this.#sweeps.length + this.#waiting.size;
  }

  /** Entry point for every datagram; cheap (nothing is encoded here) and never throws. */
  handle(datagram: Datagram): void {
    this.stats.received++;
    if (this.options.loopbackOnly && !isLoopback(datagram.address)) {
      this.stats.refused++;
      return;
    }
    if (!mayBeSearch(datagram.data)) {
      this.stats.dropped++;
      return;
    }
    if (!this.#senders.take(datagram.address)) {
      this.stats.rateLimited++;
      return;
    }
    const search = decodeSearch(datagram.data);
    if (!search) {
      this.stats.dropped++;
      return;
    }
    this.stats.searches++;
    if (this.#closed) return;
    const key = `${datagram.address}:${datagram.port} ${search.st}`;
    if (this.#active.has(key)) {
      this.stats.duplicate++;
      return;
    }
    if (this.queued >= this.limits.maxQueuedSearches) {
      this.stats.queueFull++;
      if (!this.#warnedFull) this.options.logger.warn({ limit: this.limits.maxQueuedSearches }, "ssdp queue full; dropping searches until it drains");
      this.#warnedFull = true;
      return;
    }
    const job: SearchJob = { st: search.st, to: { address: datagram.address, port: datagram.port }, key, devices: this.#candidates(search.st), cursor: 0 };
    this.#active.add(key);
    // UDA 1.0 §1.2.3: answers come at a random moment within MX; a unicast search (no MX) at once.
    // Our choice: start within the first half of MX, so the paced answers of a large fleet still
    // end inside it.
    const delay = search.mx ? Math.floor(this.#fraction() * (search.mx * 1000) / 2) : 0;
    this.#waiting.set(
      job,
      this.options.clock.timer("ssdp-search-start", delay, () => {
        this.#waiting.delete(job);
        this.#sweeps.push(job);
        this.#schedule(0);
      }),
    );
    this.stats.queuePeak = Math.max(this.stats.queuePeak, this.queued);
  }

  /**
   * Queues a device's NOTIFY for each of its targets (advertiser.ts decides when). An alive goes
   * only if the device is still up and in the fleet when its turn comes; a byebye always.
   */
  notify(device: Device, kind: NotifyKind): void {
    if (this.#closed || !this.options.group) return;
    const queued = kind === "alive" ? this.#queuedAlive : this.#queuedBye;
    if (queued.has(device)) return;
    queued.add(device);
    this.#notifies.push({ device, kind });
    this.#schedule(0);
  }

  /**
   * Stops answering, then says byebye for every device of `devices` that is up (hikemu shuts
   * down: UDA 1.0 §1.1.3), in bursts, each awaited before the next; resolves once all are sent.
   */
  async close(devices: readonly Device[] = []): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#timer?.cancel();
    for (const timer of this.#waiting.values()) timer.cancel();
    this.#waiting.clear();
    this.#sweeps.length = 0;
    this.#active.clear();
    this.#notifies.length = 0;
    this.#queuedAlive.clear();
    this.#queuedBye.clear();
    const group = this.options.group;
    if (!group) return;
    const up = devices.filter((d) => d.reachable);
    let sends: Promise<void>[] = [];
    for (const device of up) {
      for (const target of targets(device)) {
        sends.push(this.#sendOne(encodeNotify(device, target, "byebye", this.#host(group)), group.address, group.port, () => this.stats.byebye++));
      }
      if (sends.length >= this.#burstSize) {
        await Promise.all(sends);
        sends = [];
      }
    }
    await Promise.all(sends);
  }

  /**
   * The devices a search target can concern: a uuid names one (looked up, not swept);
   * ssdp:all, upnp:rootdevice and our device type ask them all; any other target none.
   */
  #candidates(st: string): readonly Device[] {
    const devices = this.options.fleet.devices;
    if (st === SSDP_ALL || st === ROOT_DEVICE || st === DEVICE_TYPE) return devices;
    if (!st.toLowerCase().startsWith("uuid:")) return [];
    if (this.#byUuid?.devices !== devices) {
      this.#byUuid = { devices, index: new Map(devices.map((d) => [`uuid:${d.identity.deviceId.toLowerCase()}`, d])) };
    }
    const device = this.#byUuid.index.get(st.toLowerCase());
    return device ? [device] : [];
  }

  #fraction(): number {
    return this.options.random.bytes(4).readUInt32BE(0) / 2 ** 32;
  }

  #host(group: { readonly address: string; readonly port: number }): string {
    return `${group.address}:${group.port}`;
  }

  #schedule(delay: number): void {
    if (this.#timer || this.#draining || this.#closed) return;
    this.#timer = this.options.clock.timer("ssdp-burst", delay, () => {
      this.#timer = undefined;
      return this.#drain();
    });
  }

  /**
   * One step: about `burstSize` datagrams (a device's answers to one search go together), at
   * most `maxDevicesPerStep` devices looked at. NOTIFYs and search answers take turns, so a
   * fleet-wide advertisement round never holds a search past its MX.
   */
  async #drain(): Promise<void> {
    this.#draining = true;
    const sends: Promise<void>[] = [];
    let looked = 0;
    while (sends.length < this.#burstSize && looked < this.limits.maxDevicesPerStep) {
      const sweep = this.#sweeps[0];
      const takeNotify = this.#notifies.length > 0 && (!sweep || this.#notifyTurn);
      this.#notifyTurn = !this.#notifyTurn;
      looked++;
      if (takeNotify) {
        const job = this.#notifies.shift() as NotifyJob;
        (job.kind === "alive" ? this.#queuedAlive : this.#queuedBye).delete(job.device);
        this.#sendNotify(job, sends);
        continue;
      }
      if (!sweep) break;
      const device = sweep.devices[sweep.cursor++];
      if (device && device.reachable && this.options.fleet.byMac(device.identity.mac) === device) this.#answer(device, sweep, sends);
      if (sweep.cursor >= sweep.devices.length) {
        this.#sweeps.shift();
        this.#active.delete(sweep.key);
      }
    }
    await Promise.all(sends);
    this.#draining = false;
    if (this.#sweeps.length > 0 || this.#notifies.length > 0) this.#schedule(this.#burstIntervalMs);
    else if (this.#waiting.size === 0) this.#warnedFull = false;
  }

  #answer(device: Device, job: SearchJob, sends: Promise<void>[]): void {
    let answers: readonly SearchAnswer[];
    let datagrams: Buffer[];
    try {
      answers = answersTo(device, job.st);
      const date = this.#dates.format(device.now());
      datagrams = answers.map((a) => encodeSearchResponse(device, a, date, this.options.advertise));
    } catch (error) {
      this.options.logger.error({ err: error, device: device.name, st: job.st }, "ssdp response could not be encoded");
      return;
    }
    for (const data of datagrams) this.#sendFor(device, data, job.to.address, job.to.port, sends, () => this.stats.responses++);
  }

  #sendNotify(job: NotifyJob, sends: Promise<void>[]): void {
    const { device, kind } = job;
    const group = this.options.group;
    if (!group) return;
    if (kind === "alive" && !(device.reachable && this.options.fleet.byMac(device.identity.mac) === device)) return;
    let datagrams: Buffer[];
    try {
      datagrams = targets(device).map((t) => encodeNotify(device, t, kind, this.#host(group), this.options.advertise));
    } catch (error) {
      this.options.logger.error({ err: error, device: device.name, kind }, "ssdp notify could not be encoded");
      return;
    }
    const sent = kind === "alive" ? () => this.stats.alive++ : () => this.stats.byebye++;
    for (const data of datagrams) this.#sendFor(device, data, group.address, group.port, sends, sent);
  }

  /** One datagram of a device; the device's injected discovery loss is rolled for each (faults.ts). */
  #sendFor(device: Device, data: Buffer, address: string, port: number, sends: Promise<void>[], sent: () => void): void {
    if (device.faults.active && device.faults.dropDiscovery()) {
      this.stats.faultDropped++;
      return;
    }
    sends.push(this.#sendOne(data, address, port, sent));
  }

  async #sendOne(data: Buffer, address: string, port: number, sent: () => void): Promise<void> {
    try {
      await this.options.channel.send(data, address, port);
      sent();
    } catch (error) {
      this.stats.sendErrors++;
      this.options.logger.debug({ err: error, to: address }, "ssdp send failed");
    }
  }
}

