import type { Timer } from "../../emulator/clock.js";
import type { Device } from "../../emulator/device.js";
import { DEFAULT_SADP_LIMITS, type SadpLimits, type SadpStats } from "./limits.js";
import { DeviceDatagrams, type DiscoveryFleet } from "../net/device-datagrams.js";
import type { Datagram } from "../net/udp-channel.js";
import { BROADCAST_MAC, decodeProbe, mayBeProbe, type SadpProbe } from "./codec.js";
import { ProbeMatchCache, probeMatchHead } from "./probe-match-cache.js";
import { RecentProbes } from "./recent-probes.js";
import { TokenBuckets } from "../../util/token-buckets.js";
import { encodeHelloFor } from "./hello.js";
import { acceptsSource, type DiscoveryResponderOptions } from "../net/responder-options.js";
import { handleCommand, IMPLEMENTED_COMMANDS, type CommandHandler } from "./commands/dispatch.js";
import { answer, encodeCommandReply } from "./commands/reply.js";

export const SADP_PORT = 37020;
export const SADP_GROUP = "239.255.255.250";

/** What the responder needs of the fleet (net/device-datagrams.ts). */
export type SadpFleet = DiscoveryFleet;


export interface SadpResponderOptions extends DiscoveryResponderOptions {
  readonly limits?: Partial<SadpLimits>;
  /** Answers directed commands (commands/dispatch.ts by default); must never reject. */
  readonly commands?: CommandHandler;
}


/**
 * An inquiry accepted and not yet fully answered. The replies are encoded while draining, never
 * on receipt: a sweep (an inquiry for every device) keeps a cursor into `fleet.devices`, a
 * directed job names one MAC. (Commands are not jobs: see `#command`.)
 */
interface Job {
  readonly probe: SadpProbe;
  readonly to: { readonly address: string; readonly port: number };
  /** The Uuid/Types head shared by every device's reply. */
  readonly head: Buffer;
  /**
   * Sweeps: the fleet's device list when the probe was accepted (the fleet replaces, never
   * mutates, its list, so removals cannot shift the cursor) and the next index into it.
   */
  readonly devices: readonly Device[];
  cursor: number;
}

const INQUIRY_TYPES = new Set(["inquiry", "inquiry_v32"]);

/** One SADP responder for the whole fleet on UDP 37020 (DESIGN.md "Fleet"). */
export class SadpResponder {
  readonly stats: SadpStats = {
    received: 0,
    dropped: 0,
    refused: 0,
    probes: 0,
    unsupported: 0,
    commands: 0,
    accepted: 0,
    duplicate: 0,
    rateLimited: 0,
    queueFull: 0,
    queuePeak: 0,
    encoded: 0,
    notForUs: 0,
    overBudget: 0,
    replies: 0,
    hellos: 0,
    faultDropped: 0,
    sendErrors: 0,
    busy: 0,
    timedOut: 0,
  };
  readonly limits: SadpLimits;
  /** MAC-directed inquiries (one reply each) go before sweeps, so they never wait behind a fleet. */
  readonly #directed: Job[] = [];
  readonly #sweeps: Job[] = [];
  /**
   * Command replies computed and waiting for the next drain step: a command runs beside the
   * drain (device operations are async: flash writes), and its reply is paced like the rest.
   */
  readonly #ready: { readonly device: Device; readonly data: Buffer; readonly to: Job["to"] }[] = [];
  /** Commands handed to the device and not answered yet. */
  #inFlight = 0;
  readonly #perDevice = new Map<Device, number>();
  readonly #commands: CommandHandler;
  /** Devices with a Hello to send, and its Uuid; one per device however often it booted meanwhile. */
  readonly #hellos = new Map<Device, string>();
  readonly #cache: ProbeMatchCache;
  readonly #senders: TokenBuckets;
  readonly #recent: RecentProbes;
  readonly #parseBudget: TokenBuckets;
  readonly #senderParseBudget: TokenBuckets;
  #timer: Timer | undefined;
  #draining = false;
  #closed = false;
  #warnedFull = false;
  readonly #burstSize: number;
  readonly #burstIntervalMs: number;

