import { InvalidArgumentError, type Command } from "commander";
import { DEFAULT_SETTINGS, LOG_LEVELS, parseAdvertise, parseClockMode, parseControl, parseLogLevel, parsePort, type SettingsLayer } from "../config/settings.js";
import { ENV_SETTINGS } from "../config/settings-env.js";
import { parseSmtpUrl } from "../config/smtp-url.js";
import type { SmtpSettings } from "../mail/smtp-mailer.js";

export interface StartOptions {
  fleet?: string;
  state?: string;
  interface?: string;
  httpPort?: number;
  httpFallbackPort?: number;
  sadpPort?: number;
  ssdp?: boolean;
  ssdpPort?: number;
  logLevel?: SettingsLayer["logLevel"];
  json?: boolean;
  clock?: SettingsLayer["clock"];
  control?: string;
  controlToken?: string;
  advertise?: string;
  smtp?: SmtpSettings;
}

/** Commander's parse errors for the shared validators. */
export function commanderParser<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/** "(default: X; env NAME)": options carry no commander default, so an unset one never masks a lower layer. */
function origin(key: keyof typeof ENV_SETTINGS, shownDefault: string = String(DEFAULT_SETTINGS[key])): string {
  return `(default: ${shownDefault}; env ${ENV_SETTINGS[key][0]})`;
}

export function addStartOptions(command: Command): Command {
  return command
    .option("-f, --fleet <file>", `fleet file (YAML) ${origin("fleet", "the built-in default fleet")}`)
    .option("-s, --state <dir>", `directory in which hikemu keeps its hikemu-state/ of device flash ${origin("state")}`)
    .option("-i, --interface <name>", `loopback, all, or an interface name: where discovery is heard and sent ${origin("interface")}`)
    .option("--http-port <port>", `HTTP port each device serves, when it may be bound ${origin("httpPort")}`, commanderParser(parsePort))
    .option("--http-fallback-port <port>", `HTTP port when the preferred one cannot be bound ${origin("httpFallbackPort")}`, commanderParser(parsePort))
    .option("--sadp-port <port>", `SADP UDP port ${origin("sadpPort")}`, commanderParser(parsePort))
    .option("--ssdp", `answer SSDP / UPnP discovery ${origin("ssdp", "on")}`)
    .option("--no-ssdp", "no SSDP / UPnP discovery (no socket on its port)")
    .option("--ssdp-port <port>", `SSDP (UPnP discovery) UDP port ${origin("ssdpPort")}`, commanderParser(parsePort))
    .option("--log-level <level>", `pino log level: ${LOG_LEVELS.join(", ")} ${origin("logLevel")}`, commanderParser(parseLogLevel))
    .option("--json", `print the fleet as one JSON line instead of a table ${origin("json", "off")}`)
    .option("--no-json", "print the table even when HIKEMU_JSON is set")
    .option("--clock <mode>", `device time: real, or virtual (moves only through the control API) ${origin("clock")}`, commanderParser(parseClockMode))
    .option("--control <addr:port>", `control API and lab console listen address, or off ${origin("control")}`, commanderParser(parseControl))
    .option("--control-token <token>", `bearer token the control API requires; auto generates one; needed off loopback ${origin("controlToken", "none")}`)
    .option("--advertise <ipv4[/prefix]>", `address SADP reports for NAT or bridge networks: ADDR/N keeps each device's host part, ADDR alone replaces the address ${origin("advertise", "the devices' own")}`, commanderParser(parseAdvertise))
    .option("--smtp <url>", `also deliver the mail hikemu sends (support desk codes) by SMTP: smtp://[user[:password]@]host[:port] or smtps://… ${origin("smtp", "the fleet file's mail.smtp, else none")}`, commanderParser(parseSmtpUrl));
}

/** The command-line layer: the options given (the others are undefined). */
export function cliSettings(opts: StartOptions): SettingsLayer {
  const { fleet, state, interface: iface, httpPort, httpFallbackPort, sadpPort, ssdp, ssdpPort, logLevel, json, clock, control, controlToken, advertise, smtp } = opts;
  return { fleet, state, interface: iface, httpPort, httpFallbackPort, sadpPort, ssdp, ssdpPort, logLevel, json, clock, control, controlToken, advertise, smtp };
}
