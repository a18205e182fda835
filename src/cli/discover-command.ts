import { InvalidArgumentError, Option, type Command } from "commander";
import { parsePort } from "../config/settings.js";
import { settingsFromEnv } from "../config/settings-env.js";
import { sadpSearch, type SadpAnswer } from "../discovery/client/sadp-search.js";
import { describeAnswers, DESCRIBE_BUDGET_MS, ssdpFind, SSDP_PORT, type SsdpAnswer, type SsdpFound } from "../discovery/client/ssdp-search.js";
import { mergeAnswers, type DiscoveredDevice } from "../discovery/client/merge.js";
import { MAX_ANSWERS, type SearchDestinations } from "../discovery/client/udp-search.js";
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
    .addOption(new Option("--no-describe", `do not read SSDP devices' descriptions (model, serial) from their LOCATION (read for at most ${formatDuration(DESCRIBE_BUDGET_MS / 1000)} after the search)`))
    .addHelpText("after", `\nAt most ${MAX_ANSWERS} devices per protocol are kept (SADP by MAC, SSDP by device UUID); later answers are ignored.`)
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
      const [sadp, found] = await Promise.all([
        opts.sadp ? sadpSearch({ ...destinations, port: sadpPort, timeoutMs }) : ([] as SadpAnswer[]),
        opts.ssdp ? ssdpFind({ ...destinations, port: opts.ssdpPort, timeoutMs }) : ([] as SsdpFound[]),
      ]);
      for (const [name, count] of [["SADP", sadp.length], ["SSDP", found.length]] as const) {
        if (count >= MAX_ANSWERS) console.error(`hikemu: kept the first ${MAX_ANSWERS} devices that answered ${name}; later ones are left out`);
      }
      let ssdp: SsdpAnswer[] = found.map((f) => ({ ...f, description: undefined }));
      if (opts.describe && found.length > 0) {
        const described = await describeAnswers(found, { vouched: sadpAddressesByHost(sadp) });
        ssdp = described.answers;
        if (described.skipped > 0) console.error(`hikemu: ${described.skipped} of ${found.length} SSDP devices left undescribed: descriptions are read for at most ${formatDuration(DESCRIBE_BUDGET_MS / 1000)}`);
      }
      const devices = mergeAnswers(sadp, ssdp);
      const searched = [opts.sadp ? `SADP udp/${sadpPort}` : "", opts.ssdp ? `SSDP udp/${opts.ssdpPort}` : ""].filter(Boolean).join(" and ");
      const where = [choice, ...targets].join(", ");
      // A script reading --json gets an array either way (empty, with exit 1 and the reason on stderr).
      if (opts.json) console.log(jsonText(devices));
      if (devices.length === 0) throw new NothingAnswered(`no device answered ${searched} on ${where} within ${formatDuration(opts.timeout)}`);
      if (opts.json) return;
      console.log(discoverTable(devices));
      console.log(`\n${devices.length} ${devices.length === 1 ? "device" : "devices"} answered ${searched} on ${where} within ${formatDuration(opts.timeout)}`);
    });
}

/** By answering host, the IPv4Address values its SADP ProbeMatches reported (mayFollowLocation's second rule). */
function sadpAddressesByHost(sadp: readonly SadpAnswer[]): Map<string, Set<string>> {
  const byHost = new Map<string, Set<string>>();
  for (const answer of sadp) {
    if (!answer.ipv4 || !isIpv4(answer.ipv4)) continue;
    const set = byHost.get(answer.from) ?? new Set<string>();
    set.add(answer.ipv4);
    byHost.set(answer.from, set);
  }
  return byHost;
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

/**
 * Every field comes from an unauthenticated datagram or description: before it reaches a
 * terminal, escape sequences (CSI `ESC [ … final`, OSC/DCS/APC/PM/SOS strings up to BEL or ST,
 * two-character `ESC x`) and every remaining C0/C1 control character and DEL are removed.
 */
export function printable(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]/g, "")
    // eslint-disable-next-line no-control-regex
    .replace(/(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g, "")
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b[ -~]?/g, "")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
}

/**
 * JSON.stringify escapes C0 controls in strings but writes DEL and C1 (U+007F–U+009F) as they
 * are, and a terminal may act on C1 CSI; written as \u escapes they are the same JSON value.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const show = (value: string | number | null) => (value === null ? "-" : printable(String(value)));

export function discoverTable(devices: readonly DiscoveredDevice[]): string {
  return formatTable(
    ["MODEL", "SERIAL", "IPV4", "HTTP", "COMMAND", "MAC", "ACTIVATED", "FOUND BY"],
    devices.map((d) => [show(d.model), show(d.serial), show(d.ipv4), show(d.httpPort), show(d.commandPort), show(d.mac), d.activated === null ? "-" : d.activated ? "yes" : "no", d.foundBy.join("+")]),
  );
}
