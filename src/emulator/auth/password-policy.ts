import type { ErrorCode } from "../errors.js";

export interface PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
}

/** Strength levels of hik-protocols.md §2.10: 0 risky (refused), 1 weak, 2 medium, 3 strong. */
export type PasswordVerdict =
  | { readonly accepted: true; readonly level: 1 | 2 | 3 }
  | { readonly accepted: false; readonly code: Extract<ErrorCode, "riskPassword" | "badPasswordFormat">; readonly reason: string };

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Password rules of hik-protocols.md §2.10 (quick start guides, SecurityCap):
 * 8–16 printable ASCII characters of at least two classes, not the user name, not the
 * user name reversed. The web UI also refuses passwords containing the user name; real
 * firmware applies that to activation as well (our reading of the guides), so we do too.
 */
export function assessPassword(password: string, userName: string, policy: PasswordPolicy): PasswordVerdict {
  if (!PRINTABLE_ASCII.test(password) || password.length > policy.maxLength) {
    return { accepted: false, code: "badPasswordFormat", reason: `must be ${policy.minLength}-${policy.maxLength} printable ASCII characters` };
  }
  if (password.length < policy.minLength) {
    return { accepted: false, code: "riskPassword", reason: `shorter than ${policy.minLength} characters` };
  }
  const lower = password.toLowerCase();
  const name = userName.toLowerCase();
  if (name.length > 0 && (lower === name || lower === [...name].reverse().join(""))) {
    return { accepted: false, code: "riskPassword", reason: "equal to the user name or its reverse" };
  }
  if (name.length >= 3 && lower.includes(name)) {
    return { accepted: false, code: "riskPassword", reason: "contains the user name" };
  }
  const hasDigit = /\d/.test(password);
  const hasLower = /[a-z]/.test(password);
  const hasUpper = /[A-Z]/.test(password);
  const hasSpecial = /[^a-zA-Z0-9]/.test(password);
  const classes = [hasDigit, hasLower, hasUpper, hasSpecial].filter(Boolean).length;
  if (classes < 2) {
    return { accepted: false, code: "riskPassword", reason: "uses only one kind of character" };
  }
  if (classes >= 3) return { accepted: true, level: 3 };
  // Two classes: digits with one letter case is "weak", anything else "medium" (§2.10 table).
  return { accepted: true, level: hasDigit && !hasSpecial ? 1 : 2 };
}
