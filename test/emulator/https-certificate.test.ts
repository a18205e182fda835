import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { SeededRandom } from "../../src/emulator/random.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { Fleet } from "../../src/emulator/fleet.js";
import { DeviceError } from "../../src/emulator/errors.js";
import type { CertificateIssuer, CertificateRequest } from "../../src/emulator/https-certificate.js";
import type { Device } from "../../src/emulator/device.js";
import { CAMERA, makeFleet, silentLogger, spec } from "../helpers/harness.js";

/** An issuer that records what it was asked and answers only when told to (a slow RSA key). */
class FakeIssuer implements CertificateIssuer {
  readonly requests: CertificateRequest[] = [];
  readonly #waiting: (() => void)[] = [];

  issue(request: CertificateRequest) {
    this.requests.push(request);
    const n = this.requests.length;
    return new Promise<{ key: string; cert: string }>((resolve) => this.#waiting.push(() => resolve({ key: `key-${n}`, cert: `cert-${n}` })));
  }

  finish(): void {
    for (const done of this.#waiting.splice(0)) done();
  }
}

async function oneDevice(issuer?: CertificateIssuer) {
  const clock = new VirtualClock(Date.UTC(2024, 5, 1));
  const store = new MemoryStore();
  const fleet = await Fleet.create({ seed: "s", specs: [spec(CAMERA, "unit-1", "127.146.202.10", "Hik12345!")], clock, random: new SeededRandom("r"), store, logger: silentLogger, ...(issuer ? { certificates: issuer } : {}) });
  return { device: fleet.byName("unit-1") as Device, clock, store };
}

t.test("made once, at the first request, for the device's address and clock; callers meanwhile share it; kept in flash", async (t) => {
  const issuer = new FakeIssuer();
  const { device, clock, store } = await oneDevice(issuer);
  t.equal(issuer.requests.length, 0, "nothing made at start-up");
  const first = device.https.obtain();
  const second = device.https.obtain();
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(issuer.requests.length, 1, "two callers, one key");
  t.same(issuer.requests[0], { commonName: "127.146.202.10", notBefore: clock.now(), validDays: 3650 });
  issuer.finish();
  t.same(await first, { key: "key-1", cert: "cert-1" });
  t.equal(await second, await first);
  t.same(device.flash.certificate, { key: "key-1", cert: "cert-1" }, "in flash");
  t.same(((await store.load("unit-1")) as { flash: { certificate: unknown } }).flash.certificate, { key: "key-1", cert: "cert-1" }, "persisted");
  t.equal(await device.https.obtain(), device.flash.certificate, "then always the one in flash");
  t.equal(issuer.requests.length, 1);

  await device.factoryReset("basic", "isapi");
  t.same(device.flash.certificate, { key: "key-1", cert: "cert-1" }, "Restore keeps it");
  await clock.advance(10 * 60_000);
  await device.factoryReset("full", "isapi");
  t.equal(device.flash.certificate, undefined, "Default removes it");
  const next = device.https.obtain();
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(issuer.requests[1]?.commonName, device.profile.factoryNetwork.ipv4, "the next one is made for the address the device believes now");
  issuer.finish();
  t.same(await next, { key: "key-2", cert: "cert-2" });
});

t.test("a device built without the issuer port cannot make one: deviceError, flash unchanged", async (t) => {
  const { fleet } = await makeFleet({ specs: [spec(CAMERA, "unit-1", "127.146.203.10")] });
  const device = fleet.byName("unit-1") as Device;
  const before = JSON.stringify(device.flash);
  const error = await device.https.obtain().catch((e: unknown) => e);
  t.ok(error instanceof DeviceError);
  t.equal((error as DeviceError).code, "deviceError");
  t.equal(JSON.stringify(device.flash), before);
});

t.test("a never-set clock (1970) does not date the certificate: it is valid from the host's now", async (t) => {
  const issuer = new FakeIssuer();
  const clock = new VirtualClock(Date.UTC(2024, 5, 1));
  const fleet = await Fleet.create({ seed: "s", specs: [spec(CAMERA, "new-1", "127.146.203.10")], clock, random: new SeededRandom("r"), store: new MemoryStore(), logger: silentLogger, certificates: issuer });
  const device = fleet.byName("new-1") as Device;
  t.notOk(device.time.isSet, "factory-new: the clock was never set");
  t.ok(device.deviceTime() < Date.UTC(1971, 0, 1), "it reads 1970");
  const made = device.https.obtain();
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(issuer.requests[0]?.notBefore, Date.UTC(2024, 5, 1), "notBefore: the host clock");
  issuer.finish();
  await made;
});
