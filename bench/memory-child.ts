/**
 * node --expose-gc dist/bench/memory-child.js hikemu|bare COUNT OCTET
 * Starts COUNT devices (hikemu) or COUNT bare node:http listeners (baseline) on 127.OCTET.x.y,
 * then prints RSS and heap after GC.
 */
import { createServer, type Server } from "node:http";
import { pino } from "pino";
import { startEmulator } from "../src/runtime/emulator.js";
import { MemoryStore } from "../src/emulator/store/memory-store.js";
import { ProfileRegistry } from "../src/profiles/index.js";

const [mode = "bare", countText = "0", octet = "46"] = process.argv.slice(2);
const count = Number(countText);
const address = (i: number) => `127.${octet}.${(i + 10) >> 8}.${(i + 10) & 255}`;

async function bare(): Promise<void> {
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, address(i), resolve));
    servers.push(server);
  }
}

async function hikemu(): Promise<void> {
  const profile = new ProfileRegistry().get("DS-2CD2146G2-ISU")!;
  const specs = Array.from({ length: count }, (_, i) => ({ name: `cam-${i}`, profile, address: address(i), mask: "255.0.0.0", gateway: "127.0.0.1", initial: { activated: false } as const }));
  await startEmulator({
    config: { seed: "bench", interface: "loopback", httpPort: 0, httpFallbackPort: 0, sadpPort: 0, ssdpPort: 0, specs },
    store: new MemoryStore(),
    logger: pino({ level: "silent" }),
  });
}

await (mode === "hikemu" ? hikemu() : bare());
const gc = (globalThis as { gc?: () => void }).gc;
for (let i = 0; i < 3; i++) gc?.();
const usage = process.memoryUsage();
console.log(JSON.stringify({ rss: usage.rss, heapUsed: usage.heapUsed }));
process.exit(0);
