import t from "tap";
import { Command } from "commander";
import { parseFleetFile } from "../../src/config/fleet-config.js";
import { controlBind, isLoopbackHost, parseClockMode, parseControl } from "../../src/config/settings.js";
import { settingsFromEnv } from "../../src/config/settings-env.js";
import { addStartOptions } from "../../src/cli/start-options.js";
import { profiles } from "../helpers/harness.js";

t.test("--control: off, ADDR:PORT, [IPv6]:PORT or a bare port on 127.0.0.1", (t) => {
  t.equal(controlBind("off"), undefined);
  t.same(controlBind("127.0.0.1:9080"), { host: "127.0.0.1", port: 9080 });
  t.same(controlBind("9081"), { host: "127.0.0.1", port: 9081 });
  t.same(controlBind("0"), { host: "127.0.0.1", port: 0 });
  t.same(controlBind("[::1]:9082"), { host: "::1", port: 9082 });
  t.same(controlBind("localhost:9083"), { host: "localhost", port: 9083 });
  t.same(controlBind("0.0.0.0:9084"), { host: "0.0.0.0", port: 9084 });
  for (const bad of ["", "on", "127.0.0.1", "127.0.0.1:", ":9080", "127.0.0.1:65536", "127.0.0.1:0x50", "::1:9080", "[::1]", "http://127.0.0.1:9080", "127.0.0.1:9080 "]) {
    t.throws(() => parseControl(bad), { name: "SettingsError", message: /^expected off, ADDR:PORT, \[IPv6\]:PORT or a port, got|^expected a port number/ }, JSON.stringify(bad));
  }
  t.end();
});

t.test("what counts as loopback for the token rule", (t) => {
  for (const host of ["127.0.0.1", "127.9.8.7", "::1", "localhost"]) t.ok(isLoopbackHost(host), host);
  for (const host of ["0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "localhost.example", "127.0.0.1.example", "::ffff:127.0.0.1"]) t.notOk(isLoopbackHost(host), host);
  t.end();
});

t.test("--clock real|virtual only", (t) => {
  t.equal(parseClockMode("virtual"), "virtual");
  t.equal(parseClockMode("real"), "real");
  for (const bad of ["Virtual", "fake", "", "real "]) t.throws(() => parseClockMode(bad), { message: /^expected a clock \(real or virtual\), got/ }, JSON.stringify(bad));
  t.end();
});

t.test("bad values in the environment name the variable", (t) => {
  t.throws(() => settingsFromEnv({ HIKEMU_CLOCK: "fast" }), { name: "SettingsError", message: 'HIKEMU_CLOCK: expected a clock (real or virtual), got "fast"' });
  t.throws(() => settingsFromEnv({ HIKEMU_CONTROL: "127.0.0.1" }), { name: "SettingsError", message: /^HIKEMU_CONTROL: expected off, ADDR:PORT/ });
  t.throws(() => settingsFromEnv({ HIKEMU_CONTROL: "127.0.0.1:70000" }), { name: "SettingsError", message: /^HIKEMU_CONTROL: expected a port number 0-65535, got "70000"$/ });
  t.same(settingsFromEnv({ HIKEMU_CLOCK: "virtual", HIKEMU_CONTROL: "off", HIKEMU_CONTROL_TOKEN: "t0k" }), { clock: "virtual", control: "off", controlToken: "t0k" });
  t.same(settingsFromEnv({ HIKEMU_CLOCK: "", HIKEMU_CONTROL: "", HIKEMU_CONTROL_TOKEN: "" }), {}, "empty is unset");
  t.end();
});

t.test("bad values in the fleet file point at their line", (t) => {
  const file = (line: string) => parseFleetFile(`seed: x\n${line}devices:\n  - profile: DS-2CD2146G2-ISU\n`, profiles);
  t.match(file("clock: fast\n"), { ok: false, problems: [{ line: 2, path: "clock" }] });
  t.match(file("control: somewhere\n"), { ok: false, problems: [{ line: 2, path: "control", message: "expected off, ADDR:PORT, [IPv6]:PORT or a port" }] });
  t.match(file("control: 9080\n"), { ok: true, settings: { control: "9080" } }, "a bare port, which YAML reads as a number");
  t.match(file("control: '9080'\n"), { ok: true, settings: { control: "9080" } });
  t.match(file("control: 70000\n"), { ok: false, problems: [{ line: 2, path: "control" }] });
  t.match(file("control: true\n"), { ok: false, problems: [{ line: 2, path: "control" }] });
  t.end();
});

t.test("bad values on the command line are commander errors naming the option", (t) => {
  const parse = (argv: string[]) => addStartOptions(new Command("start")).exitOverride().configureOutput({ writeErr: () => undefined }).parse(argv, { from: "user" });
  t.throws(() => parse(["--clock", "fast"]), { code: "commander.invalidArgument", message: /--clock <mode>' argument 'fast' is invalid\. expected a clock/ });
  t.throws(() => parse(["--control", "eth0"]), { code: "commander.invalidArgument", message: /--control <addr:port>' argument 'eth0' is invalid\. expected off, ADDR:PORT/ });
  t.throws(() => parse(["--control-token"]), { code: "commander.optionMissingArgument" });
  t.end();
});
