import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Profile } from "../profiles/index.js";
import type { Clock } from "./clock.js";
import type { Random } from "./random.js";
import type { Store } from "./store/store.js";
import { StoreError } from "./store/store.js";
import { Device } from "./device.js";
import { deriveIdentity, type Identity } from "./identity.js";
import { activatedFlash, factoryFlash, type DeviceRecord, type FlashState, type NetworkConfig } from "./state.js";
import { DEVICE_RECORD_MIGRATIONS, currentVersion, migrateRecord } from "./store/migrations.js";
import { deviceRecordSchema } from "./store/record-schema.js";
import { inBatches } from "../util/in-batches.js";
import { canonicalMac } from "../util/mac.js";

/**
 * Start-up work over the whole fleet (state files) is done this many devices at a time, so
 * a warm start never holds more than this many files open (runtime/descriptor-budget.ts).
 */
const START_BATCH = 64;

/** One device as the fleet file (or the default fleet) describes it. */
export interface DeviceSpec {
  readonly name: string;
  readonly profile: Profile;
  /** Listen address, and the IPv4 the device believes it has (DESIGN.md "Addresses"). */
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
}

export interface FleetEventMap {
  deviceAdded: [Device];
  deviceRemoved: [Device];
}

/**
 * Hosts N devices in one process (DESIGN.md "Fleet"): allocates identities from the seed,
 * restores flash from the Store, finds devices by name, MAC or listen address, and adds or
 * removes devices at run time (fronts follow its events).
 */
export class Fleet {
  readonly events = new EventEmitter<FleetEventMap>();
  #devices: Device[] = [];
  readonly #byName = new Map<string, Device>();
  readonly #byAddress = new Map<string, Device>();
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
    const built = options.specs.map((spec, i) => fleet.#build(spec, stored[i], usedMacs));
    // New devices are written once so their identity is on disk before anything answers.
    await inBatches(built, START_BATCH, async ({ device, record, fresh }) => {
      if (fresh) await options.store.save(device.name, record);
    });
    fleet.#devices = built.map(({ device }) => device);
    for (const device of fleet.#devices) fleet.#index(device);
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
    if (this.#byAddress.has(spec.address)) throw new Error(`address ${spec.address} is used twice`);
    const stored = await loadRecord(this.options.store, spec);
    const usedMacs = new Set(this.#byMac.keys());
    if (stored && usedMacs.has(stored.identity.mac)) throw new StoreError(`stored state of ${spec.name} has a MAC another device uses`);
    const { device, record, fresh } = this.#build(spec, stored, usedMacs);
    if (fresh) await this.options.store.save(spec.name, record);
    // A concurrent add may have taken the name or address while the store worked.
    if (this.#byName.has(spec.name) || this.#byAddress.has(spec.address)) throw new Error(`device ${spec.name} or address ${spec.address} was taken meanwhile`);
    this.#devices = [...this.#devices, device];
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

  /** A Device from its stored record, or a new one (identity from the seed, factory flash). */
  #build(spec: DeviceSpec, stored: DeviceRecord | undefined, usedMacs: Set<string>): { device: Device; record: DeviceRecord; fresh: boolean } {
    let record = stored;
    if (!record) {
      const identity = uniqueIdentity(this.options.seed, spec, usedMacs);
      const network: NetworkConfig = { ipv4: spec.address, mask: spec.mask, gateway: spec.gateway, dhcp: false };
      record = { version: currentVersion(DEVICE_RECORD_MIGRATIONS), model: spec.profile.model, identity, flash: initialFlash(spec, identity, network) };
    }
    usedMacs.add(record.identity.mac);
    const base = record;
    const persist = (flash: FlashState) => this.options.store.save(spec.name, { ...base, flash } satisfies DeviceRecord);
    const device = new Device(spec.name, spec.profile, record.identity, record.flash, { address: spec.address, httpPort: 0 }, {
      clock: this.options.clock,
      random: this.options.random,
      logger: this.options.logger.child({ device: spec.name, model: spec.profile.model }),
      persist,
    });
    return { device, record, fresh: stored === undefined };
  }
}

/**
 * Flash of a device the store does not know yet: the factory state, or — when the fleet file
 * says `state: activated` — the state after activation with that password, held to the
 * same password rules as activation (hik-protocols.md §2.10).
 */
function initialFlash(spec: DeviceSpec, identity: Identity, network: NetworkConfig): FlashState {
  const factory = factoryFlash(spec.profile, identity, network, "fleet");
  return spec.initial.activated ? activatedFlash(factory, spec.initial.password, spec.profile, identity) : factory;
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
  return parsed.data;
}

function uniqueIdentity(seed: string, spec: DeviceSpec, usedMacs: ReadonlySet<string>): Identity {
  for (let attempt = 0; ; attempt++) {
    const identity = deriveIdentity(seed, spec.name, spec.profile, attempt);
    if (!usedMacs.has(identity.mac)) return identity;
  }
}
