import t from "tap";
import { ProfileRegistry, releasesOf, type Profile } from "../../src/profiles/index.js";
import { recoveryFlags } from "../../src/discovery/sadp/probe-match.js";
import { baseUrl, adminPassword, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { isapiCall } from "../helpers/isapi-call.js";

// Octet 168: the recovery flags of SADP and SecurityCap (issue #11), one source (profile `recovery`).
const registry = new ProfileRegistry();
/** Each SecurityCap element (§2.8) and the ProbeMatch flag (§1.3) that says the same; SupportMailBox absent means false. */
const SAME_FLAG = [
  ["isSupportSecurityQuestionConfig", "SupportSecurityQuestion"],
  ["isSupportGUIDFileDataExport", "SupportGUID"],
  ["isSupportSecurityEmail", "SupportMailBox"],
] as const;

t.test("for every model and release, SADP's flags follow the recovery list", (t) => {
  for (const model of registry.models()) {
    for (const release of releasesOf(registry.get(model)!)) {
      const label = `${model} ${release.firmware.version}`;
      const flags = new Map(recoveryFlags(release.recovery));
      const has = (m: Profile["recovery"][number]) => String(release.recovery.includes(m));
      t.equal(flags.get("PasswordResetAbility"), String(release.recovery.length > 0), `${label}: PasswordResetAbility`);
      t.equal(flags.get("PasswordResetModeSecond"), has("exportKeyFile"), `${label}: PasswordResetModeSecond = key file export`);
      t.equal(flags.get("SupportSecurityQuestion"), has("securityQuestions"), `${label}: SupportSecurityQuestion = security questions`);
      t.equal(flags.get("SupportGUID"), has("guidFile"), `${label}: SupportGUID = GUID file`);
      t.equal(flags.get("SupportMailBox") ?? "false", has("reservedEmail"), `${label}: SupportMailBox = reserved e-mail`);
      t.equal(flags.has("SupportMailBox"), release.recovery.includes("reservedEmail"), `${label}: SupportMailBox present only with the reserved e-mail`);
      const order = [...flags.keys()];
      t.same(order.slice(0, 4), ["PasswordResetAbility", "PasswordResetModeSecond", "SupportSecurityQuestion", "SupportGUID"], `${label}: order`);
    }
  }
  t.end();
});

t.test("over the wire: each model's ProbeMatch, SupportMailBox right after SupportGUID, and each model's SecurityCap", async (t) => {
  const emulator = await startDefaultFleet(t, 168);
  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length });
  const of = (name: string) => replies.byMac.get(deviceOf(emulator, name).identity.mac.replaceAll(":", "-"))!;
  const pick = (fields: Map<string, string>) => ["PasswordResetAbility", "PasswordResetModeSecond", "SupportSecurityQuestion", "SupportGUID", "SupportMailBox"].map((n) => fields.get(n));
  t.same(pick(of("camera-1")), ["true", "true", "true", "false", "true"], "G2 camera: key file, questions, e-mail; no GUID file");
  t.same(pick(of("nvr-1")), ["true", "true", "true", "true", "true"], "NVR: every method");
  t.same(pick(of("legacy-camera-1")), ["true", "false", "false", "false", undefined], "V5.2: the security code only, no SupportMailBox element at all");
  const keys = [...of("nvr-1").keys()];
  t.equal(keys[keys.indexOf("SupportGUID") + 1], "SupportMailBox", "placed after SupportGUID");


  // The served SecurityCap of each model agrees with its ProbeMatch: each element is absent or
  // equal to the flag. The NVR's captured SecurityCap (DS-7608NXI-I2/8P/S, profile
  // `security.capabilityElements`) lacks all three though its ProbeMatch says true: the
  // emulator serves the capture's elements only, so there they are absent.
  const served = new Map<string, number>();
  for (const name of ["camera-1", "nvr-1", "legacy-camera-1"]) {
    const password = await adminPassword(emulator, name, "Hik12345!");
    const secCap = await isapiCall(baseUrl(emulator, name), "/ISAPI/Security/capabilities", "admin", password);
    t.equal(secCap.status, 200, `${name}: SecurityCap served`);
    for (const [element, flag] of SAME_FLAG) {
      const value = new RegExp(`<${element}>([^<]*)</${element}>`).exec(secCap.body)?.[1];
      if (value !== undefined) served.set(name, (served.get(name) ?? 0) + 1);
      t.ok(value === undefined || value === (of(name).get(flag) ?? "false"), `${name}: ${element} (${value ?? "absent"}) agrees with ${flag} (${of(name).get(flag) ?? "absent"})`);
    }
  }
  t.equal(served.get("camera-1"), 2, "the G2 camera's capture has the question and e-mail elements (not the GUID one), so they are checked there");
  t.equal(served.get("nvr-1"), undefined, "the NVR's capture has none of them");
});
