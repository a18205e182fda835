import t from "tap";
import { networkInterfaces } from "node:os";
import { discoverySourceAllowed, interfaceAddresses, outsideScope, resolveDiscoveryScope } from "../../src/runtime/interfaces.js";

t.test("loopback (the default) pins multicast to 127.0.0.1 and refuses LAN peers", (t) => {
  t.same(resolveDiscoveryScope("loopback"), { multicastInterfaces: ["127.0.0.1"], loopbackOnly: true, subnets: [{ address: "127.0.0.1", netmask: "255.0.0.0" }] });
  t.end();
});

t.test("an interface name or 'all' opens discovery to that network", (t) => {
  const loopbackName = Object.entries(networkInterfaces()).find(([, list]) => list?.some((e) => e.address === "127.0.0.1"))?.[0];
  t.ok(loopbackName, "this host has a loopback interface");
  t.match(resolveDiscoveryScope(loopbackName!), { multicastInterfaces: ["127.0.0.1"], loopbackOnly: false });
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
  t.same(
    resolveDiscoveryScope("veth0", table),
    { multicastInterfaces: ["10.231.0.1"], loopbackOnly: false, subnets: [{ address: "10.231.0.1", netmask: "255.255.255.0" }, { address: "10.231.0.10", netmask: "255.255.255.0" }] },
    "the group joined once per interface, secondary addresses or not",
  );
  t.same(resolveDiscoveryScope("all", table).multicastInterfaces, ["127.0.0.1", "10.231.0.1"]);
  t.end();
});

t.test("outsideScope: an address a device sets itself stays within --interface", (t) => {
  const v4 = (address: string, netmask: string) => ({ address, netmask, family: "IPv4" as const, mac: "00:00:00:00:00:00", internal: false, cidr: `${address}/24` });
  const table = { lo: [v4("127.0.0.1", "255.0.0.0")], veth0: [v4("10.231.0.1", "255.255.255.0")], eth0: [v4("192.168.7.2", "255.255.255.0")] };
  const loopback = resolveDiscoveryScope("loopback", table);
  t.equal(outsideScope(loopback, "loopback", "127.0.99.5"), undefined, "any 127.x on loopback");
  t.equal(outsideScope(loopback, "loopback", "10.231.0.50"), "10.231.0.50 is outside --interface loopback", "a LAN address is refused even if the host has it");
  t.equal(outsideScope(loopback, "loopback", "192.168.1.64"), "192.168.1.64 is outside --interface loopback");
  const veth = resolveDiscoveryScope("veth0", table);
  t.equal(outsideScope(veth, "veth0", "10.231.0.50"), undefined, "the chosen interface's subnet");
  t.equal(outsideScope(veth, "veth0", "192.168.7.9"), "192.168.7.9 is outside --interface veth0", "another interface's subnet is not chosen");
  t.equal(outsideScope(veth, "veth0", "127.0.0.9"), "127.0.0.9 is outside --interface veth0");
  const all = resolveDiscoveryScope("all", table);
  t.equal(outsideScope(all, "all", "192.168.7.9"), undefined);
  t.equal(outsideScope(all, "all", "172.16.0.1"), "172.16.0.1 is outside --interface all", "no interface has that subnet");
  t.end();
});

t.test("discoverySourceAllowed: local tools always; LAN peers only on a chosen subnet; none on a loopback-only fleet", (t) => {
  const v4 = (address: string, netmask: string) => ({ address, netmask, family: "IPv4" as const, mac: "00:00:00:00:00:00", internal: false, cidr: `${address}/24` });
  const table = { lo: [v4("127.0.0.1", "255.0.0.0")], veth0: [v4("10.231.0.1", "255.255.255.0")], eth0: [v4("192.168.7.2", "255.255.255.0")] };
  const loopback = resolveDiscoveryScope("loopback", table);
  t.ok(discoverySourceAllowed(loopback, "127.0.0.1"));
  t.ok(discoverySourceAllowed(loopback, "::ffff:127.0.0.5"));
  t.notOk(discoverySourceAllowed(loopback, "10.231.0.2"));
  const veth = resolveDiscoveryScope("veth0", table);
  t.ok(discoverySourceAllowed(veth, "10.231.0.2"), "a peer on the chosen link");
  t.ok(discoverySourceAllowed(veth, "127.0.0.1"), "a tool on this host");
  t.notOk(discoverySourceAllowed(veth, "192.168.7.9"), "a peer on a link nobody chose");
  t.notOk(discoverySourceAllowed(veth, "203.0.113.9"), "an off-link (routed or spoofed) source gets no fleet-wide answer");
  t.notOk(discoverySourceAllowed(veth, "fe80::1"), "IPv6 sources are not served");
  t.end();
});
