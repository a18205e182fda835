import t, { type Test } from "tap";
import { EventEmitter } from "node:events";
import { admits, peerIpv4 } from "../../../src/emulator/security/ip-filter.js";
import { MAX_IP_FILTER_RULES, SecuritySettingsModule } from "../../../src/emulator/security/security-settings.js";
import { DeviceError } from "../../../src/emulator/errors.js";
import type { DeviceEventMap } from "../../../src/emulator/events.js";
import { deriveIdentity } from "../../../src/emulator/identity.js";
import { factoryFlash, type FlashState, type IpFilterRule, type IpFilterSettings } from "../../../src/emulator/state.js";
import { CAMERA, profile, silentLogger } from "../../helpers/harness.js";

const rules: IpFilterRule[] = [
  { id: 1, kind: "specific", address: "10.0.0.5" },
  { id: 2, kind: "range", start: "192.168.1.10", end: "192.168.1.20" },
];

t.test("admits: allow lists only the listed, deny all but the listed, disabled everyone", async (t) => {
  const allow: IpFilterSettings = { enabled: true, permission: "allow", rules };
  const deny: IpFilterSettings = { enabled: true, permission: "deny", rules };
  const cases: [string, boolean][] = [
    ["10.0.0.5", true],
    ["10.0.0.6", false],
    ["192.168.1.9", false],
    ["192.168.1.10", true],
    ["192.168.1.15", true],
    ["192.168.1.20", true],
    ["192.168.1.21", false],
  ];
  for (const [peer, listed] of cases) {
    t.equal(admits(allow, peer), listed, `allow: ${peer}`);
    t.equal(admits(deny, peer), !listed, `deny: ${peer}`);
    t.equal(admits({ ...allow, enabled: false }, peer), true, `disabled allow: ${peer}`);
    t.equal(admits({ ...deny, enabled: false }, peer), true, `disabled deny: ${peer}`);
  }
});

t.test("admits: IPv4-mapped IPv6 peers are their IPv4 address; other IPv6 is outside every rule", async (t) => {
  const allow: IpFilterSettings = { enabled: true, permission: "allow", rules };
  const deny: IpFilterSettings = { enabled: true, permission: "deny", rules };
  t.equal(peerIpv4("::ffff:10.0.0.5"), "10.0.0.5");
  t.equal(peerIpv4("::1"), undefined);
  t.equal(peerIpv4(""), undefined);
  t.equal(admits(allow, "::ffff:10.0.0.5"), true, "mapped, listed: allowed");
  t.equal(admits(allow, "::ffff:192.168.1.15"), true, "mapped, in the range: allowed");
  t.equal(admits(deny, "::ffff:10.0.0.5"), false, "mapped, listed: denied");
  t.equal(admits(allow, "::1"), false, "IPv6 is never on an allow list");
  t.equal(admits(deny, "fe80::1"), true, "nor on a deny list");
  t.equal(admits(allow, ""), false, "an unknown peer (socket already gone) is not on an allow list");
});

/** The module over an in-memory flash, the way device.ts wires it. */
function securityModule() {
  const p = profile(CAMERA);
  let flash: FlashState = factoryFlash(p, deriveIdentity("seed", "unit-1", p), { ipv4: "10.1.2.3", mask: "255.255.0.0", gateway: "10.1.0.1", dhcp: false }, "fleet");
  const events = new EventEmitter<DeviceEventMap>();
  const changed: DeviceEventMap["securityChanged"][0][] = [];
  events.on("securityChanged", (e) => changed.push(e));
  let writes = 0;
  const module = new SecuritySettingsModule({
    name: "unit-1",
    profile: () => p,
    logger: silentLogger,
    events,
    flash: () => flash,
    writeFlash: async (next) => {
      writes++;
      flash = next;
    },
    exclusive: (operation) => operation(),
  });
  return { module, changed, writes: () => writes, flash: () => flash };
}

async function refused(t: Test, operation: () => Promise<unknown>, message: string): Promise<void> {
  try {
    await operation();
    t.fail(`${message}: accepted`);
  } catch (error) {
    t.ok(error instanceof DeviceError, `${message}: a DeviceError`);
    t.equal((error as DeviceError).code, "badParameters", message);
  }
}

