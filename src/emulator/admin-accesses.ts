import type { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Profile } from "../profiles/index.js";
import type { Actor, DeviceEventMap } from "./events.js";
import type { FlashAccess } from "./state.js";
import { DeviceError } from "./errors.js";
import { factoryPorts, protocolEntry, type AccessProtocol, type PortSettings } from "./ports.js";

export interface AdminAccessesDeps extends FlashAccess {
  readonly name: string;
  readonly profile: () => Profile;
  readonly logger: Logger;
  readonly events: EventEmitter<DeviceEventMap>;
  /** The ports hikemu serves HTTP and HTTPS on now (device.serving); HTTPS undefined when not served. */
  readonly served: () => { readonly http: number; readonly https?: number | undefined };
}

/** One AdminAccessProtocol of a PUT: what it names; absent elements keep their value. */
export interface ProtocolChange {
  readonly id: number;
  readonly protocol?: string | undefined;
  readonly enabled?: string | undefined;
  readonly portNo?: string | undefined;
  /** Other child elements by name (redirectToHttps, TLS1_2Enable …), as text. */
  readonly options: Readonly<Record<string, string>>;
}

/** The protocols whose port hikemu serves: the fleet file gives it until the device sets its own. */
const SERVED = ["HTTP", "HTTPS"] as const;

/**
 * `/ISAPI/Security/adminAccesses` (hik-protocols.md §2.7, issue #10): which protocols the device
 * offers on which ports. A change is validated whole and written to flash; it takes effect at
 * the next boot, as on hardware (the reply asks for a reboot): until then the device keeps
 * serving, and SADP keeps reporting, the ports it booted with (`running`).
 */
export class AdminAccesses {
  #running: PortSettings;

  constructor(private readonly deps: AdminAccessesDeps) {
    this.#running = deps.flash().ports;
  }

  /** What flash says: what GET shows and what the next boot uses. */
  get configured(): PortSettings {
    return this.deps.flash().ports;
  }

  /** The ports in force: flash as it was at the last boot (SADP, the listeners). */
  get running(): PortSettings {
    return this.#running;
  }

  /**
   * The port of `protocol` in force (SADP `CommandPort`, `SDKOverTLSPort`), if the model has the
   * protocol; one its firmware has but the ports of the last boot lack takes the capture's.
   */
  runningPort(protocol: string): number | undefined {
    const factory = protocolEntry(factoryPorts(this.deps.profile()), protocol);
    if (!factory) return undefined;
    return (protocolEntry(this.#running, protocol) ?? factory).port;
  }

  /** A boot takes the ports flash has now. */
  boot(): void {
    this.#running = this.deps.flash().ports;
  }

  /**
   * The port GET shows for an entry: HTTP and HTTPS that the device never set show the port they
   * are served on (the fleet file's, issue #2); every other port is flash's.
   */
  shownPort(entry: AccessProtocol): number | undefined {
    if (entry.portSetByDevice || !isServed(entry.protocol)) return entry.port;
    const served = this.deps.served();
    return (entry.protocol === "HTTP" ? served.http : served.https) ?? entry.port;
  }

  /**
   * Applies a PUT: each change names an entry by id (the model's ids, in its capture). Values are
   * checked before anything is written, so a refusal changes nothing. Resolves true when flash
   * changed (the device needs a reboot for it), false when the PUT repeated what it has.
   */
  change(changes: readonly ProtocolChange[], actor: Actor): Promise<boolean> {
    return this.deps.exclusive(async () => {
      const flash = this.deps.flash();
      const next = this.#validated(flash.ports, changes);
      if (JSON.stringify(next) === JSON.stringify(flash.ports)) return false;
      await this.deps.writeFlash({ ...flash, ports: next });
      this.deps.logger.info({ via: actor.via, user: actor.userName }, "ports changed; in force from the next boot");
      this.deps.events.emit("settingsChanged", { name: this.deps.name, setting: "adminAccesses", actor });
      return true;
    });
  }

  #validated(current: PortSettings, changes: readonly ProtocolChange[]): PortSettings {
    const profile = this.deps.profile();
    const captured = profile.adminAccesses.protocols;
    // Flash in the capture's order, an entry a newer firmware added taking its factory value.
    const factory = factoryPorts(profile);
    let next: AccessProtocol[] = factory.map((f) => protocolEntry(current, f.protocol) ?? f);
    const seen = new Set<number>();
    const changedPorts = new Set<string>();
    for (const change of changes) {
      if (seen.has(change.id)) throw new DeviceError("badXmlContent", `id ${change.id} appears twice`);
      seen.add(change.id);
      const index = captured.findIndex((fields) => fields.some(([k, v]) => k === "id" && v === String(change.id)));
      const entry = next[index];
      if (index < 0 || !entry) throw new DeviceError("badXmlContent", `id ${change.id} is not a protocol of this device`);
      if (change.protocol !== undefined && change.protocol !== entry.protocol) throw new DeviceError("badXmlContent", `protocol of id ${change.id} is ${entry.protocol}, not ${change.protocol}`);
      const updated = this.#applied(entry, change);
      if (updated.port !== entry.port || updated.portSetByDevice !== entry.portSetByDevice) changedPorts.add(entry.protocol);
      next = next.map((e, i) => (i === index ? updated : e));
    }
    // A port a PUT changes may not be another protocol's (our rule: the device would refuse it).
    for (const protocol of changedPorts) {
      const entry = protocolEntry(next, protocol) as AccessProtocol;
      const clash = next.find((other) => other.protocol !== protocol && other.port !== undefined && this.shownPort(other) === entry.port);
      if (clash) throw new DeviceError("badPort", `portNo ${entry.port} of ${protocol} is already ${clash.protocol}'s`);
    }
    return next;
  }

  #applied(entry: AccessProtocol, change: ProtocolChange): AccessProtocol {
    let result: AccessProtocol = entry;
    if (change.enabled !== undefined) {
      const enabled = yesNo(change.enabled, "enabled");
      // Our choice: HTTP stays on, or nothing could reach the device to turn it back on.
      if (!enabled && entry.protocol === "HTTP") throw new DeviceError("badParameters", "enabled: HTTP cannot be turned off");
      result = { ...result, enabled };
    }
    if (change.portNo !== undefined) {
      if (entry.port === undefined) throw new DeviceError("badXmlContent", `portNo: ${entry.protocol} has no port`);
      const port = portNumber(change.portNo);
      if (port !== this.shownPort(entry)) result = { ...result, port, ...(isServed(entry.protocol) ? { portSetByDevice: true } : {}) };
    }
    const options = { ...entry.options };
    for (const [name, text] of Object.entries(change.options)) {
      // Elements this protocol does not have on this model are ignored, as devices ignore unknown elements.
      if (!(name in options)) continue;
      options[name] = yesNo(text, name);
    }
    const tls = Object.keys(options).filter((name) => /^TLS1_\dEnable$/.test(name));
    if (tls.length > 0 && !tls.some((name) => options[name])) throw new DeviceError("badParameters", `${tls.join("/")}: at least one TLS version must stay on`);
    return JSON.stringify(options) === JSON.stringify(entry.options) ? result : { ...result, options };
  }
}

function isServed(protocol: string): boolean {
  return (SERVED as readonly string[]).includes(protocol);
}

function yesNo(text: string, element: string): boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  throw new DeviceError("badXmlContent", `${element} must be true or false`);
}

/** 1–65535 in plain decimal: any TCP port (our range; no capture of adminAccesses/capabilities is on file). */
function portNumber(text: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DeviceError("badPort", `portNo "${text}" is not a port (1-65535)`);
  return port;
}
