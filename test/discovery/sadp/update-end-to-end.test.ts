import t from "tap";
import { startDefaultFleet, adminPassword } from "../../helpers/emulator.js";
import { udpSender, sadpSaltedPassword, updateFields } from "../../helpers/sadp-activation-client.js";
import { sadpProbe } from "../../helpers/sadp-client.js";
import { requestsDigest } from "../../helpers/requests-digest.js";
import { tryConnect } from "../../helpers/sockets.js";
import { parseXml } from "../../../src/http/xml.js";

const PASSWORD = "Upd12345!";

interface IpAddressDoc {
  IPAddress: { ipAddress: string; subnetMask: string; addressingType: string; DefaultGateway: { ipAddress: string } };
}

/**
 * Issue #8 acceptance: SADP `update` with the right password changes the IP that SADP and
 * ISAPI report, and the device then answers HTTP at the new 127.x address; a wrong password
 * changes nothing and says how many attempts are left. Real UDP and TCP on 127.52.x.
 */
t.test("SADP update moves a camera: SADP, ISAPI and the HTTP listener all follow", async (t) => {
  const emulator = await startDefaultFleet(t, 52);
  const camera = emulator.fleet.byName("camera-1")!;
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const oldAddress = camera.serving.address;
  const port = camera.serving.httpPort;
  const mac = camera.identity.mac.replaceAll(":", "-");
  const send = udpSender("127.0.0.1", emulator.sadpPort, mac);
  const ports = { http: port, command: 8000, sdkOverTls: 8443 };
  const next = { ipv4: "127.52.1.77", mask: "255.255.0.0", gateway: "127.52.0.1" };

  const wrong = await send("update", updateFields(sadpSaltedPassword("admin", camera.identity.salt, "Wrong999!"), next, ports));
  t.equal(wrong?.get("Result"), "failure", "a wrong password fails");
  t.equal(wrong?.get("ResultDescription"), "Password error!");
  t.equal(wrong?.get("RetryTimes"), "6", "and says how many attempts are left (PWErrorParse)");
  t.equal(camera.network.ipv4, oldAddress, "nothing changed");
  t.equal(await tryConnect(oldAddress, port), "connected", "still served where it was");

  const right = await send("update", updateFields(sadpSaltedPassword("admin", camera.identity.salt, password), next, ports));
  t.equal(right?.get("Result"), "success", "the right password is accepted");
  await emulator.http.settled(camera);
  t.equal(camera.serving.address, "127.52.1.77", "served at the new address");

  const probe = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length });
  const match = probe.byMac.get(mac);
  t.equal(match?.get("IPv4Address"), "127.52.1.77", "SADP reports the new address");
  t.equal(match?.get("IPv4SubnetMask"), "255.255.0.0");
  t.equal(match?.get("IPv4Gateway"), "127.52.0.1");

  const { final } = await requestsDigest(`http://127.52.1.77:${port}/ISAPI/System/Network/interfaces/1/ipAddress`, "admin", password);
  t.equal(final.status, 200, "ISAPI answers at the new address");
  const doc = parseXml(await final.text()) as unknown as IpAddressDoc;
  t.same(
    { ip: doc.IPAddress.ipAddress, mask: doc.IPAddress.subnetMask, gateway: doc.IPAddress.DefaultGateway.ipAddress, type: doc.IPAddress.addressingType },
    { ip: "127.52.1.77", mask: "255.255.0.0", gateway: "127.52.0.1", type: "static" },
    "ISAPI ipAddress reports what SADP set",
  );
  t.equal(await tryConnect(oldAddress, port), "ECONNREFUSED", "nothing answers at the old address");
  const other = emulator.fleet.byName("nvr-1")!;
  t.equal(other.network.ipv4, other.serving.address, "other devices stay where they were");
});
