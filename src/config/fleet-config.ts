import { releasesOf } from "../profiles/releases.js";
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { z } from "zod";
import type { ProfileRegistry } from "../profiles/index.js";
import type { DeviceSpec } from "../emulator/fleet.js";
import { assessPassword } from "../emulator/auth/password-policy.js";
import { ADMIN_USER } from "../emulator/state.js";
import { fleetFileSchema, type FleetFile } from "./fleet-schema.js";
import type { FleetFileSettings } from "./settings.js";
import type { SmtpSettings } from "../mail/smtp-mailer.js";

/** A fleet ready to start: device specs plus the process-wide settings. */
export interface FleetConfig {
  readonly seed: string;
  readonly interface: string;
  readonly httpPort: number;
  readonly httpFallbackPort: number;
  /** HTTPS (issue #10, runtime/https-ports.ts): the fleet file's `https` ports; absent, derived from HTTP's. */
  readonly httpsPort?: number | undefined;
  readonly httpsFallbackPort?: number | undefined;
  readonly sadpPort: number;
  /** What SADP reports as the devices' addresses, when clients reach them elsewhere (settings.ts). */
  readonly advertise?: string | undefined;
  /** SSDP / UPnP discovery (issue 8); absent: on. */
  readonly ssdp?: boolean;
  /** Its UDP port; absent: 1900. */
  readonly ssdpPort?: number;
  readonly specs: readonly DeviceSpec[];
  /** Mail (issue #11): SMTP delivery and the desk's sender; absent, mail stays in the outbox. */
  readonly mail?: MailConfig | undefined;
}

/** The fleet file's `mail` block (fleet-schema.ts). */
export interface MailConfig {
  readonly smtp?: SmtpSettings | undefined;
  readonly from?: string | undefined;
}

export interface ConfigProblem {
  /** 1-based line in the file, when the problem has a place. */
  readonly line: number | undefined;
  readonly path: string;
  readonly message: string;
}

type Problems = { readonly ok: false; readonly problems: readonly ConfigProblem[] };
type Built = { readonly ok: true; readonly config: FleetConfig } | Problems;

/** `settings` holds only what the file itself writes out: its layer of the settings. */
export type ConfigResult = { readonly ok: true; readonly config: FleetConfig; readonly settings: FleetFileSettings } | Problems;

/**
 * Parses and checks a fleet file; every problem carries the line it stands on. `interface`
 * is the effective interface when a higher layer (environment, command line) sets one: the
 * loopback-only address check follows it rather than the file's own `interface`.
 */
export function parseFleetFile(text: string, profiles: ProfileRegistry, options: { readonly interface?: string | undefined } = {}): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, path: "", message: e.message.split("\n")[0] ?? e.message })),
    };
  }
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // e.g. "Excessive alias count": an alias bomb, refused as a problem of the file.
    return { ok: false, problems: [{ line: undefined, path: "", message: error instanceof Error ? error.message : String(error) }] };
  }
  const parsed = fleetFileSchema.safeParse(plain);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ line: lineOf(doc, lineCounter, issuePlace(issue)), path: issue.path.join("."), message: describe(issue) }));
    return { ok: false, problems };
  }
  const result = buildConfig(parsed.data, profiles, (path, message) => ({ line: lineOf(doc, lineCounter, path), path: path.join("."), message }), options.interface);
  return result.ok ? { ...result, settings: explicitSettings(doc, { ...result.config, clock: parsed.data.clock, control: parsed.data.control }) } : result;
}

/** The settings the file writes out, without the schema's defaults (they are the layer below). */
function explicitSettings(doc: Document, config: FleetConfig & Required<Pick<FleetFileSettings, "clock" | "control">>): FleetFileSettings {
  const places: Record<keyof FleetFileSettings, readonly string[]> = {
    interface: ["interface"],
    httpPort: ["http", "port"],
    httpFallbackPort: ["http", "fallbackPort"],
    sadpPort: ["sadp", "port"],
    ssdp: ["ssdp", "enabled"],
    ssdpPort: ["ssdp", "port"],
    clock: ["clock"],
    control: ["control"],
    advertise: ["advertise"],
  };
  const settings: Record<string, unknown> = {};
  for (const [key, path] of Object.entries(places) as [keyof FleetFileSettings, readonly string[]][]) {
    if (doc.hasIn(path)) settings[key] = config[key];
  }
  return settings as FleetFileSettings;
}

