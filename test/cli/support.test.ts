import t from "tap";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VirtualClock } from "../../src/emulator/clock.js";
import { deviceKeyXml } from "../../src/support/key-file-xml.js";
import { securityCode } from "../../src/support/security-code.js";
import { runSupportCommand } from "../helpers/cli-in-process.js";
import { makeFleet } from "../helpers/harness.js";
import { adminUser } from "../../src/emulator/state.js";
import { startControlFixture } from "../helpers/control-api.js";

t.test("hikemu support code: prints the §7 code; a bad date or serial exits 1 with the reason", async (t) => {
  const serial = "DS-2CD2532F-IWS20160101AAWR123456789";
  const ok = await runSupportCommand(["support", "code", "--serial", serial, "--date", "20240131"]);
  t.equal(ok.code, 0, ok.stderr);
  t.equal(ok.stdout, `${securityCode(serial, "20240131")}\n`, "the code alone, for scripts");
  const badDate = await runSupportCommand(["support", "code", "--serial", serial, "--date", "2024-01-31"]);
  t.equal(badDate.code, 1);
  t.match(badDate.stderr, /hikemu: date "2024-01-31" is not a day as YYYYMMDD/);
  const badSerial = await runSupportCommand(["support", "code", "--serial", "a b", "--date", "20240131"]);
  t.equal(badSerial.code, 1);
  t.match(badSerial.stderr, /serial "a b" is not a device serial/);
  const missing = await runSupportCommand(["support", "code", "--serial", serial]);
  t.equal(missing.code, 2, "a usage error");
  t.match(missing.stderr, /required option '--date <YYYYMMDD>' not specified/);
});

t.test("hikemu support keyfile: the import file it writes resets the device that exported the key", async (t) => {
  // The CLI dates its answer on the host's clock: the device's virtual clock starts there too.
  const { fleet } = await makeFleet({ clock: new VirtualClock(Date.now()) });
  const camera = fleet.byName("camera-1")!;
  await camera.activate("Old12345!", "isapi");
  const code = camera.recovery.keyFile.export();
  const dir = t.testdir();
  const input = join(dir, "DeviceKey.xml");
  writeFileSync(input, deviceKeyXml({ serial: camera.identity.serial, mac: "c0-56-e3-00-00-01", exportTime: camera.time.sadpTime(camera.deviceTime()), code }));
  const output = join(dir, "Encrypt.xml");
  const run = await runSupportCommand(["support", "keyfile", input, "-o", output]);
  t.equal(run.code, 0, run.stderr);
  t.match(run.stdout, new RegExp(`^${output}: import file for ${camera.identity.serial}, valid until \\d{4}-\\d{2}-\\d{2}T`));
  const file = readFileSync(output, "utf8");
  t.match(file, /^<\?xml version="1.0" encoding="UTF-8"\?>\r\n<EncryptFile version="1.0">/);
  const answer = /<Code>([^<]+)<\/Code>/.exec(file)?.[1] ?? "";
  await camera.recovery.keyFile.reset(answer, "New12345!", { via: "sadp" });
  const admin = camera.flash.users.find((u) => u.userName === "admin");
  t.same(admin?.credentials, adminUser("New12345!", camera.identity).credentials, "the device took the answer: admin has the new password");
});

t.test("hikemu support keyfile: not a key file exits 1 and writes nothing; a missing file exits 2", async (t) => {
  const dir = t.testdir({ "junk.xml": "<DeviceKey><Code>AAAA</Code></DeviceKey>" });
  const output = join(dir, "Encrypt.xml");
  const junk = await runSupportCommand(["support", "keyfile", join(dir, "junk.xml"), "-o", output]);
  t.equal(junk.code, 1);
  t.match(junk.stderr, /hikemu: the Code is not a key exported by a device/);
  t.notOk(existsSync(output), "nothing written");
  const missing = await runSupportCommand(["support", "keyfile", join(dir, "none.xml"), "-o", output]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /ENOENT/);
});

t.test("hikemu support keyfile --control: the running hikemu's desk answers, dated on its clock, so a fleet whose virtual clock was advanced takes the file", async (t) => {
  const { control, emulator, api } = await startControlFixture(t, 181, { clock: new VirtualClock(Date.now()) });
  const camera = emulator.fleet.byName("camera-1")!;
  await camera.activate("Old12345!", "isapi");
  // Two days ahead of the host: an offline answer (host-dated, 24 h) would be past its life here.
  await api("POST", "/api/clock/advance", { seconds: 2 * 86_400 });
  const code = camera.recovery.keyFile.export();
  const dir = t.testdir({ "DeviceKey.xml": deviceKeyXml({ serial: camera.identity.serial, mac: "c0-56-e3-00-00-01", exportTime: camera.time.sadpTime(camera.deviceTime()), code }) });
  const output = join(dir, "Encrypt.xml");

  const offline = await runSupportCommand(["support", "keyfile", join(dir, "DeviceKey.xml"), "-o", output]);
  t.equal(offline.code, 0, offline.stderr);
  const offlineAnswer = /<Code>([^<]+)<\/Code>/.exec(readFileSync(output, "utf8"))?.[1] ?? "";
  await t.rejects(camera.recovery.keyFile.reset(offlineAnswer, "New12345!", { via: "sadp" }), { code: "resetCodeExpired" }, "the host-dated answer is stale on the advanced clock");

  const online = await runSupportCommand(["support", "keyfile", join(dir, "DeviceKey.xml"), "-o", output, "--control", control.url]);
  t.equal(online.code, 0, online.stderr);
  const answer = /<Code>([^<]+)<\/Code>/.exec(readFileSync(output, "utf8"))?.[1] ?? "";
  await camera.recovery.keyFile.reset(answer, "New12345!", { via: "sadp" });
  t.same(camera.flash.users.find((u) => u.userName === "admin")?.credentials, adminUser("New12345!", camera.identity).credentials, "the desk's answer, dated on the fleet clock, is taken");
});

t.test("hikemu support code: a huge serial is refused without echoing it whole", async (t) => {
  const run = await runSupportCommand(["support", "code", "--serial", "X".repeat(5000), "--date", "20240131"]);
  t.equal(run.code, 1);
  t.match(run.stderr, /serial "X{77}\.\.\." is not a device serial/);
  t.ok(run.stderr.length < 300, "the message stays short");
});
