import t from "tap";
import { deriveIdentity, HIKVISION_OUIS } from "../../src/emulator/identity.js";
import { CAMERA, LEGACY, NVR, profile } from "../helpers/harness.js";

t.test("camera identity has the real formats (hik-protocols.md §1.3, §2.2, §2.5)", (t) => {
  const id = deriveIdentity("seed", "camera-1", profile(CAMERA));
  t.match(id.serial, /^DS-2CD2146G2-ISU20(22|23|24)\d{4}AAWR[C-L]\d{8}$/, "model + date + letters + letter and 8 digits");
  t.equal(id.shortSerial, id.serial.slice(-9));
  t.match(id.mac, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  t.ok(HIKVISION_OUIS.some((oui) => id.mac.startsWith(oui)), "MAC from a Hikvision OUI");
  const macHex = id.mac.replaceAll(":", "");
  t.match(id.deviceId, new RegExp(`^${macHex.slice(0, 8)}-${macHex.slice(8)}-11b2-8[0-9a-f]{3}-${macHex}$`), "UUID-shaped deviceID carrying the MAC");
  t.equal(id.realm, `IP Camera(${id.shortSerial.slice(-5)})`);
  t.match(id.salt, /^[0-9A-F]{64}$/);
  t.end();
});

t.test("legacy camera serial ends in 9 digits; NVR serial has channels, CCRR and WCVU", (t) => {
  t.match(deriveIdentity("seed", "legacy-1", profile(LEGACY)).serial, /^DS-2CD2532F-IWS201[45]\d{4}CCCH\d{9}$/);
  const nvr = deriveIdentity("seed", "nvr-1", profile(NVR));
  t.match(nvr.serial, /^DS-7608NXI-I2\/8P\/S0820(22|23)\d{4}CCRR[C-L]\d{8}WCVU$/);
  t.match(nvr.realm, /^[0-9a-f]{24}$/, "NVR realm is 24 hex characters (§2.2)");
  const ascii = Buffer.from(nvr.shortSerial.slice(0, 6), "ascii").toString("hex");
  t.ok(nvr.deviceId.startsWith(`${ascii.slice(0, 8)}-${ascii.slice(8, 12)}-`), "recorder deviceID starts with the ASCII of the serial (§2.5)");
  t.end();
});

t.test("identity is a pure function of seed, name and profile", (t) => {
  const a = deriveIdentity("seed", "camera-1", profile(CAMERA));
  t.same(deriveIdentity("seed", "camera-1", profile(CAMERA)), a, "same inputs, same identity");
  t.not(deriveIdentity("other", "camera-1", profile(CAMERA)).serial, a.serial, "another seed, another serial");
  t.not(deriveIdentity("seed", "camera-2", profile(CAMERA)).mac, a.mac, "another name, another MAC");
  t.not(deriveIdentity("seed", "camera-1", profile(CAMERA), 1).mac, a.mac, "a retry attempt moves the MAC");
  t.end();
});
