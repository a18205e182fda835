import type { Logger } from "pino";
import type { Profile } from "../profiles/index.js";
import type { Clock } from "./clock.js";
import type { Random } from "./random.js";
import type { Store } from "./store/store.js";
import { StoreError } from "./store/store.js";
import { Device } from "./device.js";
import { deriveIdentity, type Identity } from "./identity.js";
import { factoryFlash, type DeviceRecord, type FlashState, type NetworkConfig } from "./state.js";
import { DEVICE_RECORD_MIGRATIONS, currentVersion, migrateRecord } from "./store/migrations.js";
import { deviceRecordSchema } from "./store/record-schema.js";
import { inBatches } from "../util/in-batches.js";

const FIRST_WRITE_BATCH = 64;

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

/**
 * Hosts N devices in one process (DESIGN.md "Fleet"): allocates identities from the seed,
 * restores flash from the Store, and finds devices by name, MAC or listen address.
 */
export class Fleet {
  readonly devices: readonly Device[];
  readonly #byName = new Map<string, Device>();
  readonly #byAddress = new Map<string, Device>();
  readonly #byMac = new Map<string, Device>();

  private constructor(devices: Device[]) {
    this.devices = devices;
    for (const device of devices) {
      this.#byName.set(device.name, device);
      this.#byAddress.set(device.serving.address, device);
      this.#byMac.set(device.identity.mac, device);
    }
  }

  static async create(options: FleetOptions): Promise<Fleet> {
    const { specs, store, logger } = options;
    const names = new Set<string>();
    const addresses = new Set<string>();
    for (const spec of specs) {
      if (names.has(spec.name)) throw new Error(`device name ${spec.name} is used twice`);
      if (addresses.has(spec.address)) throw new Error(`address ${spec.address} is used twice`);
      names.add(spec.name);
      addresses.add(spec.address);
    }

    const stored = await Promise.all(specs.map((spec) => loadRecord(store, spec)));
    const usedMacs = new Set(stored.flatMap((r) => (r ? [r.identity.mac] : [])));
    const records: { spec: DeviceSpec; record: DeviceRecord; fresh: boolean }[] = [];
    for (const [i, spec] of specs.entries()) {
      const existing = stored[i];
      if (existing) {
        records.push({ spec, record: existing, fresh: false });
        continue;
      }
      const identity = uniqueIdentity(options.seed, spec, usedMacs);
      usedMacs.add(identity.mac);
      const network: NetworkConfig = { ipv4: spec.address, mask: spec.mask, gateway: spec.gateway, dhcp: false };
      const record: DeviceRecord = {
        version: currentVersion(DEVICE_RECORD_MIGRATIONS),
        model: spec.profile.model,
        identity,
        flash: factoryFlash(network),
      };
      records.push({ spec, record, fresh: true });
    }

    const devices = records.map(({ spec, record }) => {
      const deviceLogger = logger.child({ device: spec.name, model: spec.profile.model });
      const persist = (flash: FlashState) => store.save(spec.name, { ...record, flash } satisfies DeviceRecord);
      return new Device(spec.name, spec.profile, record.identity, record.flash, { address: spec.address, httpPort: 0 }, {
        clock: options.clock,
        random: options.random,
        logger: deviceLogger,
        persist,
      });
    });

    // New devices are written once so their identity is on disk before anything answers;
    // in batches, so a 1,000-device first start does not open 1,000 files at once.
    await inBatches(records, FIRST_WRITE_BATCH, async ({ spec, record, fresh }, i) => {
      if (!fresh) return;
      const device = devices[i] as Device;
      if (spec.initial.activated) await device.activate(spec.initial.password, "fleet-file");
      else await store.save(spec.name, record);
    });
    logger.info({ devices: devices.length }, "fleet ready");
    return new Fleet(devices);
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
    return this.#byMac.get(mac.toLowerCase().replaceAll("-", ":"));
  }
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
