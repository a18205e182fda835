import { parseSmtpUrl } from "./smtp-url.js";
import { parseAdvertise, parseBoolean, parseClockMode, parseControl, parseLogLevel, parsePort, SettingsError, type Settings, type SettingsLayer } from "./settings.js";

type Parsers = { [K in keyof Settings]-?: readonly [variable: string, parse: (text: string) => NonNullable<Settings[K]>] };

const identity = (text: string) => text;

/** The environment variable of each setting (README "Command line"). */
export const ENV_SETTINGS: Parsers = {
  fleet: ["HIKEMU_FLEET", identity],
  state: ["HIKEMU_STATE_DIR", identity],
  interface: ["HIKEMU_INTERFACE", identity],
  httpPort: ["HIKEMU_HTTP_PORT", parsePort],
  httpFallbackPort: ["HIKEMU_HTTP_FALLBACK_PORT", parsePort],
  sadpPort: ["HIKEMU_SADP_PORT", parsePort],
  ssdp: ["HIKEMU_SSDP", parseBoolean],
  ssdpPort: ["HIKEMU_SSDP_PORT", parsePort],
  logLevel: ["HIKEMU_LOG_LEVEL", parseLogLevel],
  json: ["HIKEMU_JSON", parseBoolean],
  clock: ["HIKEMU_CLOCK", parseClockMode],
  control: ["HIKEMU_CONTROL", parseControl],
  controlToken: ["HIKEMU_CONTROL_TOKEN", identity],
  advertise: ["HIKEMU_ADVERTISE", parseAdvertise],
  smtp: ["HIKEMU_SMTP", parseSmtpUrl],
};

/** The environment layer; an empty variable counts as unset, a malformed one is an error. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): SettingsLayer {
  const layer: Record<string, unknown> = {};
  for (const [key, [variable, parse]] of Object.entries(ENV_SETTINGS)) {
    const text = env[variable];
    if (text === undefined || text === "") continue;
    try {
      layer[key] = parse(text);
    } catch (error) {
      throw new SettingsError(`${variable}: ${(error as Error).message}`);
    }
  }
  return layer as SettingsLayer;
}
