import t from "tap";
import { Agent } from "node:http";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import { sadpMac } from "../../src/util/mac.js";
import { SADP_GROUP } from "../../src/discovery/sadp/responder.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { digestHeader } from "../helpers/digest-header.js";
import { agentRequest, digestChallenge, tryConnect } from "../helpers/sockets.js";
import { listenForHellos } from "../helpers/hello-listener.js";
import { golden } from "../helpers/golden.js";

const PASSWORD = "Hik12345!";

t.test("PUT /ISAPI/System/reboot over a keep-alive Digest connection: the OK arrives, the device goes away, boots on the device clock and comes back", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 71, clock);
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = emulator.fleet.byName("camera-1")!;
  const { address, httpPort } = camera.serving;
  const url = baseUrl(emulator, "camera-1");
  const mac = sadpMac(camera.identity.mac);
  const bootedBefore = camera.bootedAt;
  const sadpBefore = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock });
  const bootTimeBefore = sadpBefore.byMac.get(mac)?.get("BootTime") ?? "";
  const hellos = await listenForHellos(emulator.sadpPort);
  t.teardown(() => hellos.close());

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  // A Digest client's first try goes without credentials; the 401 keeps the connection.
  const challenge = await agentRequest(agent, `${url}/ISAPI/System/reboot`, { method: "PUT" });
  t.equal(challenge.status, 401);
  const { realm, nonce } = digestChallenge(challenge.headers["www-authenticate"]);
  const oldNonceHeader = digestHeader(realm, nonce, "/ISAPI/System/deviceInfo", password);
  t.equal((await fetch(`${url}/ISAPI/System/deviceInfo`, { headers: { authorization: oldNonceHeader } })).status, 200, "the nonce works before the reboot");

  const reply = await agentRequest(agent, `${url}/ISAPI/System/reboot`, { method: "PUT", headers: { authorization: digestHeader(realm, nonce, "/ISAPI/System/reboot", password, "admin", "PUT") } });
  t.ok(reply.reusedSocket, "the authenticated retry went out on the kept-alive connection");
  t.equal(reply.status, 200, "the reply got out before the device went down");
  t.equal(reply.body, golden("isapi/ResponseStatus.reboot.ok.xml", reply.body).toString(), "ResponseStatus 1 OK (§2.6, §2.9)");
  t.equal(reply.headers.connection, "close", "the client is told not to reuse the connection");
  await reply.socketClosed;
  t.equal(camera.power, "rebooting");

  await emulator.http.settled();
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "rebooting: new connections are refused");
  // The Hello listener shares the SADP port and, bound last, would get unicast probes: probe
  // the group, as SADP Tool does (docs/protocol-coverage.md, same host as a SADP tool).
  const toGroup = { address: SADP_GROUP, multicastInterface: "127.0.0.1", port: emulator.sadpPort, clock };
  const during = await sadpProbe({ ...toGroup, expect: 2 });
  t.notOk(during.byMac.has(mac), "SADP leaves the rebooting device out");
  t.equal(during.byMac.size, 2, "its neighbours still answer");

  await clock.advance(camera.profile.shutdownSeconds * 1000);
  t.equal(camera.power, "booting", "after the shutdown time it boots");
  await clock.advance(camera.readyAt - clock.now() - 1);
  await emulator.http.settled();
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "a millisecond before the boot time ends: still refused");
  t.equal(hellos.hellos.length, 0, "no Hello before the boot has ended");
  await clock.advance(1);
  await emulator.http.settled();
  t.equal(camera.power, "running");
  t.equal(camera.serving.httpPort, httpPort, "back on the same port");

  t.equal(await hellos.atLeast(1, 3000), 1, "a Hello went to the group when the boot ended (§1.1)");
  const hello = hellos.hellos[0]!;
  t.equal(hello.get("Types"), "hello");
  t.equal(hello.get("MAC"), mac);
  t.equal(hello.get("Activated"), "true");
  t.match(hello.get("Uuid"), /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/, "a fresh upper-case UUID");

  t.ok(camera.bootedAt > bootedBefore, "a new boot time");
  const after = await sadpProbe({ ...toGroup, expect: 3 });
  const fields = after.byMac.get(mac);
  t.ok(fields, "SADP shows it again");
  t.ok((fields?.get("BootTime") ?? "") > bootTimeBefore, `SADP BootTime moved on (${bootTimeBefore} → ${fields?.get("BootTime")})`);
  t.equal(fields?.get("BootTime"), hello.get("BootTime"), "the Hello carried the new BootTime");
  t.equal(fields?.get("Activated"), "true", "still activated: a reboot keeps flash");

  const info = await request(`${url}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" });
  t.equal(info.status, 200, "the same password works");
  const stale = await fetch(`${url}/ISAPI/System/deviceInfo`, { headers: { authorization: oldNonceHeader } });
  t.equal(stale.status, 401, "the nonce issued before the reboot is refused: nonces live in RAM");
  const fresh = digestChallenge(stale.headers.get("www-authenticate"));
  t.not(fresh.nonce, nonce, "with a fresh challenge");
  // The device forgot the nonce at the reboot but knows it signed it: stale="TRUE" (RFC 7616
  // §3.3), so a client retries with the new nonce without asking for the password.
  t.equal(fresh.stale, "TRUE", "the old nonce is stale");
  const madeUp = await fetch(`${url}/ISAPI/System/deviceInfo`, { headers: { authorization: digestHeader(fresh.realm, "0".repeat(32), "/ISAPI/System/deviceInfo", password) } });
  t.equal(digestChallenge(madeUp.headers.get("www-authenticate")).stale, "FALSE", "a nonce it never issued is not stale, even with the right password");
  t.equal(camera.accounts.failures("admin", "127.0.0.1"), undefined, "a forgotten nonce is not a failed login");
  const retry = await fetch(`${url}/ISAPI/System/deviceInfo`, { headers: { authorization: digestHeader(fresh.realm, fresh.nonce, "/ISAPI/System/deviceInfo", password) } });
  t.equal(retry.status, 200, "the retry with the new nonce works");
  t.equal(hellos.hellos.length, 1, "one boot, one Hello; the neighbours (not rebooted) sent none");
});

t.test("a profile whose firmware answers Reboot Required: statusCode 7, then the same reboot", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 72, clock, { profileOf: (p) => ({ ...p, isapi: { ...p.isapi, rebootReply: "rebootRequired" } }) });
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = emulator.fleet.byName("camera-1")!;
  const reply = await request(`${baseUrl(emulator, "camera-1")}/ISAPI/System/reboot`, { method: "PUT", digestAuth: `admin:${password}`, dataType: "text" });
  t.equal(reply.status, 200, "statusCode 7 maps to HTTP 200 (§2.9 table)");
  t.equal(reply.data, golden("isapi/ResponseStatus.reboot.rebootRequired.xml", String(reply.data)).toString(), "statusCode 7 Reboot Required, subStatusCode rebootRequired");
  t.equal(camera.power, "rebooting", "and the device reboots all the same");

  const nvr = emulator.fleet.byName("nvr-1")!;
  const nvrPassword = await adminPassword(emulator, "nvr-1", PASSWORD);
  const restore = await request(`${baseUrl(emulator, "nvr-1")}/ISAPI/System/factoryReset?mode=basic`, { method: "PUT", digestAuth: `admin:${nvrPassword}`, dataType: "text" });
  t.equal(restore.status, 200);
  t.match(restore.data, /<statusCode>7<\/statusCode>\r\n<statusString>Reboot Required<\/statusString>\r\n<subStatusCode>rebootRequired<\/subStatusCode>/, "factoryReset answers the same way");
  t.match(restore.data, /xmlns="http:\/\/www.isapi.org\/ver20\/XMLSchema"/, "in the NVR's namespace");
  t.equal(nvr.power, "rebooting");
});

t.test("bad requests are answered with a ResponseStatus and change nothing", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 73, clock);
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = emulator.fleet.byName("camera-1")!;
  const legacy = emulator.fleet.byName("legacy-camera-1")!;
  const url = baseUrl(emulator, "camera-1");
  const flash = camera.flash;
  const put = (path: string, method = "PUT") => request(`${url}${path}`, { method: method as "PUT", digestAuth: `admin:${password}`, dataType: "text" });

  const cases: [string, Awaited<ReturnType<typeof put>>, number, string][] = [
    ["factoryReset without a mode", await put("/ISAPI/System/factoryReset"), 400, "badParameters"],
    ["an unknown mode", await put("/ISAPI/System/factoryReset?mode=medium"), 400, "badParameters"],
    ["a mode in capitals", await put("/ISAPI/System/factoryReset?mode=FULL"), 400, "badParameters"],
    ["two modes", await put("/ISAPI/System/factoryReset?mode=basic&mode=full"), 400, "badParameters"],
    ["an empty mode", await put("/ISAPI/System/factoryReset?mode="), 400, "badParameters"],
    ["GET reboot", await put("/ISAPI/System/reboot", "GET"), 405, "methodNotAllowed"],
    ["POST factoryReset", await put("/ISAPI/System/factoryReset?mode=full", "POST"), 405, "methodNotAllowed"],
  ];
  for (const [what, response, status, sub] of cases) {
    t.equal(response.status, status, what);
    t.match(response.data, new RegExp(`<ResponseStatus version="1.0" xmlns="[^"]+">[\\s\\S]*<subStatusCode>${sub}</subStatusCode>`), what);
  }
  t.match(cases[0]?.[1].data, "<requestURL>/ISAPI/System/factoryReset</requestURL>");
  t.match(cases[1]?.[1].data, "<requestURL>/ISAPI/System/factoryReset?mode=medium</requestURL>", "requestURL as sent, query included");

  const anonymous = await fetch(`${url}/ISAPI/System/reboot`, { method: "PUT" });
  t.equal(anonymous.status, 401, "no credentials: the Digest challenge");
  const wrong = await request(`${url}/ISAPI/System/reboot`, { method: "PUT", digestAuth: "admin:Wrong1234!", dataType: "text" });
  t.equal(wrong.status, 401, "a wrong password: 401");
  const inactive = await request(`${baseUrl(emulator, "nvr-1")}/ISAPI/System/reboot`, { method: "PUT", digestAuth: `admin:${password}`, dataType: "text" });
  t.equal(inactive.status, 403, "an inactive device answers notActivated");
  t.match(inactive.data, "<subStatusCode>notActivated</subStatusCode>");

  t.equal(camera.power, "running", "nothing rebooted");
  t.equal(camera.flash, flash, "flash untouched");
  t.equal(emulator.fleet.byName("nvr-1")!.power, "running");
  t.equal(legacy.power, "running");
  const info = await request(`${url}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" });
  t.equal(info.status, 200, "the device still answers");
});
