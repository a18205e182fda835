import t from "tap";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { assessPassword } from "../../src/emulator/auth/password-policy.js";
import { PASSWORD_POLICY } from "../../src/profiles/models/common.js";

// The pages' strength meter (web/doc/script/password-rules.js, plain browser JS without imports,
// also served to the recorder local GUI) must call "Risky" exactly what the device refuses:
// loaded here as is and compared with the device's own rules (password-policy.ts, hik-protocols.md §2.10).
interface PasswordRulesModule {
  strengthOf(password: string, userName?: string): 0 | 1 | 2 | 3;
  STRENGTH_LABELS: readonly string[];
}
const { strengthOf, STRENGTH_LABELS } = (await import(pathToFileURL(resolve("web/doc/script/password-rules.js")).href)) as PasswordRulesModule;

const NAMES = ["admin", "op1", "Ab", "x", "Operator7", "nimda"];
const PASSWORDS = [
  // length around the 8–16 bounds of the default policy
  "Ab1!xyz",
  "Ab1!xyzw",
  "Ab1!xyzw12345678",
  "Ab1!xyzw123456789",
  "abcdefgh",
  "ABCDEFGH",
  "12345678",
  "!!!!????",
  "        ",
  "abcd1234",
  "ABCD1234",
  "abcdEFGH",
  "abcd!@#$",
  "Abcd1234",
  "Hik12345!",
  // the user name: equal, reversed, contained, in another case
  "admin",
  "Admin123",
  "xADMINx12",
  "nimda123",
  "Nimda",
  "op1op1op1",
  "my-op1-Key9",
  "Kite-77pass",
  "abAB1234",
  "Xy12ab34",
  "x1234567",
  "Operator7",
  "7rotarepO",
  "operator7!",
  "admin12345678901",
  // outside printable ASCII
  "Pässwort-123",
  "Pass\tword12",
  "Pass word12",
  "Passwort\u00a0123",
  "Kennwort-€12",
];

t.test("the meter's Risky is exactly what the device refuses under the default policy (8–16)", async (t) => {
  t.same(PASSWORD_POLICY, { minLength: 8, maxLength: 16 }, "the default policy the meter follows");
  for (const userName of NAMES) {
    for (const password of PASSWORDS) {
      const verdict = assessPassword(password, userName, PASSWORD_POLICY);
      const level = strengthOf(password, userName);
      const what = `${JSON.stringify(password)} for ${userName}: device ${verdict.accepted ? `accepts (level ${verdict.level})` : `refuses (${verdict.reason})`}, meter ${STRENGTH_LABELS[level]}`;
      t.equal(level === 0, !verdict.accepted, what);
      // The meter keeps its levels: where the device accepts, they are the device's levels.
      if (verdict.accepted) t.equal(level, verdict.level, `${what}: same level`);
    }
  }
});

t.test("the meter's levels (hik-protocols.md §2.10)", async (t) => {
  t.same(STRENGTH_LABELS, ["Risky", "Weak", "Medium", "Strong"]);
  t.equal(strengthOf("abcdefgh"), 0, "one kind of character: risky");
  t.equal(strengthOf("abcd1234"), 1, "digits and one letter case: weak");
  t.equal(strengthOf("abcd!@#$"), 2, "letters and specials: medium");
  t.equal(strengthOf("Hik12345!"), 3, "three kinds: strong");
  t.equal(strengthOf("Admin123"), 0, "the default user name admin is contained: risky");
});
