import { z } from "zod";
import type { Profile } from "../../profiles/index.js";
import type { Identity } from "../identity.js";
import { hashHex } from "../auth/credentials.js";
import { DeviceError } from "../errors.js";
import { completeFlash, type FlashState, type RecoverySettings } from "../state.js";
import { deviceRecordSchema } from "../store/record-schema.js";

/**
 * What a configuration file carries (issue #10): the flash image minus what belongs to the unit
 * rather than to its configuration. Every other flash field — those later modules add included —
 * travels without being named here. Fields left out, and why:
 */
export const NOT_CARRIED: Readonly<Record<string, string>> = {
  // An import needs a logged-in administrator, so the target is active and stays so.
  activated: "the target's own activation",
  // Password material is bound to the device's realm and salt (auth/credentials.ts): carried, but
  // restored only onto the device that exported it (see importedFlash).
  users: "restored on the same device only",
  // Issue #11: what proves a forgotten password (answer hashes, the reserved e-mail, the GUID's
  // hash) is the unit's account security, like the users: carried, but restored only onto the
  // device that exported it — another unit keeps its own (see importedFlash).
  recovery: "restored on the same device only",
  // Two boxes on one address: a colleague's camera's IP must not come along.
  network: "the unit's own address",
  networkSetBy: "follows the network",
  // Issue #10 modules: the firmware a unit runs and its own HTTPS key pair are not settings (the
  // device log is not in flash at all).
  firmware: "the firmware the unit runs",
  certificate: "the unit's own certificate and key",
};

/**
 * Time settings (mode, zone, NTP server) are carried, the clock is not: an import does not set
 * the target's clock to the exporter's reading, or turn a set clock back into a never-set one.
 */
function keepClock(imported: unknown, current: FlashState): unknown {
  if (!imported || typeof imported !== "object" || Array.isArray(imported)) return imported ?? current.time;
  return { ...imported, clock: current.time.clock };
}

function isUnitOwn(key: string): boolean {
  return Object.hasOwn(NOT_CARRIED, key);
}

/** The decrypted payload: where it comes from, the settings, the accounts and their recovery material. */
export interface ConfigurationPayload {
  readonly origin: { readonly serial: string; readonly model: string; readonly firmware: string; readonly binding: string };
  readonly settings: Readonly<Record<string, unknown>>;
  readonly users: readonly unknown[];
  /** Flash `recovery` of the exporting unit; absent when it had none. */
  readonly recovery?: unknown;
}

const payloadSchema = z.object({
  origin: z.object({ serial: z.string(), model: z.string(), firmware: z.string(), binding: z.string() }),
  settings: z.record(z.string(), z.unknown()),
  users: z.array(z.unknown()),
  recovery: z.unknown().optional(),
});

/** What user password material is bound to: the realm and salt of one unit (auth/credentials.ts). */
export function credentialBinding(identity: Identity): string {
  return hashHex("sha256", `${identity.realm}\0${identity.salt}`);
}

export function exportPayload(flash: FlashState, identity: Identity, profile: Profile): Buffer {
  const settings = Object.fromEntries(Object.entries(flash).filter(([key]) => !isUnitOwn(key)));
  const payload: ConfigurationPayload = {
    origin: { serial: identity.serial, model: profile.model, firmware: profile.firmware.version, binding: credentialBinding(identity) },
    settings,
    users: flash.users,
    ...(flash.recovery === undefined ? {} : { recovery: flash.recovery }),
  };
  return Buffer.from(JSON.stringify(payload), "utf8");
}

/** The payload of a file whose integrity held; a shape that is not ours is damaged content. */
export function parsePayload(plain: Buffer): ConfigurationPayload {
  let json: unknown;
  try {
    json = JSON.parse(plain.toString("utf8"));
  } catch {
    throw new DeviceError("configurationContent", "the payload is not JSON");
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new DeviceError("configurationContent", "the payload has not the expected shape");
  return parsed.data;
}

/** Whether the file was exported by this very unit (same serial and credential binding). */
export function fromSameUnit(payload: ConfigurationPayload, identity: Identity): boolean {
  return payload.origin.serial === identity.serial && payload.origin.binding === credentialBinding(identity);
}

/** Whether importing the payload restores its accounts: only from this unit, and only a file that has some (none would leave no administrator). */
export function restoresUsers(payload: ConfigurationPayload, identity: Identity): boolean {
  return fromSameUnit(payload, identity) && payload.users.length > 0;
}

/**
 * The file's recovery settings with the unit's current GUID hash: a GUID file used since the
 * export stays void (the manuals: a used GUID file is invalid), the one exported last still works.
 */
function withCurrentGuid(restored: unknown, current: RecoverySettings | undefined): unknown {
  // Anything but an object is left for the schema check to refuse.
  if (restored !== undefined && (typeof restored !== "object" || restored === null || Array.isArray(restored))) return restored;
  const fileSettings = Object.entries(restored ?? {}).filter(([key]) => key !== "guidHash");
  const next = Object.fromEntries([...fileSettings, ...(current?.guidHash === undefined ? [] : [["guidHash", current.guidHash]])]);
  return Object.keys(next).length === 0 ? undefined : next;
}

/**
 * Flash after importing `payload` onto a unit whose flash is `current`: the file's settings
 * over the current ones (a field the file lacks keeps its current value), the fields of
 * NOT_CARRIED from the current flash, and the file's users and recovery material only when it
 * comes from this unit — another unit keeps its own accounts and recovery settings. The result is checked with the stored record's schema
 * (record-schema.ts) and completed as a loaded record is, so nothing the store would refuse
 * reaches flash; anything that does not validate is damaged content.
 */
export function importedFlash(payload: ConfigurationPayload, current: FlashState, identity: Identity, profile: Profile): FlashState {
  const settings = Object.fromEntries(Object.entries(payload.settings).filter(([key]) => !isUnitOwn(key)));
  const kept = Object.fromEntries(Object.entries(current).filter(([key]) => isUnitOwn(key)));
  const users: readonly unknown[] = restoresUsers(payload, identity) ? payload.users : current.users;
  const recovery = fromSameUnit(payload, identity) ? withCurrentGuid(payload.recovery, current.recovery) : current.recovery;
  const candidate = { ...current, ...settings, ...kept, users, recovery, time: keepClock(settings["time"], current) };
  const parsed = deviceRecordSchema.shape.flash.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DeviceError("configurationContent", `setting ${issue?.path.join(".") ?? "?"} does not validate`);
  }
  return completeFlash(parsed.data, profile);
}
