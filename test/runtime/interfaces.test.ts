import t from "tap";
import { networkInterfaces } from "node:os";
import { interfaceAddresses, resolveDiscoveryScope } from "../../src/runtime/interfaces.js";

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
  t.throws(() => resolveDiscoveryScope("no-such-if0"), /no interface named "no-such-if0" \(known: loopback, all, /);
  t.end();
});

t.test("interfaceAddresses: names with masks, and a wrong name answered with the usable ones", (t) => {
  const v4 = (address: string, netmask: string) => ({ address, netmask, family: "IPv4" as const, mac: "00:00:00:00:00:00", internal: false, cidr: `${address}/24` });
  const v6 = { address: "fe80::1", netmask: "ffff:ffff:ffff:ffff::", family: "IPv6" as const, mac: "00:00:00:00:00:00", internal: false, cidr: "fe80::1/64", scopeid: 2 };
  const table = { lo: [v4("127.0.0.1", "255.0.0.0")], veth0: [v4("10.231.0.1", "255.255.255.0"), v4("10.231.0.10", "255.255.255.0")], v6only: [v6] };
  t.same(interfaceAddresses("veth0", table), [
    { name: "veth0", address: "10.231.0.1", netmask: "255.255.255.0" },
    { name: "veth0", address: "10.231.0.10", netmask: "255.255.255.0" },
  ]);
  t.same(interfaceAddresses("all", table).map((a) => a.address), ["127.0.0.1", "10.231.0.1", "10.231.0.10"]);
  t.same(interfaceAddresses("loopback", table), [{ name: "loopback", address: "127.0.0.1", netmask: "255.0.0.0" }]);
  t.throws(() => interfaceAddresses("eth9", table), { name: "InterfaceError", message: 'no interface named "eth9" (known: loopback, all, lo, veth0)' });
  t.throws(() => interfaceAddresses("v6only", table), { name: "InterfaceError", message: 'interface "v6only" has no IPv4 address (known: loopback, all, lo, veth0)' });
  t.same(resolveDiscoveryScope("veth0", table), { multicastInterfaces: ["10.231.0.1"], loopbackOnly: false }, "the group joined once per interface, secondary addresses or not");
  t.same(resolveDiscoveryScope("all", table).multicastInterfaces, ["127.0.0.1", "10.231.0.1"]);
  t.end();
});
