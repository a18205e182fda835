import type { Profile } from "../../profiles/index.js";
import type { Actor, RecoveryMethod } from "../events.js";
import type { Identity } from "../identity.js";
import { randomHex, type Random } from "../random.js";
import type { FlashState } from "../state.js";
import { DeviceError } from "../errors.js";
import { formatQrPayload, normaliseQrKey, qrKeyFor, type QrMode } from "../../support/qr-key.js";
import type { RecoveryTokens } from "./recovery-tokens.js";
import type { PasswordReset } from "./password-reset.js";

export interface QrRecoveryDeps {
  readonly profile: () => Profile;
  readonly identity: Identity;
  readonly random: Random;
  readonly flash: () => FlashState;
  /** Epoch ms of the device's own clock: the payload's issue time. */
  readonly deviceTime: () => number;
  readonly tokens: RecoveryTokens;
  readonly passwordReset: PasswordReset;
}

/** The pending challenge, kept as the RecoveryTokens "qrChallenge" token (RAM). */
export interface QrChallenge {
  readonly payload: string;
  readonly mode: QrMode;
}

const METHOD: Readonly<Record<QrMode, RecoveryMethod>> = { key: "qrKey", email: "reservedEmail" };

/**
 * Recovery by QR code (issue #11, methods 3 and 6; hik-protocols.md §1.8.5, §2.8): the device
 * shows a QR payload (support/qr-key.ts), the support desk answers it with an 8-character key
 * — shown to the user in key mode, mailed to the reserved address in e-mail mode — and the
 * key with a new password resets the admin password. One challenge at a time (a new one
 * replaces the old), in RAM: a reboot voids it, and so does a change of the reserved e-mail
 * (e-mail mode). Used once.
 */
export class QrRecovery {
  constructor(private readonly deps: QrRecoveryDeps) {}

  /**
   * The mode a challenge issued now would have: e-mail where the firmware offers the reserved
   * e-mail and an address is set, else key where it offers the QR key, else none.
   */
  mode(): QrMode | undefined {
    const offered = this.deps.profile().recovery;
    if (offered.includes("reservedEmail") && this.#email() !== undefined) return "email";
    if (offered.includes("qrKey")) return "key";
    return undefined;
  }

  /** Issues a fresh challenge (replacing any pending one) and returns its payload text. */
  challenge(): string {
    const mode = this.mode();
    if (mode === undefined) throw new DeviceError("notSupport", "this firmware offers no QR recovery (or no reserved e-mail is set)");
    if (!this.deps.flash().activated) throw new DeviceError("notActivated", "activate the device instead");
    const email = mode === "email" ? this.#email() : undefined;
    const payload = formatQrPayload({
      serial: this.deps.identity.serial,
      nonce: randomHex(this.deps.random, 16),
      issued: Math.floor(this.deps.deviceTime() / 1000),
      mode,
      email,
    });
    const { recoveryExpiry } = this.deps.profile();
    const challenge: QrChallenge = { payload, mode };
    this.deps.tokens.issue("qrChallenge", challenge, mode === "email" ? recoveryExpiry.emailCode : recoveryExpiry.qrKey);
    return payload;
  }

  /**
   * Resets the admin password with the key (key mode) or the e-mailed verification code
   * (e-mail mode) of the pending challenge. `mode`, when given, is the mode the front expects
   * (SADP `reset` → key, `MailReset` → email): a challenge of the other mode is refused as a
   * wrong code. PasswordReset holds the new password to the rules before the code is looked at,
   * and the code is used up only once the new password is written: a weak password or a failed
   * write leaves it usable. Refusals: `resetCodeExpired` (none pending, expired,
   * voided by a reboot or an e-mail change, already used), `badResetCode` (wrong), `notSupport`,
   * `riskPassword` / `badPasswordFormat`.
   */
  resetWithKey(key: string, newPassword: string, actor: Actor, mode?: QrMode): Promise<void> {
    const pending = this.deps.tokens.lookup<QrChallenge>("qrChallenge");
    const method = METHOD[pending.state === "pending" ? pending.value.mode : (mode ?? this.mode() ?? "key")];
    let checked: QrChallenge | undefined;
    return this.deps.passwordReset.reset({
      method,
      actor,
      password: { kind: "chosen", password: newPassword },
      verify: () => {
        checked = this.#check(key, mode);
      },
      onWritten: () => this.deps.tokens.voidIf("qrChallenge", checked),
    });
  }

  /**
   * The payload of the challenge pending now, or undefined (none, expired, voided, used). Reads
   * only: the web admin draws a QR picture of exactly this text and nothing else.
   */
  pendingPayload(): string | undefined {
    const pending = this.deps.tokens.lookup<QrChallenge>("qrChallenge");
    return pending.state === "pending" ? pending.value.payload : undefined;
  }

  /** The reserved e-mail changed: a pending e-mail-mode challenge was for the old address. */
  voidEmailChallenge(): void {
    const pending = this.deps.tokens.lookup<QrChallenge>("qrChallenge");
    if (pending.state === "pending" && pending.value.mode === "email") this.deps.tokens.void("qrChallenge");
  }

  /** The pending challenge `key` answers; throws the refusal otherwise. */
  #check(key: string, mode: QrMode | undefined): QrChallenge {
    const pending = this.deps.tokens.lookup<QrChallenge>("qrChallenge");
    if (pending.state === "none") throw new DeviceError("resetCodeExpired", "no QR code is pending (none issued since boot, voided, or used): get a new QR code");
    if (pending.state === "expired") throw new DeviceError("resetCodeExpired", "the QR code has expired: get a new one");
    const challenge = pending.value;
    if (mode !== undefined && mode !== challenge.mode) throw new DeviceError("badResetCode", `the pending QR code is for ${challenge.mode === "email" ? "the reserved e-mail" : "the key"} flow`);
    if (normaliseQrKey(key) !== qrKeyFor(challenge.payload)) throw new DeviceError("badResetCode", challenge.mode === "email" ? "the verification code is wrong" : "the key is wrong");
    return challenge;
  }

  #email(): string | undefined {
    return this.deps.flash().recovery?.email;
  }
}
