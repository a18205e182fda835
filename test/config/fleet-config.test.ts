import t from "tap";
import { readFileSync } from "node:fs";
import { defaultFleet, parseFleetFile } from "../../src/config/fleet-config.js";
import { profiles } from "../helpers/harness.js";
import { fixturePath } from "../helpers/golden.js";

t.test("the example fleet parses into device specs with allocated addresses", (t) => {
  const result = parseFleetFile(readFileSync(new URL("../../examples/fleet.yaml", import.meta.url), "utf8"), profiles);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const { config } = result;
  t.equal(config.seed, "lab-1");
  t.same(
    config.specs.map((s) => [s.name, s.profile.model, s.address, s.initial.activated]),
    [
      ["cam-1", "DS-2CD2146G2-ISU", "127.20.0.10", false],
      ["cam-2", "DS-2CD2146G2-ISU", "127.20.0.11", false],
      ["cam-3", "DS-2CD2146G2-ISU", "127.20.0.12", false],
      ["cam-4", "DS-2CD2146G2-ISU", "127.20.0.13", false],
      ["legacy-cam", "DS-2CD2532F-IWS", "127.20.0.14", true],
      ["nvr", "DS-7608NXI-I2/8P/S", "127.20.1.1", false],
    ],
  );
  t.same([config.httpPort, config.httpFallbackPort, config.sadpPort, config.interface], [80, 8080, 37020, "loopback"]);
  t.end();
});

t.test("problems carry the line they stand on", (t) => {
  const result = parseFleetFile(readFileSync(fixturePath("fleets/invalid.yaml"), "utf8"), profiles);
  t.equal(result.ok, false);
  if (result.ok) return t.end();
  const lines = result.problems.map((p) => `${p.line}: ${p.message}`);
  t.match(lines, [/^3: expected a dotted IPv4 address/, /^13: unknown key\(s\): colour/], "schema problems, with lines");
  t.end();
});

t.test("semantic problems (after the schema) carry lines too", (t) => {
  const text = ["devices:", "  - profile: DS-NO-SUCH", "  - profile: DS-2CD2146G2-ISU", "    count: 2", "    name: same", "  - profile: DS-7608NXI-I2/8P/S", "    state: activated", '    password: "12345678"', "  - profile: DS-2CD2532F-IWS", "    address: 10.1.2.3", ""].join("\n");
  const result = parseFleetFile(text, profiles);
  if (result.ok) throw new Error("should fail");
  const lines = result.problems.map((p) => `${p.line}: ${p.message}`);
  t.match(lines[0], /^2: unknown profile "DS-NO-SUCH"; known: DS-2CD2146G2-ISU/);
  t.ok(lines.some((l) => /^5: a name for count > 1 needs the \{n\} placeholder/.test(l)), "count without {n}");
  t.ok(lines.some((l) => /^8: the device would refuse this password: uses only one kind/.test(l)), "risky initial password");
  t.ok(lines.some((l) => /^10: address 10.1.2.3 is not on loopback/.test(l)), "loopback rule");
  t.end();
});

t.test("firmware: a group leaves the factory on another release the model lists", (t) => {
  const text = ["devices:", "  - profile: DS-7608NXI-I2/8P/S", "    name: legacy-nvr", "    firmware: V3.0.18", "  - profile: DS-7608NXI-I2/8P/S", "    name: nvr", ""].join("\n");
  const result = parseFleetFile(text, profiles);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("; "));
  const [legacy, current] = result.config.specs;
  t.equal(legacy?.profile.firmware.version, "V3.0.18", "the release named");
  t.ok(legacy?.profile.recovery.includes("securityCode"), "with that release's behaviour (the legacy security code)");
  t.equal(legacy?.profile.activation.mode, "none", "and its activation rules");
  t.equal(current?.profile.firmware.version, "V4.62.210", "the other group keeps the model's own");

  const bad = parseFleetFile(["devices:", "  - profile: DS-7608NXI-I2/8P/S", "    firmware: V9.9.9", ""].join("\n"), profiles);
  if (bad.ok) throw new Error("should fail");
  t.match(`${bad.problems[0]?.line}: ${bad.problems[0]?.message}`, /^3: DS-7608NXI-I2\/8P\/S has no firmware V9\.9\.9; its releases: V4\.62\.210, .*V3\.0\.18/);
  const malformed = parseFleetFile(["devices:", "  - profile: DS-7608NXI-I2/8P/S", "    firmware: latest", ""].join("\n"), profiles);
  t.equal(malformed.ok, false, "a version that is not Vn.n.n is a schema problem");
  t.end();
});

