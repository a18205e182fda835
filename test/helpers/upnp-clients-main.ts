/**
 * Real UPnP control points, run where they must live in a network namespace of the test's own
 * (ip netns exec): node-ssdp's Client skips loopback interfaces, so it needs a LAN-like one.
 *   node … upnp-clients-main.ts search ST SECONDS   → {responses: [{ST, USN, LOCATION}]} from node-ssdp's Client
 *   node … upnp-clients-main.ts describe URL…       → [{url, description | error, serialNumber}] from
 *       upnp-device-client (which leaves serialNumber out of its result: read from the same document)
 */
import { createRequire } from "node:module";
import ssdp from "node-ssdp";

const [mode, ...args] = process.argv.slice(2);

interface DeviceClient {
  getDeviceDescription(callback: (error: Error | null, description?: Record<string, unknown>) => void): void;
}

if (mode === "search") {
  const [st = "ssdp:all", seconds = "3"] = args;
  const client = new ssdp.Client();
  const responses: Record<string, unknown>[] = [];
  client.on("response", (headers, statusCode) => responses.push({ statusCode, ST: headers.ST, USN: headers.USN, LOCATION: headers.LOCATION }));
  await client.search(st);
  await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
  client.stop();
  console.log(JSON.stringify({ responses }));
} else if (mode === "describe") {
  // upnp-device-client is CommonJS without types: its one constructor, typed here.
  const DeviceClientClass = createRequire(import.meta.url)("upnp-device-client") as new (url: string) => DeviceClient;
  const results = await Promise.all(
    args.map(
      (url) =>
        new Promise<Record<string, unknown>>((resolve) =>
          new DeviceClientClass(url).getDeviceDescription((error, description) => resolve(error ? { url, error: error.message } : { url, description })),
        ),
    ),
  );
  for (const result of results) {
    const body = await (await fetch(String(result["url"]))).text();
    result["serialNumber"] = /<serialNumber>([^<]*)<\/serialNumber>/.exec(body)?.[1];
  }
  console.log(JSON.stringify(results));
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
