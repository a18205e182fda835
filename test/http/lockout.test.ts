import t from "tap";
import type { Test } from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { parseXml, textAt } from "../../src/http/xml.js";
import { adminPassword, startDefaultFleet } from "../helpers/emulator.js";
import { SourceClient, type Answer } from "../helpers/source-client.js";

// Devices on 127.89.0.10-12 (camera-1, legacy-camera-1, nvr-1); client machines on 127.89.<n>.x.
const OCTET = 89;
const PASSWORD = "Hik12345!";
const WRONG = "Wrong1234!";
const INFO = "/ISAPI/System/deviceInfo";
const LOCK = "/ISAPI/Security/illegalLoginLock";
const THIRTY_MINUTES = 30 * 60 * 1000;

async function fleet(t: Test, clock = new VirtualClock()) {
  const emulator = await startDefaultFleet(t, OCTET, clock);
  for (const name of ["camera-1", "nvr-1"]) await adminPassword(emulator, name, PASSWORD);
  return { emulator, clock, camera: device(emulator, "camera-1"), nvr: device(emulator, "nvr-1") };
}

function device(emulator: RunningEmulator, name: string): Device {
  const found = emulator.fleet.byName(name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

/** A client machine at `localAddress` talking to `target`; closed when the test ends. */
function client(t: Test, target: Device, localAddress: string): SourceClient {
  const c = new SourceClient({ host: target.serving.address, port: target.serving.httpPort, realm: target.identity.realm }, localAddress);
  t.teardown(() => c.close());
  return c;
}

/** lockStatus / unlockTime / retryLoginTime of a userCheck 401 body (§2.2). */
function lockFields(answer: Answer): { lockStatus?: string; unlockTime?: string; retryLoginTime?: string } {
  const doc = parseXml(answer.body);
  if (!doc) return {};
  const out: Record<string, string> = {};
  for (const name of ["lockStatus", "unlockTime", "retryLoginTime"]) {
    const value = textAt(doc, "userCheck", name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const HTML_401 = /Document Error: Unauthorized/;

t.test("ACCEPTANCE: 7 wrong admin passwords lock the address for 30 minutes, even for the right one; other addresses go on", async (t) => {
  const { clock, camera, nvr } = await fleet(t);
  for (const [target, name] of [
    [camera, "camera-1"],
    [nvr, "nvr-1"],
  ] as const) {
    const attacker = client(t, target, "127.89.1.1");
    const neighbour = client(t, target, "127.89.1.2");
    for (let i = 1; i <= 7; i++) t.equal((await attacker.digest(INFO, "admin", WRONG)).status, 401, `${name}: wrong password ${i} refused`);
    const refused = await attacker.digest(INFO, "admin", PASSWORD);
    t.equal(refused.status, 401, `${name}: the right password is refused while locked`);
    t.match(refused.headers["www-authenticate"], /^Digest /, `${name}: still a Digest challenge`);
    if (target.profile.isapi.unauthorizedBody === "html") {
      t.match(refused.body, HTML_401, `${name}: the camera's 401 is its HTML page, lock or not`);
    } else {
      t.same(lockFields(refused), { lockStatus: "lock", unlockTime: "1800", retryLoginTime: "0" }, `${name}: userCheck says locked, 1800 s left, 0 retries (§2.11)`);
    }
    t.match(target.accounts.lockStatus("127.89.1.1", "admin"), { locked: true, unlockSeconds: 1800, retriesLeft: 0 }, `${name}: the device's own view`);
    t.equal((await neighbour.digest(INFO, "admin", PASSWORD)).status, 200, `${name}: another address logs in during the lock`);
    t.equal(target.accounts.lockStatus("127.89.1.2", "admin").locked, false, `${name}: and was never locked`);
  }

  await clock.advance(60_000);
  const nvrAttacker = client(t, nvr, "127.89.1.1");
  t.same(lockFields(await nvrAttacker.digest(INFO, "admin", PASSWORD)), { lockStatus: "lock", unlockTime: "1740", retryLoginTime: "0" }, "a minute later: 1740 s left");

  await clock.advance(THIRTY_MINUTES - 60_000);
  for (const [target, name] of [
    [camera, "camera-1"],
    [nvr, "nvr-1"],
  ] as const) {
    const back = client(t, target, "127.89.1.1");
    t.equal((await back.digest(INFO, "admin", PASSWORD)).status, 200, `${name}: after 30 minutes on the device clock the right password works`);
    t.equal(target.accounts.lockStatus("127.89.1.1", "admin").retriesLeft, 7, `${name}: with a fresh count`);
  }
});

t.test("the NVR's userCheck 401 counts retryLoginTime down after each wrong password", async (t) => {
  const { nvr } = await fleet(t);
  const attacker = client(t, nvr, "127.89.2.1");
  const seen: unknown[] = [];
  for (let i = 0; i < 7; i++) seen.push(lockFields(await attacker.digest(INFO, "admin", WRONG)));
  t.same(seen, [
    { lockStatus: "unlock", unlockTime: "0", retryLoginTime: "6" },
    { lockStatus: "unlock", unlockTime: "0", retryLoginTime: "5" },
    { lockStatus: "unlock", unlockTime: "0", retryLoginTime: "4" },
    { lockStatus: "unlock", unlockTime: "0", retryLoginTime: "3" },
    { lockStatus: "unlock", unlockTime: "0", retryLoginTime: "2" },
    { lockStatus: "unlock", unlockTime: "0", retryLoginTime: "1" },
    { lockStatus: "lock", unlockTime: "1800", retryLoginTime: "0" },
  ]);
  const anonymous = await client(t, nvr, "127.89.2.2").send(INFO);
  t.equal(anonymous.status, 401);
  t.same(lockFields(anonymous), {}, "a request without credentials is no failure: no lock fields");
});

t.test("5 wrong passwords with any other user name lock the address too, admin included", async (t) => {
  const { nvr } = await fleet(t);
  await nvr.userDirectory.create({ userName: "admin", peer: "127.89.3.9", loginPassword: PASSWORD }, { userName: "operator1", password: "Op3rator#2024", level: "Operator" });
  const attacker = client(t, nvr, "127.89.3.1");
  const seen: unknown[] = [];
  for (const user of ["operator1", "operator1", "nobody", "operator1", "guest"]) seen.push(lockFields(await attacker.digest(INFO, user, WRONG)).retryLoginTime);
  t.same(seen, ["4", "3", "2", "1", "0"], "known and unknown names share the user count (§2.11: 5)");
  t.same(lockFields(await attacker.digest(INFO, "operator1", "Op3rator#2024")), { lockStatus: "lock", unlockTime: "1800", retryLoginTime: "0" }, "the operator's right password is refused");
  t.equal((await attacker.digest(INFO, "admin", PASSWORD)).status, 401, "so is the admin's: the address is locked");
  t.equal((await client(t, nvr, "127.89.3.2").digest(INFO, "operator1", "Op3rator#2024")).status, 200, "the operator logs in from elsewhere");

  // An account of one's own does not buy more guesses: its logins clear no count.
  const insider = client(t, nvr, "127.89.3.3");
  for (let i = 0; i < 6; i++) await insider.digest(INFO, "admin", WRONG);
  t.equal((await insider.digest(INFO, "operator1", "Op3rator#2024")).status, 200, "the operator's own login works");
  t.same(lockFields(await insider.digest(INFO, "admin", WRONG)), { lockStatus: "lock", unlockTime: "1800", retryLoginTime: "0" }, "the 7th admin failure still locks");

  // Nor at a colleague's: a viewer's own login between guesses at the operator clears nothing.
  await nvr.userDirectory.create({ userName: "admin", peer: "127.89.3.9", loginPassword: PASSWORD }, { userName: "viewer1", password: "V1ewer#2024", level: "Viewer" });
  const colleague = client(t, nvr, "127.89.3.4");
  for (let i = 0; i < 4; i++) await colleague.digest(INFO, "operator1", WRONG);
  t.equal((await colleague.digest(INFO, "viewer1", "V1ewer#2024")).status, 200, "the viewer's own login works");
  t.same(lockFields(await colleague.digest(INFO, "operator1", WRONG)), { lockStatus: "lock", unlockTime: "1800", retryLoginTime: "0" }, "the 5th guess at the operator locks");
});

t.test("illegalLoginLock: GET and PUT by the administrator; a count of 3 takes effect; out of range changes nothing", async (t) => {
  const { camera, nvr } = await fleet(t);
  const admin = client(t, camera, "127.89.4.1");
  const get = await admin.digest(LOCK, "admin", PASSWORD);
  t.equal(get.status, 200);
  t.match(get.headers["content-type"], /^application\/xml/);
  t.equal(
    get.body,
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<IllegalLoginLock version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">\r\n<enabled>true</enabled>\r\n<maxIllegalLoginTimes>7</maxIllegalLoginTimes>\r\n<maxIllegalLoginLockTime>1800</maxIllegalLoginLockTime>\r\n</IllegalLoginLock>\r\n',
    "the manuals' 7 attempts and 30 minutes, in seconds",
  );

  const put = (xml: string) => admin.digest(LOCK, "admin", PASSWORD, "PUT", xml);
  const doc = (enabled: string, times: string, seconds: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><IllegalLoginLock version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"><enabled>${enabled}</enabled><maxIllegalLoginTimes>${times}</maxIllegalLoginTimes><maxIllegalLoginLockTime>${seconds}</maxIllegalLoginLockTime></IllegalLoginLock>`;
  const outOfRange: [string, string][] = [
    ["2 attempts (below 3)", doc("true", "2", "600")],
    ["21 attempts (above 20)", doc("true", "21", "600")],
    ["30 s (below 60)", doc("true", "3", "30")],
    ["7201 s (above 2 h)", doc("true", "3", "7201")],
    ["a fraction", doc("true", "3.5", "600")],
    ["enabled=yes", doc("yes", "3", "600")],
  ];
  for (const [what, body] of outOfRange) {
    const refused = await put(body);
    t.equal(refused.status, 400, `${what}: 400`);
    t.equal(textAt(parseXml(refused.body) ?? {}, "ResponseStatus", "subStatusCode"), "badParameters", `${what}: badParameters`);
  }
  t.equal(textAt(parseXml((await put("<IllegalLoginLock><enabled>true</enab")).body) ?? {}, "ResponseStatus", "subStatusCode"), "badXmlFormat", "not XML: badXmlFormat");
  t.same(camera.security.current.illegalLoginLock, { enabled: true, maxAttempts: 7, lockSeconds: 1800 }, "nothing changed");

  const ok = await put(doc("true", "3", "600"));
  t.equal(ok.status, 200);
  t.equal(textAt(parseXml(ok.body) ?? {}, "ResponseStatus", "statusCode"), "1");
  t.match((await admin.digest(LOCK, "admin", PASSWORD)).body, /<maxIllegalLoginTimes>3<\/maxIllegalLoginTimes>\r\n<maxIllegalLoginLockTime>600</, "GET shows the new setting");

  const attacker = client(t, camera, "127.89.4.2");
  for (let i = 0; i < 3; i++) await attacker.digest(INFO, "admin", WRONG);
  t.equal((await attacker.digest(INFO, "admin", PASSWORD)).status, 401, "3 wrong passwords lock now");
  t.match(camera.accounts.lockStatus("127.89.4.2", "admin"), { locked: true, unlockSeconds: 600 }, "for the new 600 s");

  t.equal((await put("<IllegalLoginLock><maxIllegalLoginLockTime>900</maxIllegalLoginLockTime></IllegalLoginLock>")).status, 200, "a partial PUT");
  t.same(camera.security.current.illegalLoginLock, { enabled: true, maxAttempts: 3, lockSeconds: 900 }, "elements left out keep their value");

  await camera.userDirectory.create({ userName: "admin", peer: "127.89.4.9", loginPassword: PASSWORD }, { userName: "operator1", password: "Op3rator#2024", level: "Operator" });
  const operator = client(t, camera, "127.89.4.3");
  const low = await operator.digest(LOCK, "operator1", "Op3rator#2024");
  t.equal(low.status, 403, "an operator may not read it");
  t.equal(textAt(parseXml(low.body) ?? {}, "ResponseStatus", "subStatusCode"), "lowPrivilege");
  t.equal((await operator.digest(LOCK, "operator1", "Op3rator#2024", "PUT", doc("false", "3", "600"))).status, 403, "nor change it");
  t.equal(camera.security.current.illegalLoginLock.enabled, true);

  const nvrAdmin = client(t, nvr, "127.89.4.1");
  t.equal((await nvrAdmin.digest(LOCK, "admin", PASSWORD)).status, 403, "the NVR's capture has no issupIllegalLoginLock: no such resource (403, profile isapi.replies)");
});

t.test("a disabled lockout never locks", async (t) => {
  const { camera } = await fleet(t);
  const admin = client(t, camera, "127.89.5.1");
  const off = '<IllegalLoginLock version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"><enabled>false</enabled></IllegalLoginLock>';
  t.equal((await admin.digest(LOCK, "admin", PASSWORD, "PUT", off)).status, 200);
  const attacker = client(t, camera, "127.89.5.2");
  for (let i = 0; i < 25; i++) t.equal((await attacker.digest(INFO, i % 2 ? "admin" : "guest", WRONG)).status, 401);
  t.equal((await attacker.digest(INFO, "admin", PASSWORD)).status, 200, "25 failures later the right password works");
  t.equal(camera.accounts.lockoutEntries, 0, "nothing was remembered");
});

t.test("a reboot forgets the lock (RAM)", async (t) => {
  const { clock, camera } = await fleet(t);
  const attacker = client(t, camera, "127.89.6.1");
  for (let i = 0; i < 7; i++) await attacker.digest(INFO, "admin", WRONG);
  t.equal(camera.accounts.lockStatus("127.89.6.1", "admin").locked, true);
  const lockedAt = clock.now();
  const admin = client(t, camera, "127.89.6.2");
  t.equal((await admin.digest("/ISAPI/System/reboot", "admin", PASSWORD, "PUT")).status, 200, "rebooted over ISAPI from another address");
  await clock.advance(camera.profile.shutdownSeconds * 1000);
  await clock.advance(camera.readyAt - clock.now());
  t.equal(camera.power, "running");
  t.ok(clock.now() - lockedAt < THIRTY_MINUTES / 10, "well inside the 30 minutes");
  const back = client(t, camera, "127.89.6.1");
  t.equal((await back.digest(INFO, "admin", PASSWORD)).status, 200, "the locked address logs in after the boot");
  t.same(camera.security.current.illegalLoginLock, { enabled: true, maxAttempts: 7, lockSeconds: 1800 }, "the setting (flash) is kept");
});
