import t from "tap";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFleetProcess, waitForExit } from "../helpers/cli-process.js";
import { udpSender, sadpSaltedPassword, updateFields } from "../helpers/sadp-activation-client.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { tryConnect } from "../helpers/sockets.js";

const PASSWORD = "Kill1234!";
const FLEET = `seed: update-kill
network:
  base: 127.53.0.10
devices:
  - profile: DS-2CD2146G2-ISU
    name: cam
    state: activated
    password: ${PASSWORD}
`;

/**
 * kill -9 right after a SADP `update` was answered: the new network was in flash before the
 * answer left (network-settings.ts writes durably first), so the restarted hikemu serves the
 * device at the address it set — flash wins over the fleet file (issue #8) — and says so.
 */
t.test("SADP update, kill -9, restart: the device is served at the address it set", async (t) => {
  const dir = t.testdir();
  writeFileSync(join(dir, "fleet.yaml"), FLEET);
  const args = ["--fleet", join(dir, "fleet.yaml"), "--state", join(dir, "state"), "--http-port", "0", "--sadp-port", "0", "--log-level", "warn"];
  const first = await startFleetProcess(args);
  const cam = first.ready.devices[0]!;
  const probe = await sadpProbe({ address: "127.0.0.1", port: first.ready.sadpPort, expect: 1 });
  const fields = probe.byMac.get(cam.mac.replaceAll(":", "-"))!;
  const httpPort = Number(fields.get("HttpPort"));
  const send = udpSender("127.0.0.1", first.ready.sadpPort, cam.mac.replaceAll(":", "-"));
  const reply = await send("update", updateFields(sadpSaltedPassword("admin", fields.get("Salt")!, PASSWORD), { ipv4: "127.53.7.7", mask: "255.255.0.0", gateway: "127.53.0.1" }, { http: httpPort, command: 8000, sdkOverTls: 8443 }));
  t.equal(reply?.get("Result"), "success", "the update is answered");
  first.child.kill("SIGKILL");
  await waitForExit(first.child);

  const second = await startFleetProcess(args);
  t.teardown(async () => {
    second.child.kill("SIGKILL");
    await waitForExit(second.child);
  });
  const after = second.ready.devices[0]!;
  t.equal(after.ip, "127.53.7.7", "served at the address it set");
  t.match(after, { addressNote: "moved by the device; fleet file says 127.53.0.10" }, "and the start listing says so");
  const again = await sadpProbe({ address: "127.0.0.1", port: second.ready.sadpPort, expect: 1 });
  t.equal(again.byMac.get(cam.mac.replaceAll(":", "-"))?.get("IPv4Address"), "127.53.7.7", "SADP reports it");
  const port = Number(new URL(after.httpUrl).port || 80);
  t.equal(await tryConnect("127.53.7.7", port), "connected", "HTTP answers there");
  t.equal(await tryConnect("127.53.0.10", port), "ECONNREFUSED", "not at the fleet file's address");
});
