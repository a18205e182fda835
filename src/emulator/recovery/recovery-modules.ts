import type { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Profile } from "../../profiles/index.js";
import type { Clock } from "../clock.js";
import type { Random } from "../random.js";
import type { Identity } from "../identity.js";
import type { DeviceEventMap } from "../events.js";
import type { FlashAccess } from "../state.js";
import type { Accounts } from "../accounts.js";
import type { SadpLock } from "../sadp-lock.js";
import { RecoveryTokens } from "./recovery-tokens.js";
import { PasswordReset } from "./password-reset.js";
import { QrRecovery } from "./qr-recovery.js";
import { ReservedEmail } from "./reserved-email.js";

/** What the recovery methods need from their device (device-modules.ts). */
export interface RecoveryHost {
  readonly name: string;
  readonly identity: Identity;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly profile: () => Profile;
  readonly flashAccess: FlashAccess;
  /** Epoch ms of the device's own clock (the date the legacy security code is computed from, §7). */
  readonly deviceTime: () => number;
  readonly accounts: Accounts;
  readonly sadpLock: SadpLock;
}

export type RecoveryModules = ReturnType<typeof buildRecoveryModules>;

/**
 * Password recovery (issue #11; hik-protocols.md §1.8, §2.8, §7): one module per method, all
 * ending in the one PasswordReset, with their pending tokens in RAM (RecoveryTokens, cleared by
 * `boot`). The device exposes them as `device.recovery`.
 */
export function buildRecoveryModules(host: RecoveryHost) {
  const { name, identity, events, clock, profile, flashAccess } = host;
  const tokens = new RecoveryTokens(clock);
  const passwordReset = new PasswordReset({ name, events, profile, identity, ...flashAccess, endSessions: (userName) => host.accounts.endSessionsOf(userName) });
  const qr = new QrRecovery({ profile, identity, random: host.random, flash: flashAccess.flash, deviceTime: host.deviceTime, tokens, passwordReset });
  const email = new ReservedEmail({
    name,
    events,
    profile,
    ...flashAccess,
    confirmPassword: (userName, password, peer) => host.accounts.login({ kind: "plain", userName, password }, { front: "isapi", peer }).ok,
    onAddressChanged: () => qr.voidEmailChallenge(),
  });
  return {
    tokens,
    passwordReset,
    /** Methods 3 and 6: the QR challenge and its key / e-mailed code (qr-recovery.ts). */
    qr,
    /** Method 6: the reserved e-mail (reserved-email.ts). */
    email,
    /** A reboot or power cycle: pending tokens are RAM and go. */
    boot(): void {
      tokens.boot();
    },
  };
}
