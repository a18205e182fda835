// The strength meter follows the device's rules (hik-protocols.md §2.10, the default 8–16
// policy of src/emulator/auth/password-policy.ts; test/web/password-rules.test.ts keeps the two
// in step); the device still decides, and its refusal is what the page shows.

export const RULES_TEXT =
  "8 to 16 printable ASCII characters, using at least two kinds of: digits, lower-case letters, upper-case letters, special characters. It must not be the user name or the user name reversed, nor contain the user name.";

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** 0 risky, 1 weak, 2 medium, 3 strong (the §2.10 levels). */
export function strengthOf(password, userName = "admin") {
  if (!PRINTABLE_ASCII.test(password) || password.length < 8 || password.length > 16) return 0;
  const lower = password.toLowerCase();
  const name = userName.toLowerCase();
  if (name && (lower === name || lower === [...name].reverse().join(""))) return 0;
  // Containing the user name counts only for names of three characters or more (as the device).
  if (name.length >= 3 && lower.includes(name)) return 0;
  const digit = /\d/.test(password);
  const classes = [digit, /[a-z]/.test(password), /[A-Z]/.test(password), /[^a-zA-Z0-9]/.test(password)].filter(Boolean).length;
  if (classes < 2) return 0;
  if (classes >= 3) return 3;
  return digit && !/[^a-zA-Z0-9]/.test(password) ? 1 : 2;
}

export const STRENGTH_LABELS = ["Risky", "Weak", "Medium", "Strong"];

/** Wires a password input to a <meter> and its label. */
export function attachMeter(input, meter, label, userName = () => "admin") {
  const update = () => {
    const level = input.value === "" ? 0 : strengthOf(input.value, userName());
    meter.value = input.value === "" ? 0 : level + 1;
    label.textContent = input.value === "" ? "" : STRENGTH_LABELS[level];
    meter.dataset.level = input.value === "" ? "" : STRENGTH_LABELS[level].toLowerCase();
  };
  input.addEventListener("input", update);
  update();
}

/** What the page says for a device refusal (ResponseStatus subStatusCode, its errorMsg where given). */
export function refusalText(error) {
  const detail = error.errorMsg && !/^0x[0-9a-f]+$/i.test(error.errorMsg) ? ` (${error.errorMsg})` : "";
  switch (error.subStatusCode) {
    case "riskPassword":
      return `The device refused this password as too weak${detail}.`;
    case "badPasswordFormat":
      return `The device refused the password's format${detail}.`;
    case "lowPrivilege":
      return "This user may not do that.";
    case "notActivated":
      return "The device is not activated.";
    case "deviceLocked":
    case "userLocked":
      return "The device is locked. Try again later.";
    default:
      if (error.unreachable) return "The device does not answer.";
      return `The device refused: ${error.subStatusCode || error.statusString || `HTTP ${error.status}`}${detail}.`;
  }
}
