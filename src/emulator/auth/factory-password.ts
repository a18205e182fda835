import type { Profile } from "../../profiles/index.js";
import { ADMIN_USER, type UserRecord } from "../state.js";
import { passwordMatches } from "./credentials.js";

/**
 * Whether a user still has the password the device left the factory with: only firmware
 * without activation has one (the admin's `12345`, profile `activation.factoryPassword`,
 * hik-protocols.md §7). userCheck and sessionLogin report it as `isDefaultPassword` (§2.2, §2.4).
 */
export function hasFactoryPassword(activation: Profile["activation"], user: UserRecord, salt: string): boolean {
  return activation.mode === "none" && user.userName === ADMIN_USER && passwordMatches(user.credentials, user.userName, activation.factoryPassword, salt);
}