  readonly #datagrams: DeviceDatagrams;

  constructor(private readonly options: SadpResponderOptions) {
    this.#burstSize = options.burstSize ?? 32;
    this.#burstIntervalMs = options.burstIntervalMs ?? 4;
    this.limits = { ...DEFAULT_SADP_LIMITS, ...options.limits };
    this.#datagrams = new DeviceDatagrams(options.channel, this.stats, options.logger, "sadp");
    this.#cache = new ProbeMatchCache({ advertise: options.advertise });
    this.#commands = options.commands ?? handleCommand;
    const now = () => options.clock.now();
    this.#senders = new TokenBuckets({ capacity: this.limits.senderBurst, refillPerSecond: this.limits.senderProbesPerSecond, maxKeys: this.limits.maxSenders }, now);
    this.#recent = new RecentProbes(this.limits.duplicateWindowMs, this.limits.maxRecentProbes, now);
    const kib = this.limits.parseKiBPerSecond;
    this.#parseBudget = new TokenBuckets({ capacity: kib, refillPerSecond: kib, maxKeys: 1 }, now);
    const own = this.limits.senderParseKiBPerSecond;
    this.#senderParseBudget = new TokenBuckets({ capacity: own, refillPerSecond: own, maxKeys: this.limits.maxSenders }, now);
    options.channel.onMessage((d) => this.handle(d));
  }

  /** Probes accepted and not yet fully answered. */
  get queued(): number {
    return this.#directed.length + this.#sweeps.length + this.#ready.length + this.#inFlight;
  }