/** The fleet `npm start` runs with no file: one device per built-in profile, all factory-new. */
export function defaultFleet(profiles: ProfileRegistry): FleetConfig {
  const file = fleetFileSchema.parse({
    devices: [
      { profile: "DS-2CD2146G2-ISU", name: "camera-{n}" },
      { profile: "DS-2CD2532F-IWS", name: "legacy-camera-{n}" },
      { profile: "DS-7608NXI-I2/8P/S", name: "nvr-{n}" },
    ],
  });
  const result = buildConfig(file, profiles, (path, message) => ({ line: undefined, path: path.join("."), message }));
  if (!result.ok) throw new Error(`default fleet is invalid: ${result.problems.map((p) => p.message).join("; ")}`);
  return result.config;
}

type Locate = (path: readonly PropertyKey[], message: string) => ConfigProblem;

function buildConfig(file: FleetFile, profiles: ProfileRegistry, at: Locate, interfaceOverride?: string): Built {
  const problems: ConfigProblem[] = [];
  const loopbackOnly = (interfaceOverride ?? file.interface) === "loopback";
  const explicit = new Set(file.devices.flatMap((g) => (g.address ? [g.address] : [])));
  let next = ipToInt(file.network.base);
  const specs: DeviceSpec[] = [];
  const names = new Set<string>();
  const taken = new Set<string>();

  file.devices.forEach((group, g) => {
    const model = profiles.get(group.profile);
    if (!model) {
      problems.push(at(["devices", g, "profile"], `unknown profile "${group.profile}"; known: ${profiles.models().join(", ")}`));
      return;
    }
    const releases = releasesOf(model);
    const profile = group.firmware === undefined ? model : releases.find((release) => release.firmware.version === group.firmware);
    if (!profile) {
      problems.push(at(["devices", g, "firmware"], `${model.model} has no firmware ${group.firmware}; its releases: ${releases.map((r) => r.firmware.version).join(", ")}`));
      return;
    }
    if (group.address && group.count > 1) problems.push(at(["devices", g, "address"], "a fixed address needs count: 1"));
    if (group.state === "activated") {
      if (group.password === undefined) problems.push(at(["devices", g], "state: activated needs a password"));
      else {
        const verdict = assessPassword(group.password, ADMIN_USER, profile.passwordPolicy);
        if (!verdict.accepted) problems.push(at(["devices", g, "password"], `the device would refuse this password: ${verdict.reason}`));
      }
    } else if (group.password !== undefined) {
      problems.push(at(["devices", g, "password"], "a password only applies with state: activated"));
    }
    const template = group.name ?? `${profile.model.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-{n}`;
    if (group.count > 1 && !template.includes("{n}")) problems.push(at(["devices", g, "name"], "a name for count > 1 needs the {n} placeholder"));

    for (let n = 1; n <= group.count; n++) {
      const name = template.replaceAll("{n}", String(n));
      if (names.has(name)) problems.push(at(["devices", g, "name"], `device name ${name} is used twice`));
      names.add(name);
      let address = group.address;
      if (!address) {
        while (explicit.has(intToIp(next))) next++;
        if (next > 0xffffffff) {
          problems.push(at(["devices", g, "count"], "the devices run past 255.255.255.255; choose a lower network.base"));
          break;
        }
        address = intToIp(next++);
      }
      if (taken.has(address)) problems.push(at(["devices", g, group.address ? "address" : "profile"], `address ${address} is used twice`));
      taken.add(address);
      if (loopbackOnly && !address.startsWith("127.")) {
        problems.push(at(["devices", g, group.address ? "address" : "profile"], `address ${address} is not on loopback; set interface: all (or a name) to serve a LAN`));
      }
      specs.push({
        name,
        profile,
        address,
        mask: file.network.mask,
        gateway: file.network.gateway,
        initial: group.state === "activated" && group.password !== undefined ? { activated: true, password: group.password } : { activated: false },
      });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      seed: file.seed,
      interface: file.interface,
      httpPort: file.http.port,
      httpFallbackPort: file.http.fallbackPort,
      httpsPort: file.https?.port,
      httpsFallbackPort: file.https?.fallbackPort,
      sadpPort: file.sadp.port,
      advertise: file.advertise,
      ssdp: file.ssdp.enabled,
      ssdpPort: file.ssdp.port,
      specs,
      ...(file.mail ? { mail: file.mail } : {}),
    },
  };
}

/** Line of the deepest node that exists on the path: a missing key points at its parent. */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** An unknown key is reported on its own line, not on its parent's. */
function issuePlace(issue: z.core.$ZodIssue): PropertyKey[] {
  return issue.code === "unrecognized_keys" && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
}

function describe(issue: z.core.$ZodIssue): string {
  return issue.code === "unrecognized_keys" ? `unknown key(s): ${issue.keys.join(", ")}` : issue.message;
}

function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}
