import t from "tap";
import { parseFleetFile } from "../../src/config/fleet-config.js";
import { parseSmtpUrl } from "../../src/config/smtp-url.js";
import { profiles } from "../helpers/harness.js";

const DEVICES = "devices:\n  - profile: DS-2CD2146G2-ISU\n";

t.test("fleet file mail block: smtp with defaults, from; absent means no SMTP", (t) => {
  const none = parseFleetFile(DEVICES, profiles);
  t.ok(none.ok);
  t.equal(none.ok && none.config.mail, undefined, "no mail block: nothing configured");

  const full = parseFleetFile(`mail:\n  smtp:\n    host: 127.0.0.1\n    port: 2525\n    user: lab\n    password: secret\n  from: desk@lab.example\n${DEVICES}`, profiles);
  t.ok(full.ok);
  t.same(full.ok && full.config.mail, { smtp: { host: "127.0.0.1", port: 2525, secure: false, user: "lab", password: "secret" }, from: "desk@lab.example" });

  const minimal = parseFleetFile(`mail:\n  smtp:\n    host: mail.lab.example\n${DEVICES}`, profiles);
  t.same(minimal.ok && minimal.config.mail, { smtp: { host: "mail.lab.example", port: 25, secure: false } }, "port 25, plain (STARTTLS when offered) by default");
  t.end();
});

t.test("fleet file mail block: bad values point at their line", (t) => {
  const cases: [string, string, number, RegExp][] = [
    ["a sender that is no address", `mail:\n  from: nobody\n${DEVICES}`, 2, /e-mail address/],
    ["an unknown key", `mail:\n  smtp:\n    host: h\n    tls: true\n${DEVICES}`, 4, /unknown key\(s\): tls/],
    ["no host", `mail:\n  smtp:\n    port: 25\n${DEVICES}`, 3, /./],
    ["a port out of range", `mail:\n  smtp:\n    host: h\n    port: 70000\n${DEVICES}`, 4, /./],
  ];
  for (const [what, yaml, line, message] of cases) {
    const result = parseFleetFile(yaml, profiles);
    t.notOk(result.ok, what);
    if (!result.ok) {
      t.equal(result.problems[0]?.line, line, `${what}: line ${line}`);
      t.match(result.problems[0]?.message, message, what);
    }
  }
  t.end();
});

t.test("HIKEMU_SMTP / --smtp URLs", (t) => {
  t.same(parseSmtpUrl("smtp://127.0.0.1"), { host: "127.0.0.1", port: 25, secure: false });
  t.same(parseSmtpUrl("smtps://u%40lab:p%3Aw@mail.lab.example:4650"), { host: "mail.lab.example", port: 4650, secure: true, user: "u@lab", password: "p:w" });
  t.same(parseSmtpUrl("smtp://[::1]:2525"), { host: "::1", port: 2525, secure: false });
  t.throws(() => parseSmtpUrl("http://mail.lab.example"), /smtp:\/\/ or smtps:\/\//);
  t.throws(() => parseSmtpUrl("smtp://mail.lab.example/path"), /no path/);
  let message = "";
  try {
    parseSmtpUrl("smtp://user:secret@");
  } catch (error) {
    message = (error as Error).message;
  }
  t.match(message, /expected smtp:\/\/.*"smtp:\/\/user:\*\*\*@"/, "a malformed URL is refused with its password masked");
  t.notMatch(message, /secret/);
  t.end();
});
