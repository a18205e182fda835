import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import jpeg from "jpeg-js";

/**
 * The worker's program (plain CommonJS, so it runs the same under the TypeScript loader and
 * from dist/): jpeg-js encodes the RGBA pixels it is sent and posts the JPEG back.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const jpeg = require(workerData.jpegJs);
parentPort.on("message", ({ id, pixels, width, height, quality }) => {
  try {
    const out = jpeg.encode({ data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), width, height }, quality).data;
    parentPort.postMessage({ id, jpeg: out });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
`;

interface Pending {
  readonly resolve: (jpeg: Buffer) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Encodes JPEGs on one worker thread, so a multi-megapixel encode (0.2–1 s on the 2-core
 * machine) never holds the event loop that answers every device. The worker starts on first
 * use and does not keep the process alive; if it cannot start or dies, encoding falls back to
 * this thread.
 */
export class JpegEncoder {
  #worker: Worker | undefined;
  #broken = false;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();

  encode(pixels: Buffer, width: number, height: number, quality: number): Promise<Buffer> {
    const worker = this.#ensureWorker();
    if (!worker) return Promise.resolve(jpeg.encode({ data: pixels, width, height }, quality).data);
    const id = this.#nextId++;
    // Held while an encode is out, so a caller awaiting it keeps the process alive.
    if (this.#pending.size === 0) worker.ref();
    return new Promise<Buffer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, pixels, width, height, quality });
    });
  }

  #ensureWorker(): Worker | undefined {
    if (this.#worker || this.#broken) return this.#worker;
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { jpegJs: createRequire(import.meta.url).resolve("jpeg-js") } });
      worker.unref();
      worker.on("message", ({ id, jpeg: out, error }: { id: number; jpeg?: Uint8Array; error?: string }) => {
        const pending = this.#pending.get(id);
        this.#pending.delete(id);
        if (this.#pending.size === 0) worker.unref();
        if (!pending) return;
        if (out) pending.resolve(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
        else pending.reject(new Error(error ?? "JPEG encoding failed"));
      });
      const fail = (error: Error) => {
        this.#broken = true;
        this.#worker = undefined;
        for (const pending of this.#pending.values()) pending.reject(error);
        this.#pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`JPEG worker exited (${code})`)));
      this.#worker = worker;
    } catch {
      this.#broken = true;
    }
    return this.#worker;
  }
}
