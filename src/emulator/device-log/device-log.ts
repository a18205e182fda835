import type { EventEmitter } from "node:events";
import type { DeviceEventMap } from "../events.js";
import type { LogEntry, LogMajor, NewLogEntry } from "./log-entry.js";
import { LogRing } from "./log-ring.js";
import { followEvents } from "./event-entries.js";

export interface DeviceLogDeps {
  readonly events: EventEmitter<DeviceEventMap>;
  /** Epoch ms of the device's own wall clock (`device.deviceTime()`): what an entry's time shows. */
  readonly now: () => number;
  /** Entries the device keeps (profile `deviceLog.capacity`), read at every write. */
  readonly capacity: () => number;
}

/** One type a search asks for: a major type, optionally one minor type of it, optionally one channel. */
export interface LogTypeFilter {
  readonly major: LogMajor;
  readonly minor?: string;
  readonly channel?: number;
}

/** Inclusive bounds on the entry time (device wall clock, epoch ms). */
export interface TimeSpan {
  readonly from: number;
  readonly to: number;
}

export interface LogQuery {
  /** Entries in any of these spans; absent or empty: any time. */
  readonly spans?: readonly TimeSpan[];
  /** Entries of any of these types; empty: every type. */
  readonly types: readonly LogTypeFilter[];
  /** Index of the first match to answer (0-based) and how many at most. */
  readonly position: number;
  readonly max: number;
}

export interface LogPage {
  /** Matches in all: the page is `entries`, from `position`. */
  readonly total: number;
  readonly entries: readonly LogEntry[];
}

/**
 * The device log (issue #10): activation, logins and failed logins, lockouts, boots, reboots,
 * resets, upgrades, configuration imports and exports and configuration changes, written from
 * the device's typed events (event-entries.ts) into a bounded ring.
 *
 * Where it lives: in the device's RAM-side storage that survives reboots and power cycles (the
 * log partition or disk of a real device keeps its log through both), but not a restart of
 * hikemu. It is deliberately not in flash: every login writes an entry, and persisting flash
 * per login would put the Store (an fsync per write) on the authentication hot path. A Default
 * reset keeps it too (its own entry is the last thing written before the reboot), as a
 * recorder's disk log survives Default.
 *
 * A plain ring, as devices keep theirs: a flood overwrites the oldest entries. Failed logins are
 * held back by the address lockout (accounts.ts: a locked address's attempts are refused
 * unchecked and write nothing), so one client cannot flush the log; many addresses can, as on
 * hardware.
 */
export class DeviceLog {
  readonly #ring: LogRing;
  #seq = 0;
  readonly #stop: () => void;

  constructor(private readonly deps: DeviceLogDeps) {
    this.#ring = new LogRing(deps.capacity());
    this.#stop = followEvents(deps.events, (entry) => this.#write(entry));
  }

  /** Entries held now, and how many the ring holds at most. */
  get size(): number {
    return this.#ring.size;
  }

  get capacity(): number {
    return this.#ring.capacity;
  }

  /** Every entry, oldest first. */
  entries(): LogEntry[] {
    return this.#ring.entries();
  }

  /**
   * Matching entries oldest first (the order real replies list them in is UNCERTAIN; clients sort
   * by StartDateTime themselves), paged.
   */
  search(query: LogQuery): LogPage {
    const matches = this.#ring.entries().filter((entry) => matchesTime(entry, query) && matchesType(entry, query.types));
    return { total: matches.length, entries: matches.slice(query.position, query.position + query.max) };
  }

  /** Stops listening to the device's events (the device is going away). */
  close(): void {
    this.#stop();
  }

  #write(entry: NewLogEntry): void {
    const capacity = this.deps.capacity();
    if (capacity !== this.#ring.capacity) this.#ring.resize(capacity);
    this.#ring.push({ seq: ++this.#seq, time: this.deps.now(), ...entry });
  }
}

function matchesTime(entry: LogEntry, query: LogQuery): boolean {
  const spans = query.spans ?? [];
  return spans.length === 0 || spans.some((span) => entry.time >= span.from && entry.time <= span.to);
}

function matchesType(entry: LogEntry, types: readonly LogTypeFilter[]): boolean {
  if (types.length === 0) return true;
  return types.some((t) => t.major === entry.major && (t.minor === undefined || t.minor === entry.minor) && (t.channel === undefined || t.channel === entry.channel));
}
