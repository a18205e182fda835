import type { LedState, PowerState } from "./power.js";
import type { FaultSettings } from "./faults.js";
import type { NetworkConfig } from "./state.js";

/** Why a device reset or rebooted: the front or control that asked for it. */
export type ResetCause = "isapi" | "sadp" | "web" | "button" | "control";

const RESET_CAUSES: readonly string[] = ["isapi", "sadp", "web", "button", "control"] satisfies readonly ResetCause[];

/** The reset cause of an operation an actor asked for: its front, or `control` for anything else. */
export function resetCauseOf(actor: Actor): ResetCause {
  return RESET_CAUSES.includes(actor.via) ? (actor.via as ResetCause) : "control";
}

/**
 * Typed events a device emits (style-anchors.md pattern 19). The control plane streams them
 * (server-sent events) and logs them; fronts follow `reachable` and `changed`.
 */
export interface DeviceEventMap {
  /** Power was switched on or off (the control plane's power switch). */
  powered: [{ readonly name: string; readonly on: boolean }];
  /** Every lifecycle state change (off, booting, running, rebooting). */
  power: [{ readonly name: string; readonly state: PowerState }];
  /** A boot began: RAM was rebuilt and `bootTime` taken; services answer after `bootSeconds`. */
  booting: [{ readonly name: string; readonly bootTime: number; readonly bootSeconds: number }];
  /** The boot finished: the device answers on the network again. */
  ready: [{ readonly name: string; readonly bootTime: number }];
  /** The device went down for a reboot (`cause`: who asked; `actor`: the user and address, where a user did). */
  rebooted: [{ readonly name: string; readonly cause: ResetCause; readonly actor?: Actor }];
  /** Flash was reset: `basic` (Restore) or `full` (Default, factory state). */
  reset: [{ readonly name: string; readonly mode: ResetMode; readonly cause: ResetCause; readonly actor?: Actor }];
  /** The reset button was pressed, or released after `heldSeconds`. */
  button: [{ readonly name: string; readonly action: "pressed" | "released"; readonly heldSeconds?: number }];
  /** The status light changed. */
  led: [{ readonly name: string; readonly state: LedState }];
  /** The IR-cut filter clicked (cameras, during boot). */
  irCut: [{ readonly name: string }];
  /** Faults were set or cleared; `faults` is what is in force now. */
  faults: [{ readonly name: string; readonly action: "set" | "cleared"; readonly faults: FaultSettings }];
  /** Whether fronts may answer changed (power state or the network cable). */
  reachable: [{ readonly name: string; readonly reachable: boolean }];
  /** The device went from inactive to active; `via` names the front that did it. */
  activated: [{ readonly name: string; readonly via: string }];
  /** Something a front shows changed; `revision` is the device's new revision. */
  changed: [{ readonly name: string; readonly revision: number }];
  /** A login was refused for wrong credentials (issue #5); `failures` counts since the last success. */
  loginFailed: [{ readonly name: string; readonly userName: string; readonly front: string; readonly peer: string; readonly failures: number }];
  /** The IPv4 settings in flash changed (SADP `update`, ISAPI); fronts move the device if the host can. */
  networkChanged: [{ readonly name: string; readonly network: NetworkConfig; readonly previous: NetworkConfig; readonly via: string; readonly actor?: Actor }];
  /** A client address was locked out after too many failed logins (§2.11). */
  loginLocked: [{ readonly name: string; readonly userName: string; readonly front: string; readonly peer: string; readonly unlockSeconds: number }];
  /** A user account was created, modified (password, level, name) or deleted; `by` is who did it. */
  userChanged: [{ readonly name: string; readonly action: "created" | "modified" | "deleted"; readonly userName: string; readonly by: string; readonly peer?: string }];
  /** A security setting in flash changed: web auth, the login lockout or the IP filter. */
  securityChanged: [{ readonly name: string; readonly setting: "webAuth" | "illegalLoginLock" | "ipFilter"; readonly via: string; readonly actor?: Actor }];
  /** Flash was rewritten and persisted. */
  flashChanged: [{ readonly name: string }];
  /**
   * A user logged in (issue #10, the device log's "Remote: Login"): once per web session, and
   * once per Digest/Basic client when it first appears in the online users, not on every request.
   */
  loginSucceeded: [{ readonly name: string; readonly userName: string; readonly front: string; readonly peer: string }];
  /** A web session was ended by its user (`/ISAPI/Security/sessionLogout`, the device log's "Remote: Logout"). */
  loggedOut: [{ readonly name: string; readonly userName: string; readonly front: string; readonly peer: string }];
  /** A firmware package was accepted and written; the device reboots into `to` (issue #10). */
  firmwareUpgraded: [{ readonly name: string; readonly from: string; readonly to: string; readonly actor: Actor }];
  /** A firmware package was refused (wrong model, corrupt, unsigned); nothing changed. */
  firmwareRefused: [{ readonly name: string; readonly reason: string; readonly actor: Actor }];
  /** The configuration was exported (`GET configurationData`). */
  configurationExported: [{ readonly name: string; readonly actor: Actor }];
  /** A configuration file was imported; the device reboots into it. */
  configurationImported: [{ readonly name: string; readonly actor: Actor }];
  /** The device's own clock or its time settings (mode, zone, NTP) changed. */
  timeChanged: [{ readonly name: string; readonly actor: Actor }];
  /**
   * A configuration page other than those with their own event changed (ports, motion detection,
   * holidays, notification hosts …): `setting` names the resource's short name.
   */
  settingsChanged: [{ readonly name: string; readonly setting: string; readonly actor: Actor }];
  /**
   * The admin password was reset by a recovery method (issue #11). `syncIPCPassword`: the NVR was
   * asked to push the new password to its IP cameras (§1.8.3; carried out by the NVR module).
   */
  passwordReset: [{ readonly name: string; readonly method: RecoveryMethod; readonly actor: Actor; readonly syncIPCPassword: boolean }];
  /** A recovery attempt was refused (wrong or expired code, wrong answers, used GUID); `reason` is the catalog code. */
  recoveryFailed: [{ readonly name: string; readonly method: RecoveryMethod; readonly actor: Actor; readonly reason: string }];
}

/** The password recovery methods a firmware may offer (profile `recovery`, issue #11). */
export type RecoveryMethod = "securityCode" | "exportKeyFile" | "qrKey" | "guidFile" | "securityQuestions" | "reservedEmail";

/**
 * Who asked for an operation, for the device log (issue #10): the front (`isapi`, `sadp`, `web`,
 * `control`, `button`) and, where a user did it over the network, their name and address.
 */
export interface Actor {
  readonly via: string;
  readonly userName?: string;
  readonly peer?: string;
}

/** ISAPI factoryReset modes (§2.6): `basic` is the web UI's Restore, `full` its Default. */
export type ResetMode = "basic" | "full";
