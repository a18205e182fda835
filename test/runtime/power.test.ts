import t from "tap";
import { Agent, request } from "node:http";
import { baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { spec, CAMERA } from "../helpers/harness.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { sadpMac } from "../../src/util/mac.js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { tryConnect } from "../helpers/sockets.js";

function keepAliveGet(agent: Agent, url: string): Promise<{ status: number; socketClosed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      const socket = res.socket;
      const socketClosed = new Promise<void>((done) => socket.once("close", () => done()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, socketClosed }));
    });
    req.on("error", reject);
    req.end();
  });
}

t.test("a device switched off in the core: its listener closes, keep-alive included; neighbours answer; on again, same port", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 39, clock);
  const camera = emulator.fleet.byName("camera-1")!;
  const { address, httpPort } = camera.serving;
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());

  const before = await keepAliveGet(agent, `${baseUrl(emulator, "camera-1")}/SDK/activateStatus`);
  t.equal(before.status, 200);
  const revision = camera.revision;

  camera.powerOff();
  await emulator.http.settled();
  await before.socketClosed;
  t.pass("the idle keep-alive connection was closed with the listener");
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "new connections are refused, as with a box that is down");
  t.ok(camera.revision > revision, "the power change is a revision");
  for (const name of ["legacy-camera-1", "nvr-1"]) {
    t.equal((await fetch(`${baseUrl(emulator, name)}/SDK/activateStatus`)).status, name === "nvr-1" ? 200 : 401, `${name} still answers`);
  }
  // Replies to one probe leave in fleet order (camera-1 first) over loopback, which keeps
  // order: once both neighbours have answered, a reply from camera-1 would already be here.
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 2, clock });
  t.same([...sadp.byMac.keys()].sort(), ["legacy-camera-1", "nvr-1"].map((n) => sadpMac(emulator.fleet.byName(n)!.identity.mac)).sort(), "SADP: the neighbours answer");
  t.notOk(sadp.byMac.has(sadpMac(camera.identity.mac)), "SADP leaves the switched-off device out");

  camera.powerOn();
  await emulator.http.settled();
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "booting: still refused");
  await clock.advance(camera.profile.bootSeconds * 1000);
  await emulator.http.settled();
  t.equal(camera.serving.httpPort, httpPort, "back on the port it had");
  t.equal((await fetch(`${baseUrl(emulator, "camera-1")}/SDK/activateStatus`)).status, 200, "answers again");
  const back = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock });
  t.ok(back.byMac.has(sadpMac(camera.identity.mac)), "SADP shows it again");
});

t.test("devices added and removed at run time get and lose their listener", async (t) => {
  const emulator = await startDefaultFleet(t, 45);
  const added = await emulator.fleet.add(spec(CAMERA, "late-cam", "127.45.0.50"));
  await emulator.http.settled();
  t.equal(emulator.fleet.byAddress("127.45.0.50"), added, "indexed by address");
  t.equal(emulator.fleet.byMac(added.identity.mac), added, "and by MAC");
  t.not(added.serving.httpPort, 0, "served on a real port");
  const withNew = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 4 });
  t.ok(withNew.byMac.has(sadpMac(added.identity.mac)), "SADP answers for the added device");
  const url = `http://127.45.0.50:${added.serving.httpPort}/SDK/activateStatus`;
  t.match(await (await fetch(url)).text(), "<Activated>false</Activated>");
  await t.rejects(emulator.fleet.add(spec(CAMERA, "late-cam", "127.45.0.51")), /used twice/, "names stay unique");
  await t.rejects(emulator.fleet.add(spec(CAMERA, "other", "127.45.0.50")), /used twice/, "addresses too");

  t.equal(emulator.fleet.remove("late-cam"), added);
  await emulator.http.settled();
  t.equal(await tryConnect("127.45.0.50", added.serving.httpPort), "ECONNREFUSED", "gone from the network");
  t.equal(emulator.fleet.byName("late-cam"), undefined);
  t.equal(emulator.fleet.devices.length, 3);
  t.equal(emulator.fleet.remove("late-cam"), undefined, "removing twice is a no-op");

  const again = await emulator.fleet.add(spec(CAMERA, "late-cam", "127.45.0.50"));
  t.equal(again.identity.mac, added.identity.mac, "re-added from its stored flash: same identity");
});
