import { request as httpRequest } from "node:http";
import type { Test } from "tap";
import type { Logger } from "pino";
import { startEmulator, type RunningEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { defaultFleet } from "../../src/config/fleet-config.js";
import { controlEmulator, type ControlServer } from "../../src/control/control-server.js";
import { profiles, silentLogger } from "./harness.js";

export interface ControlFixture {
  readonly emulator: RunningEmulator;
  readonly control: ControlServer;
  /** The virtual clock, unless the fixture runs on the real one. */
  readonly clock: VirtualClock | undefined;
  /** JSON request to the control API, with the fixture's token when it has one. */
  api(method: string, path: string, body?: unknown): Promise<ApiReply>;
}

export interface ApiReply {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read into the JSON
  readonly body: any;
}

export interface FixtureOptions {
  /** `real` runs devices on the host's clock; default a fresh VirtualClock. */
  readonly clock?: VirtualClock | "real";
  readonly token?: string;
  readonly logger?: Logger;
}

/**
 * The default fleet on `127.<octet>.0.10-12` (camera-1, legacy-camera-1, nvr-1) with its
 * control API on 127.0.0.1, an OS-picked port: real sockets, in this process.
 */
export async function startControlFixture(t: Test, octet: number, options: FixtureOptions = {}): Promise<ControlFixture> {
  const clock = options.clock === "real" ? undefined : (options.clock ?? new VirtualClock());
  const base = defaultFleet(profiles);
  const config = { ...base, sadpPort: 0, ssdpPort: 0, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `127.${octet}.0.${10 + i}` })) };
  const logger = options.logger ?? silentLogger;
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger, ...(clock ? { clock } : {}) });
  let control: ControlServer;
  try {
    control = await controlEmulator(emulator, { bind: { host: "127.0.0.1", port: 0 }, token: options.token, logger });
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  t.teardown(async () => {
    await control.close();
    await emulator.stop();
  });
  const api = async (method: string, path: string, body?: unknown): Promise<ApiReply> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (control.token) headers.authorization = `Bearer ${control.token}`;
    const response = await fetch(`${control.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return { emulator, control, clock, api };
}

export interface RawReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** An HTTP request exactly as given (Host header, content type, body bytes), over node:http. */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers ?? {} }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Parses a control-API error body: `{"error": {"code", "message"}}`. */
export function errorOf(reply: RawReply): { code: string; message: string } {
  return (JSON.parse(reply.text) as { error: { code: string; message: string } }).error;
}
