import type { Device } from "../../emulator/device.js";
import { DeviceError } from "../../emulator/errors.js";
import { JPEG_QUALITY, testCardPixels, type TestCard } from "./test-card.js";
import { JpegEncoder } from "./jpeg-worker.js";

interface Card {
  readonly minute: number;
  readonly revision: number;
  readonly jpeg: Promise<Buffer>;
}

export interface SnapshotLimits {
  /** Renders a device may have waiting; one more request for a card not yet made gets deviceBusy. */
  readonly pendingPerDevice: number;
  /** Renders waiting in the whole fleet, likewise. */
  readonly pendingTotal: number;
  /** Cards kept per device (streams × sizes asked for); the oldest goes first. */
  readonly cardsPerDevice: number;
}

const DEFAULT_LIMITS: SnapshotLimits = { pendingPerDevice: 2, pendingTotal: 32, cardsPerDevice: 4 };

/**
 * Makes the snapshot test cards of a fleet. Encoding a multi-megapixel JPEG takes a while
 * (≈0.2 s at 4 MP on an idle core of the 2-core machine, up to ≈1 s when it is loaded: README
 * "Snapshots and the alert stream"), so:
 * - a card is kept per device, stream and size for the minute of device time it shows (the card
 *   shows the time to the minute), and requests for it meanwhile share that one render;
 * - renders run one at a time, the pixels drawn in a turn of their own and the encoding on a
 *   worker thread (jpeg-worker.ts), so requests of other devices are answered meanwhile;
 * - a flood of requests for new cards is bounded: past `pendingPerDevice` waiting renders for a
 *   device, or `pendingTotal` in all, the device answers deviceBusy (statusCode 2) at once.
 */
export class SnapshotRenderer {
  readonly #cards = new WeakMap<Device, Map<string, Card>>();
  readonly #pendingByDevice = new WeakMap<Device, number>();
  #pendingTotal = 0;
  #tail: Promise<unknown> = Promise.resolve();
  readonly #limits: SnapshotLimits;
  readonly #encoder = new JpegEncoder();

  constructor(limits: Partial<SnapshotLimits> = {}) {
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** The JPEG of `key` (stream and size) for this minute of the device's time, rendered if not kept. */
  picture(device: Device, key: string, minute: number, card: () => TestCard): Promise<Buffer> {
    let cards = this.#cards.get(device);
    if (!cards) {
      cards = new Map();
      this.#cards.set(device, cards);
    }
    const kept = cards.get(key);
    if (kept && kept.minute === minute && kept.revision === device.revision) return kept.jpeg;
    const pending = this.#pendingByDevice.get(device) ?? 0;
    if (pending >= this.#limits.pendingPerDevice || this.#pendingTotal >= this.#limits.pendingTotal) {
      return Promise.reject(new DeviceError("deviceBusy", "snapshot renders queued"));
    }
    this.#pendingByDevice.set(device, pending + 1);
    this.#pendingTotal++;
    const entry: Card = {
      minute,
      revision: device.revision,
      jpeg: this.#inTurn(() => {
        const { width, height, lines } = card();
        return this.#encoder.encode(testCardPixels({ width, height, lines }), width, height, JPEG_QUALITY);
      }),
    };
    const done = () => {
      this.#pendingByDevice.set(device, (this.#pendingByDevice.get(device) ?? 1) - 1);
      this.#pendingTotal--;
    };
    entry.jpeg.then(done, () => {
      done();
      if (cards.get(key) === entry) cards.delete(key);
    });
    cards.delete(key);
    cards.set(key, entry);
    while (cards.size > this.#limits.cardsPerDevice) {
      const oldest = cards.keys().next().value;
      if (oldest === undefined) break;
      cards.delete(oldest);
    }
    return entry.jpeg;
  }

  /** Runs `work` after every render queued before it has finished, starting in a turn of its own. */
  #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(
      () =>
        new Promise<T>((resolve, reject) => {
          setImmediate(() => {
            try {
              work().then(resolve, reject);
            } catch (error) {
              reject(error as Error);
            }
          });
        }),
    );
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
