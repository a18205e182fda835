import { profileSchema, type Profile, type ReleaseInput } from "./schema.js";

/** A firmware release as flash names it: version and build (deviceInfo firmwareVersion, firmwareReleasedDate). */
export interface FirmwareId {
  readonly version: string;
  readonly build: string;
}

/** `V5.5.0 build 170725`: how logs, errors and the CLI name a release. */
export function firmwareLabel(firmware: FirmwareId): string {
  return `${firmware.version} build ${firmware.build}`;
}

export function firmwareOf(profile: Profile): FirmwareId {
  return { version: profile.firmware.version, build: profile.firmware.build };
}

export function sameFirmware(a: FirmwareId, b: FirmwareId): boolean {
  return a.version === b.version && a.build === b.build;
}

/** Every release of one model: the factory profile first, then its `releases` in order. */
interface Family {
  readonly all: readonly Profile[];
  readonly byLabel: ReadonlyMap<string, Profile>;
}

/**
 * Families by any of their profiles, so a device on any release finds the others. Profiles are
 * frozen data, so a family is built once per factory profile (a test's variant of a profile
 * is a family of its own).
 */
const families = new WeakMap<Profile, Family>();

/**
 * The complete profile of every release of the model `factory` belongs to, factory first. A
 * release is the factory profile with the release's overrides (schema.ts `releaseSchema`),
 * validated by the whole schema. Throws naming the model and release when one is invalid.
 */
export function releasesOf(factory: Profile): readonly Profile[] {
  return familyOf(factory).all;
}

/** The profile of `firmware` among the releases of `profile`'s model, if the model has it. */
export function releaseOf(profile: Profile, firmware: FirmwareId): Profile | undefined {
  return familyOf(profile).byLabel.get(firmwareLabel(firmware));
}

function familyOf(profile: Profile): Family {
  const known = families.get(profile);
  if (known) return known;
  const all = [profile, ...profile.releases.map((release) => buildRelease(profile, release))];
  const byLabel = new Map<string, Profile>();
  for (const one of all) {
    const label = firmwareLabel(one.firmware);
    if (byLabel.has(label)) throw new Error(`profile ${profile.model}: firmware ${label} is listed twice`);
    byLabel.set(label, one);
  }
  const family = { all, byLabel };
  for (const one of all) families.set(one, family);
  return family;
}

/** Blocks a release replaces whole: a firmware block or an activation mode is never a mix of two. */
const REPLACED = new Set(["firmware", "activation"]);

function buildRelease(factory: Profile, release: ReleaseInput): Profile {
  const { source, ...changes } = release;
  const merged: Record<string, unknown> = { ...factory, source: source ?? factory.source };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    merged[key] = REPLACED.has(key) ? value : mergeOverrides(merged[key], value);
  }
  const parsed = profileSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`profile ${factory.model} release ${firmwareLabel(release.firmware)}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return deepFreeze(parsed.data);
}

/** Objects merge key by key; anything else (arrays, strings, numbers) replaces. */
function mergeOverrides(base: unknown, change: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(change)) return change;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(change)) {
    if (value !== undefined) merged[key] = mergeOverrides(base[key], value);
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
