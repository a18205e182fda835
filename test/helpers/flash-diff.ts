import { isDeepStrictEqual } from "node:util";
import type { Test } from "tap";
import { ADMIN_USER, type FlashState, type UserRecord } from "../../src/emulator/state.js";

/**
 * What a password recovery may change in flash (issue #11 acceptance): the admin's credentials
 * (all of them: a stale digest would let the old password in), and with `guidRotated` the GUID of
 * the recovery record. Everything else must be as it was: the admin's id, name and level, every
 * other user, every other flash field, the rest of `recovery`.
 */
export interface ResetExpectation {
  /** A GUID reset: the GUID key(s) of `recovery` (`guid`, or a stored form such as `guidHash`) must differ. */
  readonly guidRotated?: boolean;
}

/** JSON's view of a value: an absent key and a key set to undefined read the same, as in the store file. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function same(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(plain(a), plain(b));
}

const isGuidKey = (key: string): boolean => /^guid/i.test(key);

function split(recovery: FlashState["recovery"]): { guid: Record<string, unknown>; rest: Record<string, unknown> } {
  const guid: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(recovery ?? {})) {
    if (value === undefined) continue;
    (isGuidKey(key) ? guid : rest)[key] = value;
  }
  return { guid, rest };
}

function adminDifferences(before: UserRecord | undefined, after: UserRecord | undefined): string[] {
  if (before === undefined || after === undefined) return [`admin record ${before === undefined ? "missing before" : "missing after"} the reset`];
  const found: string[] = [];
  for (const key of ["id", "userName", "level"] as const) {
    if (!same(before[key], after[key])) found.push(`admin ${key} changed: ${JSON.stringify(before[key])} → ${JSON.stringify(after[key])}`);
  }
  const extra = Object.keys({ ...before, ...after }).filter((k) => !["id", "userName", "level", "credentials"].includes(k));
  for (const key of extra) {
    if (!same((before as unknown as Record<string, unknown>)[key], (after as unknown as Record<string, unknown>)[key])) found.push(`admin ${key} changed`);
  }
  const fields = Object.keys({ ...before.credentials, ...after.credentials }) as (keyof UserRecord["credentials"])[];
  const stale = fields.filter((k) => before.credentials[k] === after.credentials[k]);
  if (stale.length > 0) found.push(`admin credentials not replaced: ${stale.join(", ")} unchanged`);
  return found;
}

/**
 * Every way `after` differs from `before` beyond a password reset of the admin: an empty list
 * when the reset changed exactly what it should. Pure, so its own test can feed it bad flashes.
 */
export function flashDifferences(before: FlashState, after: FlashState, expect: ResetExpectation = {}): string[] {
  const found: string[] = [];
  // The admin is the record named admin before the reset; afterwards the record with its id, so a
  // renamed admin reads as a changed name rather than a missing admin.
  const adminBefore = before.users.find((u) => u.userName === ADMIN_USER);
  const adminAfter = after.users.find((u) => adminBefore !== undefined && u.id === adminBefore.id) ?? after.users.find((u) => u.userName === ADMIN_USER);
  found.push(...adminDifferences(adminBefore, adminAfter));

  const othersBefore = before.users.filter((u) => u !== adminBefore);
  const othersAfter = after.users.filter((u) => u !== adminAfter);
  const names = new Set([...othersBefore, ...othersAfter].map((u) => u.userName));
  for (const name of names) {
    const [b, a] = [othersBefore.find((u) => u.userName === name), othersAfter.find((u) => u.userName === name)];
    if (!same(b, a)) found.push(`user ${name} ${b === undefined ? "added" : a === undefined ? "removed" : "changed"}`);
  }
  const order = (users: readonly UserRecord[]) => users.map((u) => u.userName);
  if (found.length === 0 && !same(order(before.users), order(after.users))) found.push("the order of the users changed");

  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  fields.delete("users");
  fields.delete("recovery");
  for (const field of fields) {
    if (!same(before[field as keyof FlashState], after[field as keyof FlashState])) found.push(`${field} changed`);
  }

  const [rb, ra] = [split(before.recovery), split(after.recovery)];
  if (!same(rb.rest, ra.rest)) found.push(`recovery changed beyond the GUID: ${JSON.stringify(rb.rest)} → ${JSON.stringify(ra.rest)}`);
  if (expect.guidRotated === true) {
    const keys = Object.keys(ra.guid);
    if (keys.length === 0) found.push("recovery has no GUID after a GUID reset");
    for (const key of keys.filter((k) => same(ra.guid[k], rb.guid[k]))) found.push(`recovery.${key} did not rotate`);
  } else if (!same(rb.guid, ra.guid)) {
    found.push("recovery GUID changed");
  }
  return found;
}

/** Asserts the reset changed the admin's password and nothing else in flash (see flashDifferences). */
export function onlyAdminPasswordChanged(t: Test, before: FlashState, after: FlashState, expect: ResetExpectation = {}, message = "only the admin's password changed in flash"): void {
  t.same(flashDifferences(before, after, expect), [], message);
}
