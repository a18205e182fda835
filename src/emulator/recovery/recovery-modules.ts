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
import { AttemptGate } from "./attempt-gate.js";
import { SecurityQuestions } from "./security-questions.js";
import { GuidFile } from "./guid-file.js";
import { SecurityCodeReset } from "./security-code-reset.js";
import { KeyFileRecovery } from "./key-file-recovery.js";
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
  const { name, identity, events, clock, random, profile, flashAccess } = host;
  const tokens = new RecoveryTokens(clock);
  // Wrong recovery proofs count like wrong passwords (SADP lock, ISAPI lockout), for every method.
  const gate = new AttemptGate({ sadpLock: host.sadpLock, accounts: host.accounts });
  const passwordReset = new PasswordReset({ name, events, profile, identity, gate, ...flashAccess, endSessions: (userName) => host.accounts.endSessionsOf(userName) });
  const questions = new SecurityQuestions({ name, events, profile, random, passwordReset, ...flashAccess });
  const guid = new GuidFile({ name, events, identity, random, passwordReset, ...flashAccess });
  const securityCode = new SecurityCodeReset({ identity, profile, deviceTime: host.deviceTime, passwordReset });
  const keyFile = new KeyFileRecovery({ identity, profile, clock, random, flash: flashAccess.flash, deviceTime: host.deviceTime, tokens, passwordReset });
  const qr = new QrRecovery({ profile, identity, random, flash: flashAccess.flash, deviceTime: host.deviceTime, tokens, passwordReset });
  const email = new ReservedEmail({
    name,
    events,
    profile,
    ...flashAccess,
    confirmOwnPassword: (requester, field) => host.accounts.confirmOwnPassword(requester, field),
    onAddressChanged: () => qr.voidEmailChallenge(),
  });
  return {
    tokens,
    passwordReset,
    gate,
    /** §1.8.1, §7: the legacy security code. */
    securityCode,
    /** §1.8.2: export a key file, reset with the support's answer. */
    keyFile,
    /** Security questions (§1.8.4, §2.8). */
    questions,
    /** The GUID file (§1.8.3, §2.8). */
    guid,
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
