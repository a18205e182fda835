import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import { firmwareLabel, releaseOf, releasesOf, type Profile } from "../profiles/index.js";
import type { Clock } from "./clock.js";
import type { Random } from "./random.js";
import type { Store } from "./store/store.js";
import { StoreError } from "./store/store.js";
import { Device } from "./device.js";
import { deriveIdentity, type Identity } from "./identity.js";
import { activatedFlash, completeFlash, factoryFlash, type DeviceRecord, type FlashState, type NetworkConfig } from "./state.js";
import { sameNetwork } from "./network-settings.js";
import type { Serving } from "./placement.js";
import { DEVICE_RECORD_MIGRATIONS, currentVersion, migrateRecord } from "./store/migrations.js";
import { deviceRecordSchema } from "./store/record-schema.js";
import { inBatches } from "../util/in-batches.js";
import { canonicalMac } from "../util/mac.js";
import { HOST_TIME } from "./time/time-settings.js";
import type { CertificateIssuer } from "./https-certificate.js";

/**
 * Start-up work over the whole fleet (state files) is done this many devices at a time, so
 * a warm start never holds more than this many files open (runtime/descriptor-budget.ts).
 */
const START_BATCH = 64;

/** One device as the fleet file (or the default fleet) describes it. */
export interface DeviceSpec {
  readonly name: string;
  readonly profile: Profile;
  /**
   * Listen address, and the IPv4 the device believes it has, until the device sets its own
   * network; from then on its flash wins (DESIGN.md "Addresses", issue #8).
   */
  readonly address: string;
  readonly mask: string;
  readonly gateway: string;
  /** Applied only when the device has no stored state yet. */
  readonly initial: { readonly activated: false } | { readonly activated: true; readonly password: string };
}

export interface FleetOptions {
  readonly seed: string;
  readonly specs: readonly DeviceSpec[];
  readonly clock: Clock;
  readonly random: Random;
  readonly store: Store;
  readonly logger: Logger;
  /**
   * Why an address a device set itself may not be used here (the runtime's `--interface`
   * scope), or undefined when it may. Absent: any address the host can bind.
   */
  readonly addressRefused?: (address: string) => string | undefined;
  /** Makes each device's self-signed HTTPS certificate when it first needs one (issue #10). */
  readonly certificates?: CertificateIssuer;
}

export interface FleetEventMap {
  deviceAdded: [Device];
  deviceRemoved: [Device];
}

/**
 * Hosts N devices in one process (DESIGN.md "Fleet"): allocates identities from the seed,
 * restores flash from the Store, finds devices by name, MAC or listen address, and adds or
 * removes devices at run time (fronts follow its events).
 *
 * Addresses (issue #8, docs/addresses.md): a device whose flash says the fleet file set its
 * network takes the fleet file's address, mask and gateway at start. One that set its network
 * itself is served at its flash address when no other device has that address: every
 * device's fleet-file address stays reserved for it (so it can always fall back there), and
 * otherwise the device that serves an address first keeps it — at start, in fleet-file order.
 * The HTTP front tries to bind and moves the device with `relocate`.
 */
export class Fleet {
  readonly events = new EventEmitter<FleetEventMap>();
  #devices: Device[] = [];
  readonly #byName = new Map<string, Device>();
  readonly #byAddress = new Map<string, Device>();
  /** Fleet-file address → name of the device the fleet file gives it to. */
  readonly #reserved = new Map<string, string>();
  readonly #byMac = new Map<string, Device>();

  private constructor(private readonly options: Omit<FleetOptions, "specs">) {}

  static async create(options: FleetOptions): Promise<Fleet> {
    const fleet = new Fleet(options);
    const names = new Set<string>();
    const addresses = new Set<string>();
    for (const spec of options.specs) {
      if (names.has(spec.name)) throw new Error(`device name ${spec.name} is used twice`);
      if (addresses.has(spec.address)) throw new Error(`address ${spec.address} is used twice`);
      names.add(spec.name);
      addresses.add(spec.address);
    }
    // Stored devices first, so a new device never takes a MAC a stored one already has.
    const stored = await inBatches(options.specs, START_BATCH, (spec) => loadRecord(options.store, spec));
    const usedMacs = new Set(stored.flatMap((r) => (r ? [r.identity.mac] : [])));
    for (const spec of options.specs) fleet.#reserved.set(spec.address, spec.name);
    // Built and indexed in fleet-file order: an earlier device keeps an address two want.
    const built = options.specs.map((spec, i) => {
      const one = fleet.#build(spec, stored[i], usedMacs);
      fleet.#index(one.device);
      return one;
    });
    // New devices are written once so their identity is on disk before anything answers;
    // a device the fleet file places is written when the fleet file changed its network.
    await inBatches(built, START_BATCH, async ({ device, record, changed }) => {
      if (changed) await options.store.save(device.name, record);
    });
    fleet.#devices = built.map(({ device }) => device);
    options.logger.info({ devices: built.length }, "fleet ready");
    return fleet;
  }

