import t from "tap";
import { connect as tlsConnect, type PeerCertificate } from "node:tls";
import { statSync } from "node:fs";
import { join } from "node:path";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { FileStore } from "../../src/runtime/store/file-store.js";
import { adminPassword, deviceOf, startDefaultFleet, startRestartableFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { curl } from "../helpers/curl.js";
import { listDevices } from "../../src/cli/fleet-listing.js";
import { freePort, tryConnect } from "../helpers/sockets.js";

const PASSWORD = "Hik12345!";

/** The certificate a TLS client is shown at host:port (not verified: it is self-signed), and the protocol agreed. */
function peerCertificate(host: string, port: number, options: { maxVersion?: "TLSv1.2" | "TLSv1.3" } = {}): Promise<{ certificate: PeerCertificate; protocol: string | null }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false, ...options }, () => {
      const certificate = socket.getPeerCertificate();
      const protocol = socket.getProtocol();
      socket.end();
      resolve({ certificate, protocol });
    });
    socket.once("error", reject);
  });
}

function httpsUrl(device: Device, path: string): string {
  return `https://${device.serving.address}:${device.httpsPort}${path}`;
}

async function rebootThrough(emulator: RunningEmulator, clock: VirtualClock, device: Device): Promise<void> {
  device.reboot("control");
  await emulator.http.settled();
  await clock.advance(device.profile.shutdownSeconds * 1000);
  await clock.advance(device.readyAt - clock.now());
  await emulator.http.settled();
}

t.test("HTTPS: the same ISAPI over TLS with Digest, a self-signed certificate per device made at the first connection", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 147, clock);
  const camera = deviceOf(emulator, "camera-1");
  const nvr = deviceOf(emulator, "nvr-1");
  for (const device of emulator.fleet.devices) {
    t.type(device.httpsPort, "number", `${device.name}: HTTPS on (every capture has it enabled)`);
    t.not(device.httpsPort, device.serving.httpPort);
    t.equal(device.flash.certificate, undefined, `${device.name}: no certificate made at start-up`);
  }
  const password = await adminPassword(emulator, "camera-1", PASSWORD);

  const anonymous = await curl(["-k", httpsUrl(camera, "/ISAPI/System/deviceInfo")]);
  t.equal(anonymous.statuses[0], 401, "the Digest challenge over TLS");
  const info = await curl(["-k", "--digest", "-u", `admin:${password}`, httpsUrl(camera, "/ISAPI/System/deviceInfo")]);
  t.equal(info.statuses.at(-1), 200, "curl -k --digest: 200");
  t.match(info.body, `<model>${camera.profile.model}</model>`);
  t.match(info.body, `<serialNumber>${camera.identity.serial}</serialNumber>`);
  t.type(camera.flash.certificate?.cert, "string", "the certificate is in flash now");
  t.equal(nvr.flash.certificate, undefined, "only the device a client reached made one");

  const shown = await peerCertificate(camera.serving.address, camera.httpsPort!);
  t.equal(shown.certificate.subject.CN, camera.serving.address, "subject CN: the device's address");
  t.equal(shown.certificate.issuer.CN, camera.serving.address, "self-signed");
  t.equal(shown.certificate.subjectaltname, `IP Address:${camera.serving.address}`);
  t.equal(shown.protocol, "TLSv1.3", "the G2 camera has TLS 1.3 on (capture: TLS1_3Enable true)");
  const nvrShown = await peerCertificate(nvr.serving.address, nvr.httpsPort!);
  t.not(nvrShown.certificate.fingerprint256, shown.certificate.fingerprint256, "another device, another certificate");
  t.equal(nvrShown.protocol, "TLSv1.2", "the NVR's capture has TLS 1.1 and 1.2 flags only: 1.2 at most");

  const accesses = await isapiCall(`http://${camera.serving.address}:${camera.serving.httpPort}`, "/ISAPI/Security/adminAccesses", "admin", password);
  t.equal(listDevices(emulator.fleet.devices)[0]?.httpsUrl, `https://${camera.serving.address}:${camera.httpsPort}/`, "hikemu start --json lists the HTTPS URL");
  t.match(accesses.body, new RegExp(`<protocol>HTTPS</protocol>\\r\\n<redirectToHttps>false</redirectToHttps>\\r\\n<portNo>${camera.httpsPort}</portNo>`), "adminAccesses shows the HTTPS port served");

  // Simultaneous first connections share one certificate.
  const legacy = deviceOf(emulator, "legacy-camera-1");
  const both = await Promise.all([peerCertificate(legacy.serving.address, legacy.httpsPort!), peerCertificate(legacy.serving.address, legacy.httpsPort!)]);
  t.equal(both[0].certificate.fingerprint256, both[1].certificate.fingerprint256, "two clients at once: one certificate");

  // A request Node cannot parse, over TLS: answered in the device's name as over HTTP (client-error.ts).
  const garbage = await new Promise<string>((resolve, reject) => {
    let text = "";
    const socket = tlsConnect({ host: camera.serving.address, port: camera.httpsPort!, rejectUnauthorized: false }, () => socket.write("GARBAGE\r\n\r\n"));
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
  t.match(garbage, /^HTTP\/1\.1 400 Bad Request\r\n/, "a garbage request line over TLS: 400");
  t.match(garbage, `\r\nServer: ${camera.profile.isapi.server}\r\n`, "with the device's Server header");
  t.match(garbage, /\r\nConnection: close\r\n/);
});