t.test("setIpFilter: validated whole, nothing written when any entry is wrong", async (t) => {
  const { module, changed, writes } = securityModule();
  t.same(module.current.ipFilter, { enabled: false, permission: "deny", rules: [] }, "factory: off, empty deny list");
  t.equal(module.admits("10.9.9.9"), true, "off: everyone");

  const bad: [string, IpFilterRule[]][] = [
    ["id 0", [{ id: 0, kind: "specific", address: "10.0.0.1" }]],
    ["negative id", [{ id: -1, kind: "specific", address: "10.0.0.1" }]],
    ["fractional id", [{ id: 1.5, kind: "specific", address: "10.0.0.1" }]],
    ["NaN id", [{ id: Number.NaN, kind: "specific", address: "10.0.0.1" }]],
    ["duplicate ids", [{ id: 1, kind: "specific", address: "10.0.0.1" }, { id: 1, kind: "specific", address: "10.0.0.2" }]],
    ["not an IPv4 address", [{ id: 1, kind: "specific", address: "10.0.0.256" }]],
    ["an IPv6 address", [{ id: 1, kind: "specific", address: "fe80::1" }]],
    ["a host name", [{ id: 1, kind: "specific", address: "camera.local" }]],
    ["a range with an IPv6 end", [{ id: 1, kind: "range", start: "10.0.0.1", end: "::1" }]],
    ["a reversed range", [{ id: 1, kind: "range", start: "10.0.0.9", end: "10.0.0.1" }]],
    ["a good entry then a bad one", [{ id: 1, kind: "specific", address: "10.0.0.1" }, { id: 2, kind: "range", start: "10.0.1.0", end: "10.0.0.255" }]],
  ];
  for (const [name, list] of bad) await refused(t, () => module.setIpFilter({ enabled: true, permission: "allow", rules: list }, "test"), name);
  const tooMany = Array.from({ length: MAX_IP_FILTER_RULES + 1 }, (_, i): IpFilterRule => ({ id: i + 1, kind: "specific", address: `10.0.${i >> 8}.${i & 255}` }));
  await refused(t, () => module.setIpFilter({ enabled: true, permission: "deny", rules: tooMany }, "test"), `${MAX_IP_FILTER_RULES + 1} entries`);
  t.equal(writes(), 0, "no refused change was written");
  t.same(changed, [], "nor announced");
  t.same(module.current.ipFilter.rules, [], "the filter is as it was");

  const full = tooMany.slice(0, MAX_IP_FILTER_RULES);
  await module.setIpFilter({ enabled: true, permission: "deny", rules: full }, "test");
  t.equal(module.current.ipFilter.rules.length, MAX_IP_FILTER_RULES, `${MAX_IP_FILTER_RULES} entries are fine`);
  t.equal(module.admits("10.0.0.63"), false, "a listed address is denied");
  t.equal(module.admits("10.0.0.64"), true, "an unlisted one admitted");
});

t.test("setIpFilter: a one-address range, written once, announced, and no write when unchanged", async (t) => {
  const { module, changed, writes, flash } = securityModule();
  const next: IpFilterSettings = { enabled: true, permission: "allow", rules: [{ id: 7, kind: "range", start: "10.0.0.4", end: "10.0.0.4" }] };
  await module.setIpFilter(next, "isapi");
  t.same(flash().security.ipFilter, next, "in flash");
  t.same(changed, [{ name: "unit-1", setting: "ipFilter", via: "isapi" }]);
  t.equal(module.admits("10.0.0.4"), true);
  t.equal(module.admits("::ffff:10.0.0.4"), true, "IPv4-mapped peer");
  t.equal(module.admits("10.0.0.5"), false);
  await module.setIpFilter({ ...next, rules: [{ id: 7, kind: "range", start: "10.0.0.4", end: "10.0.0.4" }] }, "isapi");
  t.equal(writes(), 1, "the same settings again write nothing");
  t.equal(changed.length, 1, "and announce nothing");
});
