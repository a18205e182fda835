import t from "tap";
import { settingsFromEnv } from "../../src/config/settings-env.js";
import { SettingsError } from "../../src/config/settings.js";

t.test("malformed environment values are refused, naming the variable", (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ HIKEMU_HTTP_PORT: "eighty" }, /^HIKEMU_HTTP_PORT: expected a port number 0-65535, got "eighty"$/],
    [{ HIKEMU_HTTP_FALLBACK_PORT: "65536" }, /^HIKEMU_HTTP_FALLBACK_PORT: expected a port number/],
    [{ HIKEMU_SADP_PORT: "0x9c9c" }, /^HIKEMU_SADP_PORT: expected a port number/],
    [{ HIKEMU_SADP_PORT: " 37020" }, /^HIKEMU_SADP_PORT: expected a port number/],
    [{ HIKEMU_SADP_PORT: "-1" }, /^HIKEMU_SADP_PORT: expected a port number/],
    [{ HIKEMU_LOG_LEVEL: "loud" }, /^HIKEMU_LOG_LEVEL: expected a log level \(fatal, error, warn, info, debug, trace, silent\), got "loud"$/],
    [{ HIKEMU_JSON: "maybe" }, /^HIKEMU_JSON: expected 1, true, yes, on, 0, false, no or off/],
  ];
  for (const [env, message] of cases) t.throws(() => settingsFromEnv(env), { name: "SettingsError", message }, JSON.stringify(env));
  t.throws(() => settingsFromEnv({ HIKEMU_HTTP_PORT: "x" }), SettingsError);
  t.end();
});

t.test("well-formed values are typed; unrelated variables are ignored", (t) => {
  t.same(settingsFromEnv({ HIKEMU_SADP_PORT: "0", HIKEMU_JSON: "Yes", HIKEMU_LOG_LEVEL: "silent", HIKEMU_OTHER: "x", PATH: "/bin" }), { sadpPort: 0, json: true, logLevel: "silent" });
  t.same(settingsFromEnv({ HIKEMU_HTTP_PORT: "65535", HIKEMU_JSON: "off" }), { httpPort: 65535, json: false });
  t.end();
});

t.test("HIKEMU_ADVERTISE takes an address or ADDRESS/PREFIX", (t) => {
  t.same(settingsFromEnv({ HIKEMU_ADVERTISE: "192.168.50.0/24" }), { advertise: "192.168.50.0/24" });
  t.same(settingsFromEnv({ HIKEMU_ADVERTISE: "192.168.50.7" }), { advertise: "192.168.50.7" });
  for (const bad of ["192.168.50.0/0", "192.168.50.0/33", "192.168.50", "lan", "192.168.50.0/24/1"]) {
    t.throws(() => settingsFromEnv({ HIKEMU_ADVERTISE: bad }), { message: /^HIKEMU_ADVERTISE: expected an IPv4 address or ADDRESS\/PREFIX/ }, bad);
  }
  t.end();
});
