import type { Timer } from "../../emulator/clock.js";
import type { Device } from "../../emulator/device.js";
import { DEFAULT_SSDP_LIMITS, type SsdpLimits, type SsdpStats } from "./limits.js";
import { DeviceDatagrams, type DiscoveryFleet } from "../net/device-datagrams.js";
import type { Random } from "../../emulator/random.js";
import type { Datagram } from "../net/udp-channel.js";
import { TokenBuckets } from "../../util/token-buckets.js";
import { HttpDate } from "../../http/http-date.js";
import { SSDP_ALL, answersTo, decodeSearch, encodeNotify, mayBeSearch, type NotifyKind } from "./messages.js";
import { acceptsSource, type DiscoveryResponderOptions } from "../net/responder-options.js";
import { SearchResponseCache } from "./response-cache.js";
import { DEVICE_TYPE, ROOT_DEVICE, targets } from "./upnp-device.js";

/** What the responder needs of the fleet (net/device-datagrams.ts). */
export type SsdpFleet = DiscoveryFleet;

/**
 * Our choice: the share of the nominal send rate (burstSize per burstIntervalMs) admission
 * counts on. Search answers get at least half of the datagrams while NOTIFYs are queued (they
 * take turns), and on a real clock each step's own work stretches the interval; 0.4 keeps an
 * accepted search's answers inside its MX under both.
 */
const ADMIT_SHARE = 0.4;
/** Our choice: the window a unicast search (no MX, answered at once) is given, as the largest MX. */
const UNICAST_WINDOW_MS = 5000;
/** Datagrams a device answers an ssdp:all with (upnp-device.ts `targets`); 1 for any other target. */
const ALL_TARGETS = 3;

export interface SsdpResponderOptions extends DiscoveryResponderOptions {
  /** Search start delays within MX. */
  readonly random: Random;
  readonly limits?: Partial<SsdpLimits>;
}

interface SearchJob {
  readonly st: string;
  /** Transport time by which its answers are sent or dropped: receipt + MX. */
  readonly deadline: number;
  /** Datagrams each candidate device answers with (an upper bound: it may be down by then). */
  readonly perDevice: number;
  readonly to: { readonly address: string; readonly port: number };
  readonly key: string;
  /** The fleet's list when the search came (replaced, never mutated), or the one device a uuid names. */
  readonly devices: readonly Device[];
  cursor: number;
}

/** A device's pending NOTIFYs: a byebye, then an alive, each or both; never two of a kind. */
interface PendingNotify {
  bye: boolean;
  alive: boolean;
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
    overloaded: 0,
    queuePeak: 0,
    responses: 0,
    late: 0,
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
  /** One entry per device, in the order devices were first queued (Map order). */
  readonly #notifies = new Map<Device, PendingNotify>();
  readonly #senders: TokenBuckets;
  readonly #dates = new HttpDate();
  readonly #answers: SearchResponseCache;
  #byUuid: { devices: readonly Device[]; index: Map<string, Device> } | undefined;
  #timer: Timer | undefined;
  #draining = false;
  #closed = false;
  /** Search datagrams sent less NOTIFY datagrams sent while both wait: turns by datagram. */
  #credit = 0;
  #warnedFull = false;
  readonly #burstSize: number;
  readonly #burstIntervalMs: number;

  readonly #datagrams: DeviceDatagrams;

