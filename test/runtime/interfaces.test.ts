import t from "tap";
import { networkInterfaces } from "node:os";
import { resolveDiscoveryScope } from "../../src/runtime/interfaces.js";

t.test("loopback (the default) pins multicast to 127.0.0.1 and refuses LAN peers", (t) => {
  t.same(resolveDiscoveryScope("loopback"), { multicastInterfaces: ["127.0.0.1"], loopbackOnly: true });
  t.end();
});

t.test("an interface name or 'all' opens discovery to that network", (t) => {
  const loopbackName = Object.entries(networkInterfaces()).find(([, list]) => list?.some((e) => e.address === "127.0.0.1"))?.[0];
  t.ok(loopbackName, "this host has a loopback interface");
  t.same(resolveDiscoveryScope(loopbackName!), { multicastInterfaces: ["127.0.0.1"], loopbackOnly: false });
  const all = resolveDiscoveryScope("all");
  t.ok(all.multicastInterfaces.includes("127.0.0.1"));
  t.equal(all.loopbackOnly, false);
  t.throws(() => resolveDiscoveryScope("no-such-if0"), /interface "no-such-if0" has no IPv4 address/);
  t.end();
});
