import type { Profile } from "../../profiles/index.js";
import { DeviceError } from "../errors.js";

/** Who asks for a change that may want their own password: the signed-in user, from where. */
export interface OwnPasswordProof {
  readonly userName: string;
  /** The client address: a wrong password counts towards its lockout. */
  readonly peer: string;
  /** The user's own current password, as the request carried it. */
  readonly loginPassword?: string | undefined;
}

/** Checks a user's password as an ISAPI login from `peer` would (accounts.ts `login`). */
export type PasswordCheck = (userName: string, password: string, peer: string) => boolean;

/**
 * The "confirm your own password" rule of changes made while logged in (users, the reserved
 * e-mail, the security questions, the GUID export; hik-protocols.md §2.8 `loginPassword`): where
 * the firmware asks for it (profile `security.requireLoginPassword`) the requester's own
 * password must come along and be right. Checked as a login, so a wrong one counts towards the
 * address's lockout like any wrong password. Refusals: `badParameters` naming `field` when it
 * is missing, `loginPasswordWrong` when it is wrong. One rule, used by every module and front
 * through Accounts.confirmOwnPassword.
 */
export function confirmOwnPassword(profile: Profile, check: PasswordCheck, proof: OwnPasswordProof, field: string): void {
  if (!profile.security.requireLoginPassword) return;
  if (proof.loginPassword === undefined || proof.loginPassword === "") throw new DeviceError("badParameters", `${field} (your own password) is required`);
  if (!check(proof.userName, proof.loginPassword, proof.peer)) throw new DeviceError("loginPasswordWrong", `${field} is not your password`);
}