  constructor(private readonly options: SsdpResponderOptions) {
    this.#burstSize = options.burstSize ?? 32;
    this.#burstIntervalMs = options.burstIntervalMs ?? 4;
    this.limits = { ...DEFAULT_SSDP_LIMITS, ...options.limits };
    this.#datagrams = new DeviceDatagrams(options.channel, this.stats, options.logger, "ssdp");
    this.#answers = new SearchResponseCache(options.advertise);
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

  /** Answer sets encoded through node-ssdp (cache misses). */
  get encoded(): number {
    return this.#answers.encoded;
  }

  /** Entry point for every datagram; cheap (nothing is encoded here) and never throws. */
  handle(datagram: Datagram): void {
    this.stats.received++;
    if (!acceptsSource(this.options, datagram.address)) {
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
    const now = this.options.clock.now();
    const windowMs = search.mx === undefined ? UNICAST_WINDOW_MS : search.mx * 1000;
    const devices = this.#candidates(search.st);
    const perDevice = search.st === SSDP_ALL ? ALL_TARGETS : 1;
    // The answers queued before it and its own, at the rate admission counts on, must fit in MX.
    const sendMs = (this.#backlog() + devices.length * perDevice) / this.#admitRate();
    if (sendMs > windowMs) {
      this.stats.overloaded++;
      if (!this.#warnedFull) this.options.logger.warn({ windowMs }, "ssdp answers would outlast MX; dropping searches until the queue drains");
      this.#warnedFull = true;
      return;
    }
    const job: SearchJob = { st: search.st, deadline: now + windowMs, perDevice, to: { address: datagram.address, port: datagram.port }, key, devices, cursor: 0 };
    this.#active.add(key);
    // UDA 1.0 §1.2.3: answers come at a random moment within MX; a unicast search (no MX) at once.
    // Our choice: start within the first half of MX, and no later than leaves the time to send
    // what is queued, so the paced answers of a large fleet still end inside it.
    const delay = search.mx === undefined ? 0 : Math.floor(this.#fraction() * Math.min(windowMs / 2, windowMs - sendMs));
    this.#waiting.set(
      job,
      this.options.clock.timer("ssdp-search-start", delay, () => {
        this.#waiting.delete(job);
        // Earliest deadline first: a short MX behind a long one still ends inside its own.
        const at = this.#sweeps.findIndex((other) => other.deadline > job.deadline);
        this.#sweeps.splice(at === -1 ? this.#sweeps.length : at, 0, job);
        this.#schedule(0);
      }),
    );
    this.stats.queuePeak = Math.max(this.stats.queuePeak, this.queued);
  }

  /**
   * Queues a device's NOTIFY for each of its targets (advertiser.ts decides when). One entry per
   * device, so the last NOTIFY sent is the latest asked for: a byebye cancels a pending alive
   * (never sent: the device is gone by then); an alive after a pending byebye goes after it.
   * An alive goes only if the device is still up and in the fleet when its turn comes; a byebye always.
   */
  notify(device: Device, kind: NotifyKind): void {
    if (this.#closed || !this.options.group) return;
    const pending = this.#notifies.get(device) ?? { bye: false, alive: false };
    if (kind === "byebye") {
      pending.bye = true;
      pending.alive = false;
    } else {
      pending.alive = true;
    }
    this.#notifies.set(device, pending);
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
    this.#notifies.clear();
    const group = this.options.group;
    if (!group) return;
    const up = devices.filter((d) => d.reachable);
    let sends: Promise<void>[] = [];
    for (const device of up) {
      for (const target of targets(device)) {
        this.#datagrams.send(device, encodeNotify(device, target, "byebye", this.#host(group)), group.address, group.port, sends, () => this.stats.byebye++);
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

  /** Datagrams per ms admission counts on. */
  #admitRate(): number {
    return (this.#burstSize / this.#burstIntervalMs) * ADMIT_SHARE;
  }

  /** Search answers still to send (an upper bound), waiting searches included. */
  #backlog(): number {
    let datagrams = 0;
    for (const job of [...this.#sweeps, ...this.#waiting.keys()]) datagrams += (job.devices.length - job.cursor) * job.perDevice;
    return datagrams;
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
   * most `maxDevicesPerStep` devices looked at. NOTIFYs and search answers take turns datagram
   * for datagram, so a fleet-wide advertisement round cannot hold a search past its MX; a
   * search whose MX has passed is dropped there, its unsent answers counted as `late`.
   */
  async #drain(): Promise<void> {
    this.#draining = true;
    const sends: Promise<void>[] = [];
    const now = this.options.clock.now();
    let looked = 0;
    while (sends.length < this.#burstSize && looked < this.limits.maxDevicesPerStep) {
      const sweep = this.#currentSweep(now);
      if (!sweep || this.#notifies.size === 0) this.#credit = 0;
      looked++;
      if (this.#notifies.size > 0 && (!sweep || this.#credit > 0)) {
        const [device, pending] = this.#notifies.entries().next().value as [Device, PendingNotify];
        this.#notifies.delete(device);
        this.#credit -= this.#sendNotify(device, pending, sends);
        continue;
      }
      if (!sweep) break;
      const device = sweep.devices[sweep.cursor++];
      if (device && this.#answering(device)) this.#credit += this.#answer(device, sweep, sends);
      if (sweep.cursor >= sweep.devices.length) this.#finish(sweep);
    }
    await Promise.all(sends);
    this.#draining = false;
    if (this.#sweeps.length > 0 || this.#notifies.size > 0) this.#schedule(this.#burstIntervalMs);
    else if (this.#waiting.size === 0) this.#warnedFull = false;
  }

  /** The search to answer now (earliest deadline); those whose MX has passed are dropped first. */
  #currentSweep(now: number): SearchJob | undefined {
    let sweep = this.#sweeps[0];
    while (sweep && now >= sweep.deadline) {
      for (let i = sweep.cursor; i < sweep.devices.length; i++) {
        const device = sweep.devices[i] as Device;
        if (this.#answering(device) && device.security.admits(sweep.to.address)) this.stats.late += answersTo(device, sweep.st).length;
      }
      this.#finish(sweep);
      sweep = this.#sweeps[0];
    }
    return sweep;
  }

  #finish(sweep: SearchJob): void {
    this.#sweeps.splice(this.#sweeps.indexOf(sweep), 1);
    this.#active.delete(sweep.key);
  }

  /** Up and still in the fleet. */
  #answering(device: Device): boolean {
    return device.reachable && this.options.fleet.byMac(device.identity.mac) === device;
  }

  /**
   * Queues the device's answers to the search; returns how many datagrams that was. A device
   * whose IP filter refuses the searcher does not answer it (one boolean with the filter off).
   */
  #answer(device: Device, job: SearchJob, sends: Promise<void>[]): number {
    if (!device.security.admits(job.to.address)) return 0;
    let datagrams: Buffer[];
    try {
      datagrams = this.#answers.answers(device, job.st, this.#dates.format(device.now()));
    } catch (error) {
      this.options.logger.error({ err: error, device: device.name, st: job.st }, "ssdp response could not be encoded");
      return 0;
    }
    for (const data of datagrams) this.#datagrams.send(device, data, job.to.address, job.to.port, sends, () => this.stats.responses++);
    return datagrams.length;
  }

  /** A pending byebye, then a pending alive; returns how many datagrams that was. */
  #sendNotify(device: Device, pending: PendingNotify, sends: Promise<void>[]): number {
    const group = this.options.group;
    if (!group) return 0;
    const kinds: NotifyKind[] = [];
    if (pending.bye) kinds.push("byebye");
    if (pending.alive && this.#answering(device)) kinds.push("alive");
    let count = 0;
    for (const kind of kinds) {
      let datagrams: Buffer[];
      try {
        datagrams = targets(device).map((t) => encodeNotify(device, t, kind, this.#host(group), this.options.advertise));
      } catch (error) {
        this.options.logger.error({ err: error, device: device.name, kind }, "ssdp notify could not be encoded");
        continue;
      }
      const sent = kind === "alive" ? () => this.stats.alive++ : () => this.stats.byebye++;
      for (const data of datagrams) this.#datagrams.send(device, data, group.address, group.port, sends, sent);
      count += datagrams.length;
    }
    return count;
  }

}

