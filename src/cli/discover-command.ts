import { InvalidArgumentError, Option, type Command } from "commander";
import { parsePort } from "../config/settings.js";
import { settingsFromEnv } from "../config/settings-env.js";
import { sadpSearch, type SadpAnswer } from "../discovery/client/sadp-search.js";
import { ssdpSearch, SSDP_PORT, type SsdpAnswer } from "../discovery/client/ssdp-search.js";
import { mergeAnswers, type DiscoveredDevice } from "../discovery/client/merge.js";
import type { SearchDestinations } from "../discovery/client/udp-search.js";
import { SADP_PORT } from "../discovery/sadp/responder.js";
import { interfaceAddresses, multicastAddresses, type InterfaceAddress } from "../runtime/interfaces.js";
import { intToIpv4, ipv4ToInt, isIpv4 } from "../util/ipv4.js";
import { formatDuration, parseDuration } from "./duration.js";
import { commanderParser } from "./start-options.js";
import { formatTable } from "./table.js";

export interface DiscoverOptions {
  interface?: string;
  timeout: number;
  json?: boolean;
  sadpPort?: number;
  ssdpPort: number;
  sadp: boolean;
  ssdp: boolean;
  target?: string[];
  describe: boolean;
}

/** Nothing answered the search: exit 1 (README "Exit codes"), the reason on stderr. */
export class NothingAnswered extends Error {
  override name = "NothingAnswered";
}

/** Longest search: a tool waiting for answers, not a monitor. */
const MAX_TIMEOUT_SECONDS = 600;

function parseTimeout(text: string): number {
  const seconds = parseDuration(text);
  if (seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) throw new Error(`a search lasts more than 0 s and at most ${formatDuration(MAX_TIMEOUT_SECONDS)}, got ${text}`);
  return seconds;
}

function parseTarget(text: string, previous: string[] | undefined): string[] {
  if (!isIpv4(text)) throw new InvalidArgumentError(`expected an IPv4 address, got ${JSON.stringify(text)}`);
  return [...(previous ?? []), text];
}

/** `hikemu discover`: SADP and SSDP searches, and what answered. */
export function addDiscoverCommand(program: Command): void {
  program
    .command("discover")
    .description("search for devices with SADP and SSDP (emulated or real) and print what answered; loopback unless told otherwise")
    .option("-i, --interface <name>", "loopback, all, or an interface name: where the searches are sent (default: loopback; env HIKEMU_INTERFACE)")
    .option("--target <ipv4>", "also ask this host directly (unicast; repeatable): reaches a known host, also without a multicast route", parseTarget)
    .addOption(new Option("-t, --timeout <duration>", "how long to collect answers: 3s, 1m, or seconds (0.5)").argParser(commanderParser(parseTimeout)).default(3, "3s"))
    .option("--json", "print a JSON array of devices instead of a table")
    .option("--sadp-port <port>", `devices' SADP UDP port (default: ${SADP_PORT}; env HIKEMU_SADP_PORT)`, commanderParser(parsePort))
    .option("--ssdp-port <port>", "devices' SSDP UDP port", commanderParser(parsePort), SSDP_PORT)
    .option("--no-sadp", "do not send the SADP inquiry")
    .option("--no-ssdp", "do not send the SSDP M-SEARCH")
    .addOption(new Option("--no-describe", "do not read SSDP devices' descriptions (model, serial) from their LOCATION"))
    .action(async (opts: DiscoverOptions, command: Command) => {
      if (!opts.sadp && !opts.ssdp) command.error("error: --no-sadp and --no-ssdp leave nothing to search with");
      const env = settingsFromEnv(process.env);
      const choice = opts.interface ?? env.interface ?? "loopback";
      let addresses: InterfaceAddress[];
      try {
        addresses = interfaceAddresses(choice);
      } catch (error) {
        command.error(`error: --interface: ${(error as Error).message}`);
      }
      const targets = opts.target ?? [];
      const destinations = searchDestinations(choice, addresses, targets);
      const sadpPort = opts.sadpPort ?? env.sadpPort ?? SADP_PORT;
      const timeoutMs = opts.timeout * 1000;
      const [sadp, ssdp] = await Promise.all([
        opts.sadp ? sadpSearch({ ...destinations, port: sadpPort, timeoutMs }) : ([] as SadpAnswer[]),
        opts.ssdp ? ssdpSearch({ ...destinations, port: opts.ssdpPort, timeoutMs, describe: opts.describe }) : ([] as SsdpAnswer[]),
      ]);
      const devices = mergeAnswers(sadp, ssdp);
      const searched = [opts.sadp ? `SADP udp/${sadpPort}` : "", opts.ssdp ? `SSDP udp/${opts.ssdpPort}` : ""].filter(Boolean).join(" and ");
      const where = [choice, ...targets].join(", ");
      if (devices.length === 0) throw new NothingAnswered(`no device answered ${searched} on ${where} within ${formatDuration(opts.timeout)}`);
      if (opts.json) {
        console.log(JSON.stringify(devices));
        return;
      }
      console.log(discoverTable(devices));
      console.log(`\n${devices.length} ${devices.length === 1 ? "device" : "devices"} answered ${searched} on ${where} within ${formatDuration(opts.timeout)}`);
    });
}

/**
 * Where the searches go. Loopback: the group on 127.0.0.1 only, so nothing leaves the host
 * unless told (DESIGN.md "Loopback unless told otherwise"). An interface or `all`: the group
 * out of each of its addresses, plus each subnet's broadcast address, as many tools send
 * (hik-protocols.md §1.1) — the subnet's, not 255.255.255.255, which leaves by the default
 * route's interface whichever one was chosen. `--target` hosts are asked in any case: naming
 * one is being told.
 */
export function searchDestinations(choice: string, addresses: readonly InterfaceAddress[], targets: readonly string[]): SearchDestinations {
  const broadcasts = choice === "loopback" ? [] : [...new Set(addresses.flatMap(subnetBroadcast))];
  return { multicastInterfaces: multicastAddresses(addresses), broadcasts, targets };
}

/** The directed broadcast of an interface's subnet; none for loopback or a /31–/32 (no room for one). */
function subnetBroadcast(a: InterfaceAddress): string[] {
  if (a.address.startsWith("127.") || !isIpv4(a.netmask)) return [];
  const mask = ipv4ToInt(a.netmask);
  if (mask >>> 0 >= 0xfffffffe) return [];
  return [intToIpv4((ipv4ToInt(a.address) | ~mask) >>> 0)];
}

const show = (value: string | number | null) => (value === null ? "-" : String(value));

export function discoverTable(devices: readonly DiscoveredDevice[]): string {
  return formatTable(
    ["MODEL", "SERIAL", "IPV4", "HTTP", "COMMAND", "MAC", "ACTIVATED", "FOUND BY"],
    devices.map((d) => [show(d.model), show(d.serial), show(d.ipv4), show(d.httpPort), show(d.commandPort), show(d.mac), d.activated === null ? "-" : d.activated ? "yes" : "no", d.foundBy.join("+")]),
  );
}
