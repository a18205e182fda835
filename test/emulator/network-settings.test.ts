import t from "tap";
import { makeFleet } from "../helpers/harness.js";
import { isSubnetMask, isUnicastHostAddress } from "../../src/util/ipv4.js";

t.test("changeNetwork writes the new IPv4 settings to flash, marks them set by the device and says so", async (t) => {
  const { fleet, store } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  const before = camera.network;
  const seen: unknown[] = [];
  camera.events.on("networkChanged", (e) => seen.push(e));
  const next = await camera.changeNetwork({ ipv4: "127.0.9.9", gateway: "127.0.0.1" }, "sadp");
  t.same(next, { ...before, ipv4: "127.0.9.9", gateway: "127.0.0.1" }, "the parts not given stay");
  t.same(camera.network, next);
  t.equal(camera.flash.networkSetBy, "device");
  t.same(seen, [{ name: "camera-1", network: next, previous: before, via: "sadp" }]);
  const stored = (await store.load("camera-1")) as { flash: { network: { ipv4: string }; networkSetBy: string } };
  t.equal(stored.flash.network.ipv4, "127.0.9.9", "durable before the promise resolves");
  t.equal(stored.flash.networkSetBy, "device");
  t.equal(fleet.byName("nvr-1")!.flash.networkSetBy, "fleet", "other devices keep the fleet file's address");
});

t.test("a bad value refuses the whole change with badParameters and writes nothing", async (t) => {
  const { fleet, store } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  const before = camera.network;
  const saved = JSON.stringify(await store.load("camera-1"));
  for (const bad of [{ ipv4: "300.1.1.1" }, { ipv4: "224.0.0.1" }, { ipv4: "0.0.0.0" }, { ipv4: "127.0.9.9", mask: "255.0.255.0" }, { gateway: "gw" }, { ipv4: " 127.0.0.5" }]) {
    t.throws(() => void camera.changeNetwork(bad, "sadp"), { code: "badParameters" }, JSON.stringify(bad));
  }
  t.same(camera.network, before);
  t.equal(JSON.stringify(await store.load("camera-1")), saved, "flash untouched");
});

t.test("ipv4 helpers", (t) => {
  t.ok(isSubnetMask("255.255.255.0"));
  t.ok(isSubnetMask("255.255.255.255"));
  t.notOk(isSubnetMask("0.0.0.0"));
  t.notOk(isSubnetMask("255.0.255.0"));
  t.ok(isUnicastHostAddress("192.168.1.64"));
  t.notOk(isUnicastHostAddress("239.255.255.250"));
  t.notOk(isUnicastHostAddress("255.255.255.255"));
  t.notOk(isUnicastHostAddress("1.2.3"));
  t.end();
});
