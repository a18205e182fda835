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
  readonly logLevel: LogLevel;
  readonly json: boolean;
}

/** One layer: a setting it does not name is left to the layers below. */
export type SettingsLayer = Partial<Settings>;

/** What a fleet file may set (it cannot name itself, the state directory or the output). */
export type FleetFileSettings = Pick<SettingsLayer, "interface" | "httpPort" | "httpFallbackPort" | "sadpPort">;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_SETTINGS: Settings = {
  fleet: undefined,
  state: "state",
  interface: "loopback",
  httpPort: 80,
  httpFallbackPort: 8080,
  sadpPort: 37020,
  logLevel: "info",
  json: false,
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

export function parseBoolean(text: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new SettingsError(`expected 1, true, yes, on, 0, false, no or off, got ${JSON.stringify(text)}`);
}
