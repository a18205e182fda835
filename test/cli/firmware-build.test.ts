import t from "tap";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli-process.js";
import { runFirmwareCommand } from "../helpers/cli-in-process.js";
import { decodeFirmwarePackage } from "../../src/firmware/package.js";

t.test("hikemu firmware build: writes a signed package the device codec accepts, naming model and release", async (t) => {
  const file = join(t.testdir(), "digicap.hkfw");
  const { code, stdout, stderr } = await runCli(["firmware", "build", "--model", "DS-2CD2532F-IWS", "--version", "V5.5.0", "-o", file]);
  t.equal(code, 0, stderr);
  t.match(stdout, `${file}: DS-2CD2532F-IWS V5.5.0 build 170725`, "the build came from the profile's release");
  const result = decodeFirmwarePackage(readFileSync(file));
  t.same(result.ok && result.manifest, { model: "DS-2CD2532F-IWS", version: "V5.5.0", build: "170725" });
});

t.test("hikemu firmware build (in process): a release the profile does not list is refused unless --any-version; the message says what is known", async (t) => {
  const dir = t.testdir();
  const refused = await runFirmwareCommand(["firmware", "build", "--model", "DS-7608NXI-I2/8P/S", "--version", "V4.99.0", "-o", join(dir, "x")]);
  t.equal(refused.code, 2);
  t.match(refused.stderr, /hikemu: the DS-7608NXI-I2\/8P\/S profile lists no firmware V4\.99\.0; known: V4\.62\.210 build 230619, V4\.62\.210 build 230612/);
  t.notOk(existsSync(join(dir, "x")), "nothing written");
  const forced = await runFirmwareCommand(["firmware", "build", "--model", "DS-7608NXI-I2/8P/S", "--version", "V4.99.0", "--build", "250101", "--any-version", "-o", join(dir, "y")]);
  t.equal(forced.code, 0, forced.stderr);
  t.match(decodeFirmwarePackage(readFileSync(join(dir, "y"))), { ok: true, manifest: { version: "V4.99.0", build: "250101" } });
});

t.test("hikemu firmware build: an unknown model (through the process), an ambiguous version and a missing -o are clear errors with a non-zero exit", async (t) => {
  const dir = t.testdir();
  const unknown = await runCli(["firmware", "build", "--model", "DS-NO-SUCH", "--version", "V5.5.0", "-o", join(dir, "a")]);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /unknown model "DS-NO-SUCH"; known: DS-2CD2146G2-ISU, DS-2CD2532F-IWS, DS-7608NXI-I2\/8P\/S/);
  const ambiguous = await runFirmwareCommand(["firmware", "build", "--model", "DS-7608NXI-I2/8P/S", "--version", "V4.62.210", "-o", join(dir, "b")]);
  t.equal(ambiguous.code, 2);
  t.match(ambiguous.stderr, /V4\.62\.210 has several builds for the DS-7608NXI-I2\/8P\/S; give --build/);
  const missing = await runFirmwareCommand(["firmware", "build", "--model", "DS-2CD2532F-IWS", "--version", "V5.5.0"]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /required option '-o, --output <file>' not specified/);
});
