import type { Device } from "../../emulator/device.js";
import { encodeProbeMatch } from "./codec.js";
import { probeMatchFields, type ProbeMatchOptions } from "./probe-match.js";

/**
 * A device's ProbeMatch bytes, encoded once per device state (issue #5: encoding 1,000 of
 * them per inquiry blocked the event loop for ~90 ms).
 *
 * Only the first two fields differ between probes: the echoed Uuid and Types (§1.2, §1.3).
 * So a reply is spliced from two pieces — the head (prolog, `<ProbeMatch>`, Uuid, Types),
 * built once per probe and shared by every device, and the device's body (every other
 * field and `</ProbeMatch>`), cached until `device.revision` moves. The codec builds each
 * element on its own, so the splice is byte-for-byte what `encodeProbeMatch` of all the
 * fields gives (test/discovery/sadp/probe-match-cache.test.ts checks it, golden file included).
 */

const CLOSE = Buffer.from("</ProbeMatch>");

/** The per-probe head: everything up to and including `</Types>`. */
export function probeMatchHead(uuid: string, types: string): Buffer {
  const whole = encodeProbeMatch([
    ["Uuid", uuid],
    ["Types", types],
  ]);
  return whole.subarray(0, whole.length - CLOSE.length);
}

const EMPTY_HEAD_LENGTH = probeMatchHead("", "").length;

interface Entry {
  readonly revision: number;
  readonly body: Buffer;
}

export class ProbeMatchCache {
  /** Keyed on the Device object: a device the fleet drops takes its entry with it. */
  #entries = new WeakMap<Device, Entry>();
  /** Bodies encoded so far (cache misses), for tests and stats. */
  encoded = 0;

  constructor(private readonly options: ProbeMatchOptions = {}) {}

  /** The device's fields after Types, and the closing tag, for its current revision. */
  body(device: Device): Buffer {
    const cached = this.#entries.get(device);
    if (cached && cached.revision === device.revision) return cached.body;
    const revision = device.revision;
    const full = encodeProbeMatch(probeMatchFields(device, "", "", this.options));
    const body = full.subarray(EMPTY_HEAD_LENGTH);
    this.#entries.set(device, { revision, body });
    this.encoded++;
    return body;
  }

  /** The whole reply of `device` to a probe whose head is `head` (see probeMatchHead). */
  reply(device: Device, head: Buffer): Buffer {
    return Buffer.concat([head, this.body(device)]);
  }
}