t.test("YAML syntax errors are reported with their line", (t) => {
  const result = parseFleetFile("seed: a\nseed: b\ndevices: []\n", profiles);
  t.equal(result.ok, false);
  if (!result.ok) {
    t.equal(result.problems[0]?.line, 2);
    t.match(result.problems[0]?.message, /unique/);
  }
  t.end();
});

t.test("the default fleet: the three built-in profiles, factory-new, on loopback", (t) => {
  const config = defaultFleet(profiles);
  t.same(
    config.specs.map((s) => [s.name, s.profile.type, s.address, s.initial.activated]),
    [
      ["camera-1", "ipc", "127.20.0.10", false],
      ["legacy-camera-1", "ipc", "127.20.0.11", false],
      ["nvr-1", "nvr", "127.20.0.12", false],
    ],
  );
  t.equal(config.interface, "loopback");
  t.end();
});

t.test("the loopback-only address check follows an interface set by a higher layer", (t) => {
  const text = ["devices:", "  - profile: DS-2CD2146G2-ISU", "    address: 10.1.2.3", ""].join("\n");
  t.notOk(parseFleetFile(text, profiles).ok, "the file alone (loopback by default) refuses a LAN address");
  t.ok(parseFleetFile(text, profiles, { interface: "all" }).ok, "--interface all / HIKEMU_INTERFACE=all accepts it");
  const lan = ["interface: all", ...text.split("\n")].join("\n");
  t.notOk(parseFleetFile(lan, profiles, { interface: "loopback" }).ok, "--interface loopback beats the file's all");
  t.end();
});

t.test("validate refuses what start would: a fixed address twice, addresses past the end, an alias bomb", (t) => {
  const twice = ["devices:", "  - profile: DS-2CD2146G2-ISU", "    address: 127.20.1.1", "  - profile: DS-7608NXI-I2/8P/S", "    address: 127.20.1.1", ""].join("\n");
  const a = parseFleetFile(twice, profiles);
  t.match(!a.ok && a.problems, [{ line: 5, path: "devices.1.address", message: "address 127.20.1.1 is used twice" }]);

  const past = ["interface: all", "network:", "  base: 255.255.255.255", "devices:", "  - profile: DS-2CD2146G2-ISU", "    name: c-{n}", "    count: 2", ""].join("\n");
  const b = parseFleetFile(past, profiles);
  t.match(!b.ok && b.problems, [{ path: "devices.0.count", message: /past 255\.255\.255\.255/ }]);

  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`), "devices: []", ""].join("\n");
  const c = parseFleetFile(bomb, profiles);
  t.notOk(c.ok, "an alias bomb is a problem of the file, not a crash");
  t.end();
});

t.test("advertise: in the file's settings layer when written, checked with its line", (t) => {
  const devices = "devices:\n  - profile: DS-2CD2146G2-ISU\n";
  const written = parseFleetFile(`advertise: 192.168.50.0/24\n${devices}`, profiles);
  t.ok(written.ok && written.settings.advertise === "192.168.50.0/24" && written.config.advertise === "192.168.50.0/24");
  const absent = parseFleetFile(devices, profiles);
  t.ok(absent.ok && !("advertise" in absent.settings) && absent.config.advertise === undefined, "not written: left to the layers below");
  const bad = parseFleetFile(`seed: x\nadvertise: 192.168.50.0/40\n${devices}`, profiles);
  t.match(bad.ok ? [] : bad.problems, [{ line: 2, path: "advertise", message: /expected an IPv4 address or ADDRESS\/PREFIX/ }]);
  t.end();
});
