import t from "tap";
import { Command } from "commander";
import { parseFleetFile } from "../../src/config/fleet-config.js";
import { DEFAULT_SETTINGS, resolveSettings, type Settings, type SettingsLayer } from "../../src/config/settings.js";
import { settingsFromEnv } from "../../src/config/settings-env.js";
import { addStartOptions, cliSettings, type StartOptions } from "../../src/cli/start-options.js";
import { profiles } from "../helpers/harness.js";

/** Each setting at each layer, written as the user writes it: fleet file YAML, environment, argv. */
interface Row {
  readonly key: keyof Settings;
  readonly file?: { readonly yaml: string; readonly value: unknown };
  readonly env: { readonly vars: Record<string, string>; readonly value: unknown };
  readonly cli: { readonly argv: readonly string[]; readonly value: unknown };
}

const ROWS: readonly Row[] = [
  { key: "fleet", env: { vars: { HIKEMU_FLEET: "env.yaml" }, value: "env.yaml" }, cli: { argv: ["--fleet", "cli.yaml"], value: "cli.yaml" } },
  { key: "state", env: { vars: { HIKEMU_STATE_DIR: "/env" }, value: "/env" }, cli: { argv: ["--state", "/cli"], value: "/cli" } },
  {
    key: "interface",
    file: { yaml: "interface: file0\n", value: "file0" },
    env: { vars: { HIKEMU_INTERFACE: "env0" }, value: "env0" },
    cli: { argv: ["--interface", "cli0"], value: "cli0" },
  },
  {
    key: "httpPort",
    file: { yaml: "http:\n  port: 81\n", value: 81 },
    env: { vars: { HIKEMU_HTTP_PORT: "82" }, value: 82 },
    cli: { argv: ["--http-port", "0"], value: 0 },
  },
  {
    key: "httpFallbackPort",
    file: { yaml: "http:\n  fallbackPort: 8081\n", value: 8081 },
    env: { vars: { HIKEMU_HTTP_FALLBACK_PORT: "8082" }, value: 8082 },
    cli: { argv: ["--http-fallback-port", "8083"], value: 8083 },
  },
  {
    key: "sadpPort",
    file: { yaml: "sadp:\n  port: 37021\n", value: 37021 },
    env: { vars: { HIKEMU_SADP_PORT: "37022" }, value: 37022 },
    cli: { argv: ["--sadp-port", "37023"], value: 37023 },
  },
  {
    key: "ssdp",
    file: { yaml: "ssdp:\n  enabled: false\n", value: false },
    env: { vars: { HIKEMU_SSDP: "on" }, value: true },
    cli: { argv: ["--no-ssdp"], value: false },
  },
  {
    key: "ssdp",
    file: { yaml: "ssdp:\n  enabled: true\n", value: true },
    env: { vars: { HIKEMU_SSDP: "off" }, value: false },
    cli: { argv: ["--ssdp"], value: true },
  },
  {
    key: "ssdpPort",
    file: { yaml: "ssdp:\n  port: 1901\n", value: 1901 },
    env: { vars: { HIKEMU_SSDP_PORT: "1902" }, value: 1902 },
    cli: { argv: ["--ssdp-port", "0"], value: 0 },
  },
  { key: "logLevel", env: { vars: { HIKEMU_LOG_LEVEL: "debug" }, value: "debug" }, cli: { argv: ["--log-level", "warn"], value: "warn" } },
  { key: "json", env: { vars: { HIKEMU_JSON: "1" }, value: true }, cli: { argv: ["--no-json"], value: false } },
  { key: "json", env: { vars: { HIKEMU_JSON: "false" }, value: false }, cli: { argv: ["--json"], value: true } },
  {
    key: "clock",
    file: { yaml: "clock: virtual\n", value: "virtual" },
    env: { vars: { HIKEMU_CLOCK: "real" }, value: "real" },
    cli: { argv: ["--clock", "virtual"], value: "virtual" },
  },
  {
    key: "control",
    file: { yaml: "control: 127.0.0.1:9181\n", value: "127.0.0.1:9181" },
    env: { vars: { HIKEMU_CONTROL: "[::1]:9182" }, value: "[::1]:9182" },
    cli: { argv: ["--control", "off"], value: "off" },
  },
  {
    key: "control",
    file: { yaml: "control: off\n", value: "off" },
    env: { vars: { HIKEMU_CONTROL: "off" }, value: "off" },
    cli: { argv: ["--control", "9183"], value: "9183" },
  },
  { key: "controlToken", env: { vars: { HIKEMU_CONTROL_TOKEN: "env-token" }, value: "env-token" }, cli: { argv: ["--control-token", "auto"], value: "auto" } },
  {
    key: "advertise",
    file: { yaml: "advertise: 192.168.50.0/24\n", value: "192.168.50.0/24" },
    env: { vars: { HIKEMU_ADVERTISE: "10.20.0.0/16" }, value: "10.20.0.0/16" },
    cli: { argv: ["--advertise", "203.0.113.7"], value: "203.0.113.7" },
  },
  // Issue #11: SMTP delivery (the fleet file's structured mail.smtp is merged in main.ts, not a layer here).
  {
    key: "smtp",
    env: { vars: { HIKEMU_SMTP: "smtp://lab:p%40ss@127.0.0.1:2525" }, value: { host: "127.0.0.1", port: 2525, secure: false, user: "lab", password: "p@ss" } },
    cli: { argv: ["--smtp", "smtps://mail.lab.example"], value: { host: "mail.lab.example", port: 465, secure: true } },
  },
];

