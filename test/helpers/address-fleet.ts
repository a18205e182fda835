import type { Test } from "tap";
import { Writable } from "node:stream";
import { pino } from "pino";
import { startEmulator, type RunningEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { Store } from "../../src/emulator/store/store.js";
import type { VirtualClock } from "../../src/emulator/clock.js";
import { defaultFleet } from "../../src/config/fleet-config.js";
import { profiles } from "./harness.js";

export interface LoggedFleet {
  readonly emulator: RunningEmulator;
  /** Every log line so far, parsed. */
  logs(): Record<string, unknown>[];
}

/**
 * The default fleet (camera-1, legacy-camera-1, nvr-1) in this process on real sockets, HTTP
 * and SADP on OS-picked ports, at the given addresses, with its log captured (issue #8 tests).
 */
export async function startLoggedFleet(t: Test, addresses: readonly string[], options: { clock: VirtualClock; store?: Store }): Promise<LoggedFleet> {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(...chunk.toString().split("\n").filter((l) => l.length > 0));
      done();
    },
  });
  const base = defaultFleet(profiles);
  const config = { ...base, sadpPort: 0, ssdpPort: 0, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: addresses[i] ?? s.address })) };
  const emulator = await startEmulator({ config, store: options.store ?? new MemoryStore(), logger: pino({ level: "info" }, sink), clock: options.clock });
  let stopped = false;
  const stop = emulator.stop.bind(emulator);
  const guarded = Object.assign(emulator, {
    async stop() {
      if (stopped) return;
      stopped = true;
      await stop();
    },
  });
  t.teardown(() => guarded.stop());
  return { emulator: guarded, logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
