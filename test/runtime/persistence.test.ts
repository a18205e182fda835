import t from "tap";
import { request } from "urllib";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFleetProcess, waitForExit } from "../helpers/cli-process.js";
import { activateOverIsapi } from "../helpers/isapi-activation-client.js";
import { sadpProbe } from "../helpers/sadp-client.js";

const FLEET = `seed: persistence-test
network:
  base: 127.40.0.10
devices:
  - profile: DS-2CD2146G2-ISU
    name: cam-{n}
    count: 2
  - profile: DS-7608NXI-I2/8P/S
    name: nvr
`;

t.test("start, activate, kill -9, start again: same identity and address, still active, password works", async (t) => {
  const dir = t.testdir();
  const fleetFile = join(dir, "fleet.yaml");
  writeFileSync(fleetFile, FLEET);
  const args = ["--fleet", fleetFile, "--state", join(dir, "state"), "--http-port", "0", "--sadp-port", "0", "--log-level", "warn"];

  const first = await startFleetProcess(args);
  t.teardown(() => first.child.kill("SIGKILL"));
  const cam = first.ready.devices.find((d) => d.id === "cam-2")!;
  const activation = await activateOverIsapi(cam.httpUrl, "Hik12345!");
  t.equal(activation.status, 200, "activated over ISAPI");
  first.child.kill("SIGKILL");
  await waitForExit(first.child);

  const second = await startFleetProcess(args);
  t.teardown(() => second.child.kill("SIGKILL"));
  for (const before of first.ready.devices) {
    const after = second.ready.devices.find((d) => d.id === before.id)!;
    t.same([after.serial, after.mac, after.ip], [before.serial, before.mac, before.ip], `${before.id}: same serial, MAC and IP`);
  }
  const camAfter = second.ready.devices.find((d) => d.id === "cam-2")!;
  t.equal(camAfter.activated, true, "still active after kill -9");
  t.equal(second.ready.devices.find((d) => d.id === "cam-1")!.activated, false, "its neighbour still inactive");

  const info = await request(`${camAfter.httpUrl}ISAPI/System/deviceInfo`, { digestAuth: "admin:Hik12345!", dataType: "text" });
  t.equal(info.status, 200, "the password works after restart");
  t.match(String(info.data), `<serialNumber>${cam.serial}</serialNumber>`);

  const sadp = await sadpProbe({ address: "127.0.0.1", port: second.ready.sadpPort, expect: 3 });
  t.equal(sadp.byMac.get(cam.mac.replaceAll(":", "-"))?.get("Activated"), "true", "SADP agrees");
  t.equal(sadp.byMac.get(cam.mac.replaceAll(":", "-"))?.get("DeviceSN"), cam.serial);
});
