import type { Device } from "../../emulator/device.js";
import type { Ipv4Prefix } from "../../util/ipv4.js";
import { answersTo, encodeSearchResponse } from "./messages.js";

/** Stands in for DATE while encoding; the bytes either side of it are what is cached. */
const DATE_MARK = "\u0001DATE\u0001";

interface Parts {
  readonly before: Buffer;
  readonly after: Buffer;
}

interface Entry {
  readonly revision: number;
  readonly byTarget: Map<string, readonly Parts[]>;
}

/** Distinct search targets kept per device: a sender varying a uuid's case cannot grow it further. */
const MAX_TARGETS = 8;

/**
 * A device's 200 OKs to a search target, encoded through node-ssdp once per device revision
 * (every change to what an answer says — LOCATION's address and port — moves it) and target,
 * as SADP's ProbeMatchCache; DATE, the only part that moves with time, is spliced in per send.
 */
export class SearchResponseCache {
  /** Keyed on the Device object: a device the fleet drops takes its entry with it. */
  readonly #entries = new WeakMap<Device, Entry>();
  #date = { text: "", bytes: Buffer.alloc(0) };
  /** Answer sets encoded so far (cache misses), for tests. */
  encoded = 0;

  constructor(private readonly advertise?: Ipv4Prefix) {}

  answers(device: Device, st: string, date: string): Buffer[] {
    if (date !== this.#date.text) this.#date = { text: date, bytes: Buffer.from(date, "latin1") };
    const dateBytes = this.#date.bytes;
    return this.#parts(device, st).map((p) => Buffer.concat([p.before, dateBytes, p.after]));
  }

  #parts(device: Device, st: string): readonly Parts[] {
    let entry = this.#entries.get(device);
    if (!entry || entry.revision !== device.revision) {
      entry = { revision: device.revision, byTarget: new Map() };
      this.#entries.set(device, entry);
    }
    const cached = entry.byTarget.get(st);
    if (cached) return cached;
    const parts = answersTo(device, st).map((answer) => {
      const full = encodeSearchResponse(device, answer, DATE_MARK, this.advertise);
      const at = full.indexOf(DATE_MARK, 0, "latin1");
      return { before: full.subarray(0, at), after: full.subarray(at + DATE_MARK.length) };
    });
    if (entry.byTarget.size >= MAX_TARGETS) entry.byTarget.clear();
    entry.byTarget.set(st, parts);
    this.encoded++;
    return parts;
  }
}
