/** SADP: how long one inquiry takes to be answered by a whole fleet, against the pacing floor. */
import { pino } from "pino";
import { startEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { ProfileRegistry } from "../../src/profiles/index.js";
import { sadpProbe } from "../../test/helpers/sadp-client.js";

const silent = pino({ level: "silent" });
const profiles = new ProfileRegistry();

export async function sadpAnswerTime(devices: number): Promise<string[]> {
  const profile = profiles.get("DS-2CD2146G2-ISU")!;
  const specs = Array.from({ length: devices }, (_, i) => ({ name: `cam-${i}`, profile, address: `127.50.${(i + 10) >> 8}.${(i + 10) & 255}`, mask: "255.0.0.0", gateway: "127.0.0.1", initial: { activated: false } as const }));
  const emulator = await startEmulator({ config: { seed: "bench", interface: "loopback", httpPort: 0, httpFallbackPort: 0, sadpPort: 0, ssdpPort: 0, specs }, store: new MemoryStore(), logger: silent });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: devices, timeoutMs: 20_000 });
    if (replies.byMac.size !== devices) throw new Error(`only ${replies.byMac.size} devices answered`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  await emulator.stop();
  times.sort((a, b) => a - b);
  const median = times[2]!;
  // The floor the pacing imposes: bursts of 32 datagrams every 4 ms, unicast + group copy each.
  const pacingFloor = (Math.ceil((2 * devices) / 32) - 1) * 4;
  return [
    `### SADP: one inquiry answered by ${devices.toLocaleString("en")} devices (5 probes, median)`,
    "",
    "| What | ms | ratio to the pacing floor |",
    "|---|---|---|",
    `| baseline: pacing floor (${Math.ceil((2 * devices) / 32)} bursts of 32, 4 ms apart) | ${pacingFloor} | 1.00 |`,
    `| hikemu: probe sent → last of ${devices.toLocaleString("en")} ProbeMatch received | ${median.toFixed(0)} | ${(median / pacingFloor).toFixed(2)} |`,
  ];
}

