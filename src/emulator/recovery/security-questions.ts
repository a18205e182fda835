import { pbkdf2Sync, timingSafeEqual } from "node:crypto";
import type { EventEmitter } from "node:events";
import type { Profile } from "../../profiles/index.js";
import type { Actor, DeviceEventMap } from "../events.js";
import type { Random } from "../random.js";
import type { FlashAccess, SecurityAnswerRecord } from "../state.js";
import { DeviceError } from "../errors.js";
import type { PasswordReset } from "./password-reset.js";

/** One answer as a front read it: the question's id and the answer text. */
export interface SecurityAnswerInput {
  readonly id: number;
  readonly answer: string;
}

/** One question of the firmware's catalogue (profile `securityQuestions`). */
export interface SecurityQuestion {
  readonly id: number;
  readonly text: string;
}

export interface SecurityQuestionsDeps extends FlashAccess {
  readonly name: string;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly profile: () => Profile;
  readonly random: Random;
  readonly passwordReset: PasswordReset;
}

/** The admin answers three distinct questions (the web UI's iMaxQANum 3; the NVR manuals: "the three security questions"). */
export const QUESTION_COUNT = 3;
/** SecurityCap SecurityLimits/SecurityAnswerLenLimit min 1 max 128 (§2.8, every capture). */
export const ANSWER_MIN = 1;
export const ANSWER_MAX = 128;
const ITERATIONS = 1000;
/** What flash keeps per answer (record-schema.ts checks stored records against it). */
export const ANSWER_HASH_PATTERN = new RegExp(`^pbkdf2-sha256:${ITERATIONS}:[0-9a-f]{32}:[0-9a-f]{64}$`);

/**
 * Security questions (issue #11; hik-protocols.md §1.8.4, §2.8), `device.recovery.questions`.
 * The admin, logged in, picks three distinct questions of the firmware's catalogue and answers
 * them; flash keeps per answer a salted PBKDF2-SHA256 hash (`recovery.questions`), never the
 * text. A forgotten password is reset by answering all three (SADP AnswerReset, ISAPI
 * questionCertification): answers are compared with surrounding whitespace trimmed and case
 * kept as typed (our choice: no source says the firmware folds case; trimming forgives the
 * stray space of a form field). Wrong answers count toward the lockout (attempt-gate.ts, applied
 * by PasswordReset).
 * Authorising `set` (the admin's password) is the fronts' business, as for user management.
 * Restore keeps the answers (they live in flash `recovery`), Default removes them (state.ts).
 */
export class SecurityQuestions {
  constructor(private readonly deps: SecurityQuestionsDeps) {}

  /** The firmware's questions, ids and texts. */
  catalogue(): readonly SecurityQuestion[] {
    return this.deps.profile().securityQuestions;
  }

  /** Ids of the questions the admin answered, in the order set; empty when never set. */
  configuredIds(): readonly number[] {
    return (this.deps.flash().recovery?.questions ?? []).map((q) => q.id);
  }

  /** Whether the firmware offers the method (SecurityCap isSupportSecurityQuestionConfig, SADP SupportSecurityQuestion). */
  get offered(): boolean {
    return this.deps.passwordReset.offers("securityQuestions");
  }

  /** Sets (replaces) the three answers. Validated whole first: a refusal writes nothing. */
  set(answers: readonly SecurityAnswerInput[], actor: Actor): Promise<void> {
    this.deps.passwordReset.requireOffered("securityQuestions");
    this.#validate(answers, "set");
    const records: SecurityAnswerRecord[] = answers.map((a) => ({ id: a.id, answerHash: this.#hash(a.answer) }));
    return this.deps.exclusive(async () => {
      const flash = this.deps.flash();
      await this.deps.writeFlash({ ...flash, recovery: { ...flash.recovery, questions: records } });
      this.deps.events.emit("settingsChanged", { name: this.deps.name, setting: "securityQuestions", actor });
    });
  }

  /**
   * Resets the admin password with the answers to the questions set (all must match). Refused:
   * `recoveryNotConfigured` when never set, `wrongSecurityAnswer` (counted) on any mismatch,
   * `badParameters` for answers out of range (not counted), the password rules for the new one.
   */
  reset(answers: readonly SecurityAnswerInput[], newPassword: string, actor: Actor, options: { readonly syncIPCPassword?: boolean } = {}): Promise<void> {
    return this.deps.passwordReset.reset({
      method: "securityQuestions",
      password: { kind: "chosen", password: newPassword },
      actor,
      ...(options.syncIPCPassword === undefined ? {} : { syncIPCPassword: options.syncIPCPassword }),
      verify: (flash) => {
        this.#validate(answers, "reset");
        const stored = flash.recovery?.questions ?? [];
        if (stored.length === 0) throw new DeviceError("recoveryNotConfigured", "no security questions were set");
        const given = new Map(answers.map((a) => [a.id, a.answer]));
        // Every answer is derived and compared, the wrong ones too: no early exit.
        const results = stored.map((q) => matches(q.answerHash, given.get(q.id)));
        if (stored.length !== given.size || results.includes(false)) throw new DeviceError("wrongSecurityAnswer", "the answers do not match the questions set");
      },
    });
  }

  #validate(answers: readonly SecurityAnswerInput[], use: "set" | "reset"): void {
    if (answers.length !== QUESTION_COUNT) throw new DeviceError("badParameters", `QuestionList must hold ${QUESTION_COUNT} Question elements (it has ${answers.length})`);
    const known = new Set(this.catalogue().map((q) => q.id));
    const seen = new Set<number>();
    for (const { id, answer } of answers) {
      if (use === "set" && !known.has(id)) throw new DeviceError("badParameters", `Question/id ${id} is not one of the firmware's questions`);
      if (seen.has(id)) throw new DeviceError("badParameters", `Question/id ${id} appears twice: the questions must be distinct`);
      seen.add(id);
      const length = normalise(answer).length;
      if (length < ANSWER_MIN || answer.length > ANSWER_MAX) throw new DeviceError("badParameters", `Question/answer of question ${id} must be ${ANSWER_MIN}-${ANSWER_MAX} characters`);
    }
  }

  #hash(answer: string): string {
    const salt = this.deps.random.bytes(16);
    return `pbkdf2-sha256:${ITERATIONS}:${salt.toString("hex")}:${derive(normalise(answer), salt, ITERATIONS).toString("hex")}`;
  }
}

/** Answers compare with surrounding whitespace trimmed, case kept. */
function normalise(answer: string): string {
  return answer.trim();
}

function derive(answer: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(Buffer.from(answer, "utf8"), salt, iterations, 32, "sha256");
}

/**
 * Whether `answer` is the one `stored` was derived from (ANSWER_HASH_PATTERN). The work factor is
 * ours (ITERATIONS), never read from the stored string: a crafted record cannot stall the device.
 */
function matches(stored: string, answer: string | undefined): boolean {
  const [, , salt, hash] = stored.split(":");
  if (!ANSWER_HASH_PATTERN.test(stored) || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, "hex");
  const actual = derive(normalise(answer ?? ""), Buffer.from(salt, "hex"), ITERATIONS);
  return answer !== undefined && timingSafeEqual(expected, actual);
}
