import t from "tap";
import { assessPassword } from "../../../src/emulator/auth/password-policy.js";

const policy = { minLength: 8, maxLength: 16 };

t.test("risky passwords are refused with riskPassword (hik-protocols.md §2.10)", (t) => {
  const risky: [string, string][] = [
    ["Ab1!", "shorter than 8"],
    ["abcdefghij", "one class only"],
    ["12345678", "digits only"],
    ["nimda", "too short anyway"],
    ["Admin", "user name"],
    ["myadmin123", "contains the user name"],
  ];
  for (const [password, why] of risky) {
    const verdict = assessPassword(password, "admin", policy);
    t.same(verdict.accepted, false, why);
    if (!verdict.accepted) t.equal(verdict.code, "riskPassword", why);
  }
  t.end();
});

t.test("too long or non-ASCII is a format error, not a strength one", (t) => {
  for (const password of ["Abcdefgh123456789", "Pässwort123"]) {
    const verdict = assessPassword(password, "admin", policy);
    t.same(verdict, { accepted: false, code: "badPasswordFormat", reason: verdict.accepted ? "" : verdict.reason }, password);
  }
  t.end();
});

t.test("strength levels of accepted passwords", (t) => {
  t.same(assessPassword("abcd1234", "admin", policy), { accepted: true, level: 1 }, "digits + lower case is weak");
  t.same(assessPassword("ABCD1234", "admin", policy), { accepted: true, level: 1 }, "digits + upper case is weak");
  t.same(assessPassword("abcdEFGH", "admin", policy), { accepted: true, level: 2 }, "lower + upper is medium");
  t.same(assessPassword("abcd!@#$", "admin", policy), { accepted: true, level: 2 }, "letters + specials is medium");
  t.same(assessPassword("Abcd1234", "admin", policy), { accepted: true, level: 3 }, "three classes is strong");
  t.same(assessPassword("Hik12345!", "admin", policy), { accepted: true, level: 3 });
  t.end();
});
