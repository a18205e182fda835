import t from "tap";
import { Agent } from "node:http";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import { SeededRandom } from "../../src/emulator/random.js";
import { sadpMac } from "../../src/util/mac.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { agentRequest, tryConnect } from "../helpers/sockets.js";

const PASSWORD = "Hik12345!";

/** Waits (host turns: the request is on its way over the socket) until the clock holds a timer named `name`. */
async function timerArmed(clock: VirtualClock, name: string, armed = true): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (clock.pendingTimers().includes(name) === armed) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`timer ${name} still ${armed ? "missing" : "there"} after 10 s`);
}

/** Device-clock timers other than the SSDP re-advertisement round, which is always pending (issue 8). */
function heldTimers(clock: VirtualClock): string[] {
  return clock.pendingTimers().filter((name) => name !== "ssdp-advertise");
}

t.test("httpLatencyMs holds each request on the device clock until the clock passes it", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 77, clock);
  const camera = emulator.fleet.byName("camera-1")!;
  const url = baseUrl(emulator, "camera-1");
  camera.faults.set({ httpLatencyMs: 5000 });

  let answered = false;
  const pending = fetch(`${url}/SDK/activateStatus`).then(async (r) => {
    answered = true;
    return { status: r.status, body: await r.text() };
  });
  await timerArmed(clock, "camera-1 http latency");
  await clock.advance(4999);
  t.notOk(answered, "not answered 1 ms before the latency has passed");
  t.same(heldTimers(clock), ["camera-1 http latency"], "still held");
  await clock.advance(1);
  const reply = await pending;
  t.equal(reply.status, 200, "answered once the device clock passed the latency");
  t.match(reply.body, "<Activated>false</Activated>");
  t.equal((await fetch(`${baseUrl(emulator, "nvr-1")}/SDK/activateStatus`)).status, 200, "a neighbour answers without waiting for the clock");

  // A request still held when the device goes down is never answered: the device never saw
  // it. (A reboot's graceful close would wait for it; the held request's connection is cut
  // when its latency runs out.)
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());
  const held = () =>
    agentRequest(agent, `${url}/SDK/activateStatus`).then(
      (r) => `answered ${r.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? "error",
    );
  const lostToReboot = held();
  await timerArmed(clock, "camera-1 http latency");
  camera.reboot("control");
  await clock.advance(5000);
  t.equal(await lostToReboot, "ECONNRESET", "held across a reboot: cut, not answered");
  await clock.advance(camera.readyAt - clock.now());
  await emulator.http.settled();
  t.equal(camera.power, "running");

  const lostToPowerCut = held();
  await timerArmed(clock, "camera-1 http latency");
  camera.powerOff();
  t.equal(await lostToPowerCut, "ECONNRESET", "held across a power cut: cut at once");
  await clock.advance(5000);
  await emulator.http.settled();
  t.equal(await tryConnect(camera.serving.address, camera.serving.httpPort), "ECONNREFUSED");
  t.same(camera.faults.current.httpLatencyMs, 5000, "faults outlive reboots and power cuts (surroundings, not the device)");

  camera.powerOn();
  await clock.advance(camera.readyAt - clock.now());
  await emulator.http.settled();
  const gone = new AbortController();
  const abandoned = fetch(`${url}/SDK/activateStatus`, { signal: gone.signal }).catch((error: Error) => error.name);
  await timerArmed(clock, "camera-1 http latency");
  gone.abort();
  t.equal(await abandoned, "AbortError");
  await timerArmed(clock, "camera-1 http latency", false);
  t.same(heldTimers(clock), [], "a client that goes away lets go of its held request: the latency timer is cancelled");
});

t.test("httpErrorRate 1: every request of that device is a 500 deviceError, before authentication; others answer", async (t) => {
  const emulator = await startDefaultFleet(t, 78);
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = emulator.fleet.byName("camera-1")!;
  const url = baseUrl(emulator, "camera-1");
  camera.faults.set({ httpErrorRate: 1 });

  for (const [what, response] of [
    ["public resource", await fetch(`${url}/SDK/activateStatus`)],
    ["protected resource, anonymous", await fetch(`${url}/ISAPI/System/deviceInfo`)],
    ["a PUT with a body", await fetch(`${url}/ISAPI/System/activate`, { method: "PUT", body: "<ActivateInfo/>" })],
  ] as const) {
    t.equal(response.status, 500, what);
    t.equal(response.headers.get("content-type"), 'application/xml; charset="UTF-8"', what);
    const body = await response.text();
    t.match(body, /<statusCode>3<\/statusCode>\r\n<statusString>Device Error<\/statusString>\r\n<subStatusCode>deviceError<\/subStatusCode>/, what);
  }
  const digest = await request(`${url}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" });
  t.equal(digest.status, 500, "a Digest client gets no challenge to answer");
  t.equal((await fetch(`${baseUrl(emulator, "nvr-1")}/SDK/activateStatus`)).status, 200, "the neighbour is unaffected");
  t.equal(camera.faults.current.httpErrorRate, 1);

  camera.faults.clear();
  t.notOk(camera.faults.active);
  t.equal((await request(`${url}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" })).status, 200, "cleared: answers again");
});

t.test("httpErrorRate 0.5 with a seeded Random: some requests fail, some succeed, the same ones every run", async (t) => {
  const outcomes = async (octet: number) => {
    const emulator = await startDefaultFleet(t, octet, undefined, { random: new SeededRandom("http-faults") });
    const camera = emulator.fleet.byName("camera-1")!;
    camera.faults.set({ httpErrorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await fetch(`${baseUrl(emulator, "camera-1")}/SDK/activateStatus`)).status);
    return statuses;
  };
  const first = await outcomes(79);
  const failed = first.filter((s) => s === 500).length;
  const ok = first.filter((s) => s === 200).length;
  t.equal(failed + ok, 40, "every request is answered, 200 or 500");
  t.ok(failed >= 8 && failed <= 32, `about half fail (${failed} of 40)`);
  t.ok(ok >= 8, `the rest succeed (${ok})`);
  t.same(await outcomes(80), first, "the seed decides which: a second fleet with the same seed fails the same requests");
});

t.test("unplugged: connections refused, keep-alive cut, SADP silent for that device only; plugged back, same port", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 81, clock);
  const camera = emulator.fleet.byName("camera-1")!;
  const { address, httpPort } = camera.serving;
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());
  const before = await agentRequest(agent, `${baseUrl(emulator, "camera-1")}/SDK/activateStatus`);
  t.equal(before.status, 200);

  camera.faults.set({ unplugged: true });
  t.equal(camera.power, "running", "still powered");
  t.notOk(camera.reachable);
  await emulator.http.settled();
  await before.socketClosed;
  t.pass("the kept-alive connection was cut");
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "new connections refused");
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 2, clock });
  t.notOk(sadp.byMac.has(sadpMac(camera.identity.mac)), "SADP silent for it");
  t.equal(sadp.byMac.size, 2, "the neighbours answer");

  camera.faults.set({ unplugged: false });
  await emulator.http.settled();
  t.equal(camera.serving.httpPort, httpPort, "back on its port");
  t.equal((await fetch(`${baseUrl(emulator, "camera-1")}/SDK/activateStatus`)).status, 200, "answers again at once: no boot, the power never went");
  const back = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock });
  t.ok(back.byMac.has(sadpMac(camera.identity.mac)));
});
