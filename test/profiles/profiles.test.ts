import t from "tap";
import { ProfileRegistry, loadProfile } from "../../src/profiles/index.js";
import { DS_2CD2146G2_ISU } from "../../src/profiles/models/ds-2cd2146g2-isu.js";

t.test("the built-in profiles validate and cover the three required kinds", (t) => {
  const registry = new ProfileRegistry();
  t.same(registry.models(), ["DS-2CD2146G2-ISU", "DS-2CD2532F-IWS", "DS-7608NXI-I2/8P/S"]);
  const current = registry.get("DS-2CD2146G2-ISU")!;
  t.ok(current.firmware.version.startsWith("V5.7."), "a current V5.7.x camera");
  t.equal(current.resetButton.present, true);
  const legacy = registry.get("DS-2CD2532F-IWS")!;
  t.ok(legacy.firmware.version.startsWith("V5.2."), "a legacy V5.2.x camera");
  t.same(legacy.recovery, ["securityCode"]);
  t.equal(legacy.resetButton.present, false);
  const nvr = registry.get("DS-7608NXI-I2/8P/S")!;
  t.equal(nvr.type, "nvr");
  t.equal(nvr.poePorts, 8);
  t.ok(Object.isFrozen(nvr) && Object.isFrozen(nvr.sadp), "profiles are read-only data");
  t.end();
});

t.test("invalid profile data is refused at load with the failing field", (t) => {
  t.throws(() => loadProfile({ ...DS_2CD2146G2_ISU, firmware: { ...DS_2CD2146G2_ISU.firmware, version: "5.7" } }), /firmware\.version/);
  t.throws(() => loadProfile({ ...DS_2CD2146G2_ISU, bogus: 1 } as never), /profile DS-2CD2146G2-ISU/);
  t.throws(() => new ProfileRegistry([DS_2CD2146G2_ISU, DS_2CD2146G2_ISU]), /defined twice/);
  const noDevManage = DS_2CD2146G2_ISU.adminAccesses.protocols.filter((f) => !f.some(([, v]) => v === "DEV_MANAGE"));
  t.throws(
    () => loadProfile({ ...DS_2CD2146G2_ISU, adminAccesses: { entryAttributes: true, protocols: noDevManage } }),
    /adminAccesses\.protocols: needs an HTTP and a DEV_MANAGE entry/,
  );
  t.end();
});
