import { StoreError } from "./store.js";

/** Rewrites a record of version N into version N + 1. */
export type Migration = (record: Record<string, unknown>) => Record<string, unknown>;

/**
 * Numbered migrations for persisted device records: `migrations[i]` turns version i + 1
 * into version i + 2, so the current version is `migrations.length + 1`. Version 1 is the
 * first released format.
 */
export const DEVICE_RECORD_MIGRATIONS: readonly Migration[] = [
  // 1 → 2 (issue #8): flash says who set the network; every version-1 network came from the fleet file.
  (record) => {
    const flash = record["flash"];
    if (!flash || typeof flash !== "object" || Array.isArray(flash)) return record;
    return { ...record, flash: { networkSetBy: "fleet", ...(flash as Record<string, unknown>) } };
  },
  // 2 → 3 (issue #9): flash gains `security`. Its factory values come from the profile, which a
  // migration does not see: the record keeps none and loading fills the profile's (fleet.ts).
  (record) => record,
  // 3 → 4 (issue #10): flash gains firmware, time, ports, certificate and the configuration
  // pages. Every new field is optional in the stored record; loading fills the profile's factory
  // values (state.ts completeFlash), so this step has nothing to rewrite.
  (record) => record,
];

export function currentVersion(migrations: readonly Migration[]): number {
  return migrations.length + 1;
}

/** Brings a stored record to the current version; refuses records from a newer hikemu. */
export function migrateRecord(raw: unknown, migrations: readonly Migration[]): { record: Record<string, unknown>; migrated: boolean } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new StoreError("state record is not an object");
  let record = raw as Record<string, unknown>;
  const version = record["version"];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new StoreError(`state record has no valid version (got ${JSON.stringify(version)})`);
  }
  const target = currentVersion(migrations);
  if (version > target) {
    throw new StoreError(`state record version ${version} is newer than this hikemu understands (${target})`);
  }
  for (let v = version; v < target; v++) {
    const step = migrations[v - 1] as Migration;
    record = { ...step(record), version: v + 1 };
  }
  return { record, migrated: version !== target };
}
