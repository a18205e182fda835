import { parseIpv4Prefix } from "../util/ipv4.js";
import type { SmtpSettings } from "../mail/smtp-mailer.js";

/**
 * Process-wide settings of `hikemu start`, resolved in one place with the README's
 * precedence: built-in defaults < fleet file < environment < command-line options.
 */
export interface Settings {
  /** Fleet file path; undefined runs the default fleet. */
  readonly fleet: string | undefined;
  /** The `--state` directory; the store keeps its files in its `hikemu-state/`. */
  readonly state: string;
  readonly interface: string;
  readonly httpPort: number;
  readonly httpFallbackPort: number;
  readonly sadpPort: number;
  /** SSDP / UPnP discovery (issue 8): on, or off altogether. */
  readonly ssdp: boolean;
  /** SSDP / UPnP UDP port. */
  readonly ssdpPort: number;
  readonly logLevel: LogLevel;
  readonly json: boolean;
  /** Device time: the host's clock, or one that moves only through the control plane. */
  readonly clock: ClockMode;
  /** Where the control API listens, `ADDR:PORT`, or `off`. */
  readonly control: string;
  /** Bearer token of the control API; `auto` generates one. Required off loopback. */
  readonly controlToken: string | undefined;
  /**
   * Where clients reach the devices when that is not where hikemu serves them (NAT, a docker
   * bridge): `A.B.C.D/N` replaces the top N bits of each address SADP reports, `A.B.C.D` (= /32)
   * replaces the whole address (a single-device fleet). Undefined: the devices' own addresses.
   */
  readonly advertise: string | undefined;
  /**
   * SMTP delivery of the mail hikemu sends (issue #11, config/smtp-url.ts): replaces the fleet
   * file's `mail.smtp`. Undefined: the file's, or none — mail stays in the outbox.
   */
  readonly smtp: SmtpSettings | undefined;
}

export const CLOCK_MODES = ["real", "virtual"] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];

/** One layer: a setting it does not name is left to the layers below. */
export type SettingsLayer = Partial<Settings>;

/** What a fleet file may set (it cannot name itself, the state directory or the output). */
export type FleetFileSettings = Pick<SettingsLayer, "interface" | "httpPort" | "httpFallbackPort" | "sadpPort" | "ssdp" | "ssdpPort" | "clock" | "control" | "advertise">;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_SETTINGS: Settings = {
  fleet: undefined,
  state: "state",
  interface: "loopback",
  httpPort: 80,
  httpFallbackPort: 8080,
  sadpPort: 37020,
  ssdp: true,
  ssdpPort: 1900,
  logLevel: "info",
  json: false,
  clock: "real",
  control: "127.0.0.1:9080",
  controlToken: undefined,
  advertise: undefined,
  smtp: undefined,
};

export interface SettingsLayers {
  readonly defaults: Settings;
  readonly fleetFile?: FleetFileSettings;
  readonly env?: SettingsLayer;
  readonly cli?: SettingsLayer;
}

/**
 * Each setting comes from the highest layer that names it. The fleet path is resolved
 * from the same layers before the file is read (the file has no say in it), so calling
 * this once without `fleetFile` and once with it gives the same `fleet`.
 */
export function resolveSettings(layers: SettingsLayers): Settings {
  return { ...layers.defaults, ...named(layers.fleetFile), ...named(layers.env), ...named(layers.cli) };
}

function named(layer: SettingsLayer | undefined): SettingsLayer {
  return Object.fromEntries(Object.entries(layer ?? {}).filter(([, value]) => value !== undefined));
}

export class SettingsError extends Error {
  override name = "SettingsError";
}

/** Decimal 0-65535, nothing else (no "0x50", " 80" or "1e2"). */
export function parsePort(text: string): number {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n <= 65535)) throw new SettingsError(`expected a port number 0-65535, got ${JSON.stringify(text)}`);
  return n;
}

export function parseLogLevel(text: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === text);
  if (!level) throw new SettingsError(`expected a log level (${LOG_LEVELS.join(", ")}), got ${JSON.stringify(text)}`);
  return level;
}

export function parseClockMode(text: string): ClockMode {
  const mode = CLOCK_MODES.find((m) => m === text);
  if (!mode) throw new SettingsError(`expected a clock (${CLOCK_MODES.join(" or ")}), got ${JSON.stringify(text)}`);
  return mode;
}

export interface ControlBind {
  readonly host: string;
  readonly port: number;
}

/** `off`, `ADDR:PORT`, `[IPv6]:PORT` or a bare port (on 127.0.0.1); checked, returned as given. */
export function parseControl(text: string): string {
  if (text !== "off") controlBind(text);
  return text;
}

/** Where the control API is to listen, or undefined for `off`. */
export function controlBind(text: string): ControlBind | undefined {
  if (text === "off") return undefined;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text) ?? /^()()(\d{1,5})$/.exec(text);
  if (!match) throw new SettingsError(`expected off, ADDR:PORT, [IPv6]:PORT or a port, got ${JSON.stringify(text)}`);
  return { host: match[1] || match[2] || "127.0.0.1", port: parsePort(match[3] as string) };
}

/** Loopback only: 127.0.0.0/8, ::1 and localhost (DESIGN.md "Loopback unless told otherwise"). */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `A.B.C.D` or `A.B.C.D/N` (N 1–32): see Settings.advertise. Returned as given. */
export function parseAdvertise(text: string): string {
  if (!parseIpv4Prefix(text)) throw new SettingsError(`expected an IPv4 address or ADDRESS/PREFIX such as 192.168.50.0/24, got ${JSON.stringify(text)}`);
  return text;
}

export function parseBoolean(text: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new SettingsError(`expected 1, true, yes, on, 0, false, no or off, got ${JSON.stringify(text)}`);
}
