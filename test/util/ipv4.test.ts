import t from "tap";
import { mapIntoPrefix, parseIpv4Prefix } from "../../src/util/ipv4.js";

t.test("an address moves into a prefix keeping its host part; /32 replaces it", (t) => {
  const into = (address: string, prefix: string) => mapIntoPrefix(address, parseIpv4Prefix(prefix)!);
  t.equal(into("172.18.0.10", "192.168.50.0/24"), "192.168.50.10");
  t.equal(into("172.18.3.10", "192.168.0.0/16"), "192.168.3.10");
  t.equal(into("127.0.130.12", "10.9.0.0/16"), "10.9.130.12");
  t.equal(into("172.18.0.10", "192.168.50.7"), "192.168.50.7", "a bare address is /32");
  t.equal(into("172.18.0.10", "192.168.50.99/24"), "192.168.50.10", "host bits of the prefix are ignored");
  t.equal(into("10.1.2.3", "200.0.0.0/1"), "138.1.2.3", "the top bit only");
  t.same(parseIpv4Prefix("10.0.0.0/8"), { address: "10.0.0.0", bits: 8 });
  for (const bad of ["10.0.0.0/0", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/", "x/8", "256.0.0.0/8"]) t.equal(parseIpv4Prefix(bad), undefined, bad);
  t.end();
});
