import t from "tap";
import { ProfileRegistry, loadProfile, releaseOf, releasesOf } from "../../src/profiles/index.js";
import { DS_2CD2532F_IWS } from "../../src/profiles/models/ds-2cd2532f-iws.js";
import { DS_2CD2146G2_ISU } from "../../src/profiles/models/ds-2cd2146g2-isu.js";
import { recoveryFlags } from "../../src/discovery/sadp/probe-match.js";

const registry = new ProfileRegistry();
const legacy = registry.get("DS-2CD2532F-IWS")!;

t.test("every model has its factory release first and at least one other, each a complete frozen profile", (t) => {
  for (const model of registry.models()) {
    const factory = registry.get(model)!;
    const all = releasesOf(factory);
    t.equal(all[0], factory, `${model}: the profile itself is its factory release`);
    t.ok(all.length >= 2, `${model}: another release to upgrade to`);
    for (const one of all) {
      t.equal(one.model, model, "a release never changes the model");
      t.ok(Object.isFrozen(one) && Object.isFrozen(one.security), "read-only like every profile");
      t.equal(releaseOf(one, factory.firmware), factory, "any release finds the others");
    }
  }
  t.end();
});

t.test("the legacy camera's releases change what V5.3.0 on changes (hik-protocols.md §2.3, §1.8, §7)", (t) => {
  t.same(legacy.firmware.version, "V5.2.0");
  t.same(legacy.activation, { mode: "none", factoryPassword: "12345" });
  const v545 = releaseOf(legacy, { version: "V5.4.5", build: "170124" })!;
  const v550 = releaseOf(legacy, { version: "V5.5.0", build: "170725" })!;
  t.ok(v545 && v550, "both current releases are known");
  for (const release of [v545, v550]) {
    t.same(release.activation, { mode: "rsa" }, `${release.firmware.version}: activation exists`);
    t.notOk(release.recovery.includes("securityCode"), "the security-code reset is gone");
    t.ok(release.recovery.includes("exportKeyFile"), "the key-file export replaces it");
    t.equal(new Map(recoveryFlags(release.recovery)).get("PasswordResetModeSecond"), "true", "SADP announces the second reset mode");
  }
  t.equal(v545.firmware.versionInfo, undefined, "no firmwareVersionInfo on V5.4.5 (capture)");
  t.equal(v550.firmware.versionInfo, "B-R-G1-0", "V5.5.0 capture");
  t.equal(v545.security.webAuthDefault, "digest/basic", "V5.4.5 still takes Basic (cassette)");
  t.equal(v550.security.webAuthDefault, "digest", "V5.5.0 refuses Basic (cassette)");
  t.ok(v550.security.capabilityElements.includes("isSupportSecurityEmail"), "SecurityCap grows recovery elements");
  // Overrides merge: what a release does not name is the factory's.
  t.equal(v550.resetButton.present, false, "hardware stays");
  t.same(v550.adminAccesses, legacy.adminAccesses);
  t.equal(v550.sadp.deviceType, legacy.sadp.deviceType);
  t.equal(v550.sadp.commands.lockAttempts, legacy.sadp.commands.lockAttempts, "nested defaults survive the merge");
  t.equal(releaseOf(legacy, { version: "V5.5.0", build: "999999" }), undefined, "an unknown build is no release");
  t.end();
});

t.test("a variant of a profile (tests spread one) is a family of its own with the same releases", (t) => {
  const variant = { ...legacy, bootSeconds: 7 };
  const releases = releasesOf(variant);
  t.equal(releases[0], variant);
  t.equal(releases[1]?.bootSeconds, 7, "a release inherits the variant's values");
  t.end();
});

t.test("a bad release is refused at load, naming the model and release", (t) => {
  const bad = { ...DS_2CD2532F_IWS, releases: [{ firmware: { ...DS_2CD2532F_IWS.firmware, version: "V5.4.5" }, sadp: { deviceType: "x" } }] };
  t.throws(() => loadProfile(bad as never), /profile DS-2CD2532F-IWS release V5\.4\.5 build 140721: sadp\.deviceType/);
  const twice = { ...DS_2CD2146G2_ISU, releases: [{ firmware: DS_2CD2146G2_ISU.firmware }] };
  t.throws(() => loadProfile(twice), /firmware V5\.7\.17 build 240606 is listed twice/);
  const unknownBlock = { ...DS_2CD2146G2_ISU, releases: [{ firmware: { ...DS_2CD2146G2_ISU.firmware, build: "240607" }, serial: {} }] };
  t.throws(() => loadProfile(unknownBlock as never), /releases/, "a release may override only what firmware decides");
  const mixed = { ...DS_2CD2532F_IWS, releases: [{ firmware: { ...DS_2CD2532F_IWS.firmware, build: "150101" }, activation: { mode: "rsa" as const } }] };
  t.same(loadProfile(mixed).releases.length, 1, "activation replaces whole: no factoryPassword left over from mode none");
  t.end();
});