  /** Every device, in fleet-file order then order of addition. */
  get devices(): readonly Device[] {
    return this.#devices;
  }

  /** Adds a device at run time: restores its flash if the store has it, else builds it new. */
  async add(spec: DeviceSpec): Promise<Device> {
    if (this.#byName.has(spec.name)) throw new Error(`device name ${spec.name} is used twice`);
    if (this.#byAddress.has(spec.address) || this.#reserved.has(spec.address)) throw new Error(`address ${spec.address} is used twice`);
    const stored = await loadRecord(this.options.store, spec);
    const usedMacs = new Set(this.#byMac.keys());
    if (stored && usedMacs.has(stored.identity.mac)) throw new StoreError(`stored state of ${spec.name} has a MAC another device uses`);
    const { device, record, changed } = this.#build(spec, stored, usedMacs);
    if (changed) await this.options.store.save(spec.name, record);
    // A concurrent add may have taken the name or an address while the store worked.
    const taken = [spec.address, device.serving.address].some((a) => this.#byAddress.has(a) || this.#reserved.has(a));
    if (this.#byName.has(spec.name) || taken) throw new Error(`device ${spec.name} or address ${spec.address} was taken meanwhile`);
    this.#devices = [...this.#devices, device];
    this.#reserved.set(spec.address, spec.name);
    this.#index(device);
    this.events.emit("deviceAdded", device);
    return device;
  }

  /** Takes a device out of the fleet (its flash stays in the store). */
  remove(name: string): Device | undefined {
    const device = this.#byName.get(name);
    if (!device) return undefined;
    this.#byName.delete(name);
    this.#byAddress.delete(device.serving.address);
    this.#reserved.delete(device.serving.fleetAddress);
    this.#byMac.delete(device.identity.mac);
    this.#devices = this.#devices.filter((d) => d !== device);
    this.events.emit("deviceRemoved", device);
    return device;
  }

  byName(name: string): Device | undefined {
    return this.#byName.get(name);
  }

  /** The device served at a local address (a request finds its device this way, DESIGN.md). */
  byAddress(address: string): Device | undefined {
    return this.#byAddress.get(address.startsWith("::ffff:") ? address.slice(7) : address);
  }

  /**
   * Why `device` may not be served at `address`, or undefined when it may: another device is
   * served there, or the fleet file gives the address to another device.
   */
  addressConflict(device: Device, address: string): string | undefined {
    return this.#conflict(device.name, address);
  }

  /**
   * Serves `device` at `address` from now on (the HTTP front calls this once it has bound
   * there), re-indexing it; `blocked` says why it is not at the address its flash says.
   * Throws when the address belongs to another device or the device left the fleet.
   */
  relocate(device: Device, address: string, blocked?: string): void {
    if (this.#byName.get(device.name) !== device) throw new Error(`${device.name} is not in the fleet`);
    const from = device.serving.address;
    if (address !== from) {
      const conflict = this.#conflict(device.name, address);
      if (conflict) throw new Error(`${device.name} cannot be served at ${address}: ${conflict}`);
      this.#byAddress.delete(from);
      this.#byAddress.set(address, device);
    }
    device.reportServedAddress(address, blocked);
  }

  /** MAC in any case, with colons or dashes (SADP uses dashes, §1.4). */
  byMac(mac: string): Device | undefined {
    return this.#byMac.get(canonicalMac(mac));
  }

  /** Lists are replaced, never mutated: a reader holding the old list keeps a consistent view. */
  #index(device: Device): void {
    this.#byName.set(device.name, device);
    this.#byAddress.set(device.serving.address, device);
    this.#byMac.set(device.identity.mac, device);
  }

  #conflict(name: string, address: string): string | undefined {
    const refused = this.options.addressRefused?.(address);
    if (refused !== undefined) return refused;
    const served = this.#byAddress.get(address);
    if (served && served.name !== name) return `${served.name} is served there`;
    const reservedFor = this.#reserved.get(address);
    if (reservedFor !== undefined && reservedFor !== name) return `the fleet file gives it to ${reservedFor}`;
    return undefined;
  }

  /**
   * A Device from its stored record, or a new one (identity from the seed, factory flash).
   * `changed`: the record must be written (new, or the fleet file moved a device it places).
   */
  #build(spec: DeviceSpec, stored: DeviceRecord | undefined, usedMacs: Set<string>): { device: Device; record: DeviceRecord; changed: boolean } {
    const fleetNetwork: NetworkConfig = { ipv4: spec.address, mask: spec.mask, gateway: spec.gateway, dhcp: false };
    let record = stored;
    let changed = false;
    if (!record) {
      const identity = uniqueIdentity(this.options.seed, spec, usedMacs);
      record = { version: currentVersion(DEVICE_RECORD_MIGRATIONS), model: spec.profile.model, identity, flash: initialFlash(spec, identity, fleetNetwork) };
      changed = true;
    } else if (record.flash.networkSetBy === "fleet" && !sameNetwork(record.flash.network, fleetNetwork)) {
      record = { ...record, flash: { ...record.flash, network: fleetNetwork } };
      changed = true;
    }
    usedMacs.add(record.identity.mac);
    const base = record;
    const persist = (flash: FlashState) => this.options.store.save(spec.name, { ...base, flash } satisfies DeviceRecord);
    const device = new Device(spec.name, spec.profile, record.identity, record.flash, this.#initialServing(spec, record.flash), {
      clock: this.options.clock,
      random: this.options.random,
      logger: this.options.logger.child({ device: spec.name, model: spec.profile.model }),
      persist,
      certificates: this.options.certificates,
    });
    return { device, record, changed };
  }

  /** Flash address when the device set it and no other device has it; else the fleet file's. */
  #initialServing(spec: DeviceSpec, flash: FlashState): Serving {
    const fleetAddress = spec.address;
    const wanted = flash.networkSetBy === "device" ? flash.network.ipv4 : fleetAddress;
    const conflict = wanted === fleetAddress ? undefined : this.#conflict(spec.name, wanted);
    if (conflict === undefined) return { address: wanted, httpPort: 0, fleetAddress };
    this.options.logger.warn({ device: spec.name, believes: wanted, servedAt: fleetAddress, reason: conflict }, "cannot serve the device at the address it set; serving it at its fleet file address");
    return { address: fleetAddress, httpPort: 0, fleetAddress, blocked: conflict };
  }
}

/**
 * Flash of a device the store does not know yet: the factory state, or — when the fleet file
 * says `state: activated` — the state after activation with that password, held to the
 * same password rules as activation (hik-protocols.md §2.10). An activated device is an
 * installed one, whose installer set its clock: it starts set to host time (issue #10);
 * a factory-new one starts never set (1970, time/device-clock.ts).
 */
function initialFlash(spec: DeviceSpec, identity: Identity, network: NetworkConfig): FlashState {
  const factory = factoryFlash(spec.profile, identity, network, "fleet");
  if (!spec.initial.activated) return factory;
  const activated = activatedFlash(factory, spec.initial.password, spec.profile, identity);
  return { ...activated, time: { ...activated.time, clock: HOST_TIME } };
}

async function loadRecord(store: Store, spec: DeviceSpec): Promise<DeviceRecord | undefined> {
  const raw = await store.load(spec.name);
  if (raw === undefined) return undefined;
  const { record } = migrateRecord(raw, DEVICE_RECORD_MIGRATIONS);
  const parsed = deviceRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError(`stored state of ${spec.name} is malformed at ${issue?.path.join(".")}: ${issue?.message}`);
  }
  if (parsed.data.model !== spec.profile.model) {
    throw new StoreError(
      `stored state of ${spec.name} belongs to a ${parsed.data.model}, but the fleet now says ${spec.profile.model}; remove its state file to re-create it`,
    );
  }
  const flash = completeFlash(parsed.data.flash, spec.profile);
  if (!releaseOf(spec.profile, flash.firmware)) {
    throw new StoreError(
      `stored state of ${spec.name} has firmware ${firmwareLabel(flash.firmware)}, which the ${spec.profile.model} profile does not list (known: ${releasesOf(spec.profile).map((p) => firmwareLabel(p.firmware)).join(", ")}); remove its state file to re-create it`,
    );
  }
  return { ...parsed.data, flash };
}

function uniqueIdentity(seed: string, spec: DeviceSpec, usedMacs: ReadonlySet<string>): Identity {
  for (let attempt = 0; ; attempt++) {
    const identity = deriveIdentity(seed, spec.name, spec.profile, attempt);
    if (!usedMacs.has(identity.mac)) return identity;
  }
}