  /** Entry point for every datagram; cheap (no reply is encoded here) and never throws. */
  handle(datagram: Datagram): void {
    this.stats.received++;
    if (!acceptsSource(this.options, datagram.address)) {
      this.stats.refused++;
      return;
    }
    if (!mayBeProbe(datagram.data)) {
      this.stats.dropped++;
      return;
    }
    // The sender pays for its bytes; the fleet-wide budget at least 1 KiB a datagram.
    if (!this.#senderParseBudget.take(datagram.address, datagram.data.length / 1024) || !this.#parseBudget.take("all", Math.max(1, Math.ceil(datagram.data.length / 1024)))) {
      this.stats.overBudget++;
      return;
    }
    const probe = decodeProbe(datagram.data);
    if (!probe) {
      this.stats.dropped++;
      return;
    }
    this.stats.probes++;
    const inquiry = INQUIRY_TYPES.has(probe.types);
    if (!inquiry && !IMPLEMENTED_COMMANDS.has(probe.types)) this.stats.unsupported++;
    const directed = probe.mac !== undefined && probe.mac !== BROADCAST_MAC;
    // Devices ignore commands whose MAC is not their own (§1.2); so does a sender's budget.
    if ((directed || !inquiry) && !(probe.mac && this.options.fleet.byMac(probe.mac))) {
      this.stats.notForUs++;
      return;
    }
    // Commands too: a tool sending one command to the group and to broadcast addresses (§1.1)
    // means one attempt, so one wrong password counts once towards the SADP lock.
    // Types is part of the key: a tool may reuse one Uuid for exchangecode then activate.
    const key = `${datagram.address}:${datagram.port} ${directed ? probe.mac : "*"} ${probe.uuid} ${probe.types}`;
    if (this.#recent.has(key)) {
      this.stats.duplicate++;
      return;
    }
    if (!this.#senders.take(datagram.address)) {
      this.stats.rateLimited++;
      return;
    }
    // Commands wait on their device, not on the fleet: they are bounded per device (below),
    // and only replies ready to send share the queue with inquiries.
    const waiting = inquiry ? this.queued - this.#inFlight : this.#inFlight;
    if (waiting >= this.limits.maxQueuedProbes) {
      this.stats.queueFull++;
      if (!this.#warnedFull) this.options.logger.warn({ limit: this.limits.maxQueuedProbes }, "sadp queue full; dropping probes until it drains");
      this.#warnedFull = true;
      return;
    }
    this.#recent.add(key);
    const to = { address: datagram.address, port: datagram.port };
    this.stats.accepted++;
    if (!inquiry) {
      // Only a powered device on the wire acts on a command (§1.2); a MAC-directed command is ours here.
      // A source its IP filter refuses never reaches it: no action, no reply.
      const device = probe.mac ? this.options.fleet.byMac(probe.mac) : undefined;
      if (device?.reachable && device.security.admits(to.address)) this.#command(device, probe, to);
      this.stats.queuePeak = Math.max(this.stats.queuePeak, this.queued);
      return;
    }
    const job: Job = { probe, to, head: probeMatchHead(probe.uuid, probe.types), devices: this.options.fleet.devices, cursor: 0 };
    (directed ? this.#directed : this.#sweeps).push(job);
    this.stats.queuePeak = Math.max(this.stats.queuePeak, this.queued);
    this.#schedule(0);
  }

  /**
   * Queues a device's `<Hello>` to the group (§1.1; boot-announcer.ts calls this when a boot
   * ends). It is paced with the replies, after directed commands and before inquiry sweeps,
   * and goes only through this responder's channel, so only where its replies go (the
   * configured interfaces; loopback unless told otherwise). Without a group it is not sent.
   */
  announce(device: Device, uuid: string): void {
    if (this.#closed || !this.options.group || this.#hellos.has(device)) return;
    this.#hellos.set(device, uuid);
    this.#schedule(0);
  }

  /** Stops sending; queued probes and announcements are discarded. */
  close(): void {
    this.#closed = true;
    this.#timer?.cancel();
    this.#directed.length = 0;
    this.#sweeps.length = 0;
    this.#ready.length = 0;
    this.#hellos.clear();
  }

  #schedule(delay: number): void {
    if (this.#timer || this.#draining || this.#closed) return;
    this.#timer = this.options.clock.timer("sadp-reply-burst", delay, () => {
      this.#timer = undefined;
      return this.#drain();
    });
  }

  /**
   * One step: at most `burstSize` datagrams (each reply goes to the sender and the group),
   * at most `maxDevicesPerStep` devices looked at; then the next step after the interval.
   */
  async #drain(): Promise<void> {
    this.#draining = true;
    const copies = this.options.group ? 2 : 1;
    const maxReplies = Math.max(1, Math.floor(this.#burstSize / copies));
    const sends: Promise<void>[] = [];
    let looked = 0;
    while (sends.length < maxReplies * copies && looked < this.limits.maxDevicesPerStep) {
      const ready = this.#ready.shift();
      if (ready) {
        looked++;
        if (ready.device.reachable) this.#send(ready.device, ready.data, ready.to, sends);
        continue;
      }
      const directed = this.#directed.shift();
      if (directed) {
        looked++;
        const device = directed.probe.mac ? this.options.fleet.byMac(directed.probe.mac) : undefined;
        if (device?.reachable) this.#reply(device, directed, sends);
        continue;
      }
      const hello = this.#hellos.entries().next().value;
      if (hello) {
        looked++;
        const [device, uuid] = hello;
        this.#hellos.delete(device);
        if (device.reachable && this.options.fleet.byMac(device.identity.mac) === device) this.#hello(device, uuid, sends);
        continue;
      }
      const sweep = this.#sweeps[0];
      if (!sweep) break;
      const { devices } = sweep;
      while (sweep.cursor < devices.length && sends.length < maxReplies * copies && looked < this.limits.maxDevicesPerStep) {
        const device = devices[sweep.cursor++] as Device;
        looked++;
        // Still in the fleet (not removed since the probe came) and powered.
        if (device.reachable && this.options.fleet.byMac(device.identity.mac) === device) this.#reply(device, sweep, sends);
      }
      if (sweep.cursor >= devices.length) this.#sweeps.shift();
    }
    this.stats.encoded = this.#cache.encoded;
    await Promise.all(sends);
    this.#draining = false;
    // Commands in flight schedule their own step when answered.
    if (this.#directed.length + this.#sweeps.length + this.#ready.length > 0 || this.#hellos.size > 0) this.#schedule(this.#burstIntervalMs);
    else if (this.queued === 0) this.#warnedFull = false;
  }

  /**
   * Hands a command to its device on receipt, beside the drain (device operations are async:
   * flash writes, and one slow write must not hold up discovery); the reply joins `#ready` and
   * goes out with the next drain step — paced like every reply, and before directed
   * inquiries, hellos and sweeps. The handler never rejects; if it did, the command would go
   * unanswered and be logged, never thrown into the socket loop.
   */
  #command(device: Device, probe: SadpProbe, to: Job["to"]): void {
    const busy = this.#perDevice.get(device) ?? 0;
    if (busy >= this.limits.maxCommandsPerDevice) {
      this.stats.busy++;
      return;
    }
    this.stats.commands++;
    this.#inFlight++;
    this.#perDevice.set(device, busy + 1);
    let settled = false;
    const settle = (data: Buffer | undefined) => {
      if (settled) return;
      settled = true;
      deadline.cancel();
      this.#inFlight--;
      const left = (this.#perDevice.get(device) ?? 1) - 1;
      if (left > 0) this.#perDevice.set(device, left);
      else this.#perDevice.delete(device);
      if (this.#closed) return;
      if (data) this.#ready.push({ device, data, to });
      this.#schedule(0);
    };
    // A device that never finishes (a stuck flash write) answers Device Error in time for the
    // tool, and frees its slot; whatever it does later is not sent.
    const deadline = this.options.clock.timer("sadp-command-deadline", this.limits.commandTimeoutMs, () => {
      if (settled) return;
      this.stats.timedOut++;
      this.options.logger.warn({ device: device.name, types: probe.types }, "sadp command not finished in time; answered deviceError");
      settle(encodeCommandReply(device, probe, answer("deviceError")));
    });
    this.#commands(device, probe, { peer: to.address }).then(settle, (error: unknown) => {
      this.options.logger.error({ err: error, device: device.name, types: probe.types }, "sadp command handler failed");
      settle(undefined);
    });
  }

  /**
   * Encodes and sends one device's inquiry reply; an encoding failure is logged, never thrown
   * into the loop. A device whose IP filter refuses the prober stays silent (to it and to the
   * group); the others still answer. With the filter off (the default) that is one boolean.
   */
  #reply(device: Device, job: Job, sends: Promise<void>[]): void {
    let data: Buffer;
    try {
      if (!device.security.admits(job.to.address)) return;
      data = this.#cache.reply(device, job.head);
    } catch (error) {
      this.options.logger.error({ err: error, device: device.name, types: job.probe.types }, "sadp reply could not be encoded");
      return;
    }
    this.#send(device, data, job.to, sends);
  }

  #hello(device: Device, uuid: string, sends: Promise<void>[]): void {
    const group = this.options.group;
    if (!group) return;
    let data: Buffer;
    try {
      data = encodeHelloFor(device, uuid, { advertise: this.options.advertise });
    } catch (error) {
      this.options.logger.error({ err: error, device: device.name }, "sadp hello could not be encoded");
      return;
    }
    this.#datagrams.send(device, data, group.address, group.port, sends, () => this.stats.hellos++);
  }

  /** §1.1: reply by unicast to the sender and to the group. */
  #send(device: Device, data: Buffer, to: Job["to"], sends: Promise<void>[]): void {
    const replied = () => this.stats.replies++;
    this.#datagrams.send(device, data, to.address, to.port, sends, replied);
    const group = this.options.group;
    if (group) this.#datagrams.send(device, data, group.address, group.port, sends, replied);
  }

}
