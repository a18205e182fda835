import t from "tap";
import { ProfileRegistry, releasesOf, type Profile } from "../../src/profiles/index.js";
import { recoveryFlags } from "../../src/discovery/sadp/probe-match.js";
import { capValue } from "../../src/http/isapi/security-auth.js";
import type { Device } from "../../src/emulator/device.js";
import { baseUrl, adminPassword, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { isapiCall } from "../helpers/isapi-call.js";

// Octet 168: the recovery flags of SADP and SecurityCap (issue #11), one source (profile `recovery`).
const registry = new ProfileRegistry();
/** capValue reads only the profile for these elements. */
const cap = (profile: Profile, name: "isSupportSecurityQuestionConfig" | "isSupportSecurityEmail" | "isSupportGUIDFileDataExport") => capValue({ profile } as Device, name);

t.test("for every model and release, SADP's flags and SecurityCap's agree and follow the recovery list", (t) => {
  for (const model of registry.models()) {
    for (const release of releasesOf(registry.get(model)!)) {
      const label = `${model} ${release.firmware.version}`;
      const flags = new Map(recoveryFlags(release.recovery));
      const has = (m: Profile["recovery"][number]) => String(release.recovery.includes(m));
      t.equal(flags.get("PasswordResetAbility"), String(release.recovery.length > 0), `${label}: PasswordResetAbility`);
      t.equal(flags.get("PasswordResetModeSecond"), has("exportKeyFile"), `${label}: PasswordResetModeSecond = key file export`);
      t.equal(flags.get("SupportSecurityQuestion"), cap(release, "isSupportSecurityQuestionConfig"), `${label}: SupportSecurityQuestion = isSupportSecurityQuestionConfig`);
      t.equal(flags.get("SupportGUID"), cap(release, "isSupportGUIDFileDataExport"), `${label}: SupportGUID = isSupportGUIDFileDataExport`);
      t.equal(flags.get("SupportMailBox") ?? "false", cap(release, "isSupportSecurityEmail"), `${label}: SupportMailBox = isSupportSecurityEmail`);
      t.equal(flags.has("SupportMailBox"), release.recovery.includes("reservedEmail"), `${label}: SupportMailBox present only with the reserved e-mail`);
      const order = [...flags.keys()];
      t.same(order.slice(0, 4), ["PasswordResetAbility", "PasswordResetModeSecond", "SupportSecurityQuestion", "SupportGUID"], `${label}: order`);
    }
  }
  t.end();
});

t.test("over the wire: each model's ProbeMatch, SupportMailBox right after SupportGUID, and SecurityCap on the camera", async (t) => {
  const emulator = await startDefaultFleet(t, 168);
  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length });
  const of = (name: string) => replies.byMac.get(deviceOf(emulator, name).identity.mac.replaceAll(":", "-"))!;
  const pick = (fields: Map<string, string>) => ["PasswordResetAbility", "PasswordResetModeSecond", "SupportSecurityQuestion", "SupportGUID", "SupportMailBox"].map((n) => fields.get(n));
  t.same(pick(of("camera-1")), ["true", "true", "true", "false", "true"], "G2 camera: key file, questions, e-mail; no GUID file");
  t.same(pick(of("nvr-1")), ["true", "true", "true", "true", "true"], "NVR: every method");
  t.same(pick(of("legacy-camera-1")), ["true", "false", "false", "false", undefined], "V5.2: the security code only, no SupportMailBox element at all");
  const keys = [...of("nvr-1").keys()];
  t.equal(keys[keys.indexOf("SupportGUID") + 1], "SupportMailBox", "placed after SupportGUID");

  const password = await adminPassword(emulator, "camera-1", "Hik12345!");
  const secCap = await isapiCall(baseUrl(emulator, "camera-1"), "/ISAPI/Security/capabilities", "admin", password);
  t.match(secCap.body, /<isSupportSecurityQuestionConfig>true<\/isSupportSecurityQuestionConfig>/, "SecurityCap agrees: questions");
  t.match(secCap.body, /<isSupportSecurityEmail>true<\/isSupportSecurityEmail>/, "and the e-mail");
});
