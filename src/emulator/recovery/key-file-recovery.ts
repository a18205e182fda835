import type { Profile } from "../../profiles/index.js";
import type { Clock } from "../clock.js";
import type { Actor } from "../events.js";
import type { Identity } from "../identity.js";
import type { Random } from "../random.js";
import type { PasswordReset } from "./password-reset.js";
import type { RecoveryTokens } from "./recovery-tokens.js";
import type { FlashState } from "../state.js";
import { DeviceError } from "../errors.js";
import { NONCE_BYTES, decodeKeyAnswer, encodeKeyExport } from "../../support/key-file.js";

export interface KeyFileRecoveryDeps {
  readonly identity: Identity;
  readonly profile: () => Profile;
  readonly clock: Clock;
  readonly random: Random;
  readonly flash: () => FlashState;
  /** Epoch ms of the device's own clock: the export time the key carries. */
  readonly deviceTime: () => number;
  readonly tokens: RecoveryTokens;
  readonly passwordReset: PasswordReset;
}

/** The pending export: the nonce the support's answer must echo. */
interface PendingExport {
  readonly nonce: string;
}

/**
 * The key file (hik-protocols.md §1.8.2, profile `recovery` "exportKeyFile"): SADP `getcode`
 * exports a key (serial, a fresh nonce, the export time; support/key-file.ts); the support
 * desk answers with an import file signed by the support key; `reset` with that answer and a
 * new password sets it. The export is a RAM token (profile `recoveryExpiry.keyExport`, 48 h):
 * a reboot voids it, a new export replaces it, a successful reset uses it up. The answer is
 * refused past the expiry it carries (the desk's) and past the firmware's own lifetime for
 * answers (profile `recoveryExpiry.keyAnswer`, 24 h, counted from the answer's issue time).
 */
export class KeyFileRecovery {
  constructor(private readonly deps: KeyFileRecoveryDeps) {}

  /** The key blob (Base64, §1.8.2): what `getcode` answers in `<Code>` and DeviceKey.xml carries. */
  export(): string {
    const { deps } = this;
    deps.passwordReset.requireOffered("exportKeyFile");
    if (!deps.flash().activated) throw new DeviceError("notActivated", "activate the device instead");
    const nonce = deps.random.bytes(NONCE_BYTES).toString("hex");
    const code = encodeKeyExport({ serial: deps.identity.serial, nonce, exportedAt: deps.deviceTime() });
    deps.tokens.issue<PendingExport>("keyExport", { nonce }, deps.profile().recoveryExpiry.keyExport);
    return code;
  }

  /**
   * Sets `newPassword` when `answerCode` is the support's signed answer to this device's pending
   * export. Refusals: not a signed answer, another device's or another export's → badResetCode;
   * no pending export (expired, rebooted, used) or the answer past its expiry → resetCodeExpired;
   * a weak password → riskPassword (PasswordReset checks it first: the export stays pending, as
   * it does when the flash write fails — it is used up only once the new password is written).
   */
  reset(answerCode: string, newPassword: string, actor: Actor): Promise<void> {
    const { deps } = this;
    let checked: PendingExport | undefined;
    return deps.passwordReset.reset({
      method: "exportKeyFile",
      password: { kind: "chosen", password: newPassword },
      actor,
      verify: () => {
        const answer = decodeKeyAnswer(answerCode);
        if (!answer?.authentic) throw new DeviceError("badResetCode", "Code is not an import file signed by the support desk");
        if (answer.serial !== deps.identity.serial) throw new DeviceError("badResetCode", "the import file is for another device");
        const pending = deps.tokens.lookup<PendingExport>("keyExport");
        if (pending.state !== "pending") throw new DeviceError("resetCodeExpired", "no key export is pending (expired, voided by a reboot, or used)");
        if (pending.value.nonce !== answer.nonce) throw new DeviceError("badResetCode", "the import file answers another export");
        const now = deps.clock.now();
        if (now >= answer.expiresAt) throw new DeviceError("resetCodeExpired", "the import file has expired");
        if (now >= answer.issuedAt + deps.profile().recoveryExpiry.keyAnswer * 1000) throw new DeviceError("resetCodeExpired", "the import file is older than this firmware accepts");
        checked = pending.value;
      },
      onWritten: () => deps.tokens.voidIf("keyExport", checked),
    });
  }
}

/** Whether a `reset` `<Code>` is shaped as a key-file answer (signed or not): the SADP front routes on it. */
export function isKeyFileAnswer(code: string): boolean {
  return decodeKeyAnswer(code) !== undefined;
}