function cliLayer(argv: readonly string[]): SettingsLayer {
  const command = addStartOptions(new Command("start")).exitOverride();
  return cliSettings(command.parse(argv, { from: "user" }).opts<StartOptions>());
}

function fileLayer(yaml: string) {
  const result = parseFleetFile(`${yaml}devices:\n  - profile: DS-2CD2146G2-ISU\n`, profiles);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.settings;
}

t.test("every setting comes from the highest layer that names it: defaults < fleet file < environment < command line", (t) => {
  for (const row of ROWS) {
    const layers = ["file", "env", "cli"] as const;
    for (let mask = 0; mask < 1 << layers.length; mask++) {
      const present = layers.filter((_, i) => mask & (1 << i));
      if (present.includes("file") && !row.file) continue;
      const settings = resolveSettings({
        defaults: DEFAULT_SETTINGS,
        fleetFile: fileLayer(present.includes("file") ? row.file!.yaml : ""),
        env: settingsFromEnv(present.includes("env") ? row.env.vars : {}),
        cli: cliLayer(present.includes("cli") ? row.cli.argv : []),
      });
      const top = present.at(-1);
      const expected = top === undefined ? DEFAULT_SETTINGS[row.key] : top === "file" ? row.file!.value : row[top].value;
      t.same(settings[row.key], expected, `${row.key} with ${present.join(" + ") || "defaults only"} → ${String(expected)}`);
      t.same({ ...settings, [row.key]: undefined }, { ...DEFAULT_SETTINGS, [row.key]: undefined }, "and nothing else moves");
    }
  }
  t.end();
});

t.test("no layer's absent value masks a lower one", (t) => {
  const none = { fleet: undefined, state: undefined, interface: undefined, httpPort: undefined, httpFallbackPort: undefined, sadpPort: undefined, ssdp: undefined, ssdpPort: undefined, logLevel: undefined, json: undefined, clock: undefined, control: undefined, controlToken: undefined, advertise: undefined, smtp: undefined };
  t.strictSame(cliLayer([]), none, "commander gives no defaults");
  t.same(fileLayer(""), {}, "a fleet file that leaves a setting out does not set the schema's default");
  t.same(settingsFromEnv({ HIKEMU_STATE_DIR: "", HIKEMU_HTTP_PORT: "" }), {}, "an empty variable is unset");
  t.same(resolveSettings({ defaults: DEFAULT_SETTINGS, env: { state: "/env" }, cli: { state: undefined } }).state, "/env");
  t.end();
});

t.test("the fleet file has no say over the fleet path, the state directory, the log level, the output or the control token", (t) => {
  for (const line of ["fleet: other.yaml\n", "state: /elsewhere\n", "logLevel: debug\n", "json: true\n"]) {
    const result = parseFleetFile(`${line}devices:\n  - profile: DS-2CD2146G2-ISU\n`, profiles);
    t.match(result, { ok: false, problems: [{ line: 1 }] }, `a file writing ${line.trim()} is refused, pointing at the line`);
  }
  t.match(parseFleetFile("controlToken: secret\ndevices:\n  - profile: DS-2CD2146G2-ISU\n", profiles), { ok: false, problems: [{ line: 1 }] }, "nor over the control token: a secret stays out of the file");
  const everything = fileLayer("interface: all\nhttp:\n  port: 81\n  fallbackPort: 8081\nsadp:\n  port: 37021\nssdp:\n  enabled: false\n  port: 1901\nclock: virtual\ncontrol: 127.0.0.1:9181\nadvertise: 192.168.50.0/24\n");
  t.same(Object.keys(everything).sort(), ["advertise", "clock", "control", "httpFallbackPort", "httpPort", "interface", "sadpPort", "ssdp", "ssdpPort"], "a file writing all it may yields only its own nine settings");
  const { fleet, state, logLevel, json } = resolveSettings({ defaults: DEFAULT_SETTINGS, fleetFile: everything });
  t.same({ fleet, state, logLevel, json }, { fleet: DEFAULT_SETTINGS.fleet, state: DEFAULT_SETTINGS.state, logLevel: DEFAULT_SETTINGS.logLevel, json: DEFAULT_SETTINGS.json }, "so, even with no layer above it, the fleet path main.ts resolves before reading the file is the one after");
  t.end();
});