t.test("HTTPS off in adminAccesses: no TLS listener after the next boot; back on, on the device's own port", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 147, clock, { subnet: 1 });
  const camera = deviceOf(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const base = `http://${camera.serving.address}:${camera.serving.httpPort}`;
  const oldHttps = camera.httpsPort!;
  const off = await isapiCall(base, "/ISAPI/Security/adminAccesses/2", "admin", password, "PUT", "<AdminAccessProtocol><id>2</id><enabled>false</enabled><protocol>HTTPS</protocol></AdminAccessProtocol>");
  t.equal(off.statusCode, "7");
  t.equal(await tryConnect(camera.serving.address, oldHttps), "connected", "still served until the reboot");
  await rebootThrough(emulator, clock, camera);
  t.equal(await tryConnect(camera.serving.address, oldHttps), "ECONNREFUSED", "no TLS listener");
  t.equal(camera.httpsPort, undefined);
  t.equal(listDevices(emulator.fleet.devices)[0]?.httpsUrl, null, "and lists none");
  t.match((await isapiCall(base, "/ISAPI/Security/adminAccesses/2", "admin", password)).body, /<enabled>false<\/enabled>[\s\S]*<portNo>443<\/portNo>/, "off, and its flash port (443) shown");

  const own = await freePort(camera.serving.address);
  const on = await isapiCall(base, "/ISAPI/Security/adminAccesses/2", "admin", password, "PUT", `<AdminAccessProtocol><id>2</id><enabled>true</enabled><portNo>${own}</portNo></AdminAccessProtocol>`);
  t.equal(on.statusCode, "7");
  t.equal(await tryConnect(camera.serving.address, own), "ECONNREFUSED", "nothing until the reboot");
  await rebootThrough(emulator, clock, camera);
  t.equal(camera.httpsPort, own, "HTTPS on the port the device set");
  const info = await curl(["-k", "--digest", "-u", `admin:${password}`, `https://${camera.serving.address}:${own}/ISAPI/System/deviceInfo`]);
  t.equal(info.statuses.at(-1), 200);
});

t.test("the certificate is kept in flash: the same after a restart, state file 0600; Default makes a new one", async (t) => {
  const dir = t.testdir();
  const clock = new VirtualClock();
  const store = await FileStore.open(dir);
  t.teardown(() => store.close());
  const first = await startRestartableFleet(t, "127.147.2", { clock, store, ssdp: false });
  const camera = deviceOf(first, "camera-1");
  const before = await peerCertificate(camera.serving.address, camera.httpsPort!);
  const file = join(store.directory, "camera-1.json");
  t.equal(statSync(file).mode & 0o777, 0o600, "the state file with the private key is the owner's alone");
  await first.stop();

  const second = await startRestartableFleet(t, "127.147.2", { clock, store, ssdp: false });
  const again = deviceOf(second, "camera-1");
  const after = await peerCertificate(again.serving.address, again.httpsPort!);
  t.equal(after.certificate.fingerprint256, before.certificate.fingerprint256, "same certificate after the restart");

  await again.factoryReset("full", "control");
  t.equal(again.flash.certificate, undefined, "Default removes it");
  await second.http.settled();
  await clock.advance(again.profile.shutdownSeconds * 1000);
  await clock.advance(again.readyAt - clock.now());
  await second.http.settled();
  const fresh = await peerCertificate(again.serving.address, again.httpsPort!);
  t.not(fresh.certificate.fingerprint256, before.certificate.fingerprint256, "a new one at the next TLS connection");
  t.equal(fresh.certificate.subject.CN, again.network.ipv4, "made for the address the device believes now (its factory one)");
});
