import t from "tap";
import { chmod, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { startFleetProcess, waitForExit } from "../helpers/cli-process.js";
import { activateOverIsapi } from "../helpers/isapi-activation-client.js";

const FLEET = `seed: state-directory-test
network:
  base: 127.57.0.10
devices:
  - profile: DS-2CD2146G2-ISU
    name: cam-{n}
    count: 2
`;

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o7777;
}

t.test("--state naming a shared directory: its files and mode survive, device state goes to hikemu-state/", async (t) => {
  const dir = t.testdir({ "fleet.yaml": FLEET, shared: { "x.tmp": "another program's temp file", "notes.json": '{"mine": true}' } });
  const shared = join(dir, "shared");
  await chmod(shared, 0o755);
  await chmod(join(shared, "x.tmp"), 0o644);

  const fleet = await startFleetProcess(["--fleet", join(dir, "fleet.yaml"), "--state", shared, "--http-port", "0", "--sadp-port", "0", "--log-level", "warn"]);
  t.teardown(() => fleet.child.kill("SIGKILL"));
  const own = join(shared, "hikemu-state");
  t.equal(fleet.ready.state, own, "the ready line names the real state directory");
  const cam = fleet.ready.devices.find((d) => d.id === "cam-1")!;
  t.equal((await activateOverIsapi(cam.httpUrl, "Hik12345!")).status, 200);

  fleet.child.kill("SIGTERM");
  t.equal(await waitForExit(fleet.child), 0, "SIGTERM: listeners closed, store closed, exit 0");

  t.equal(await modeOf(shared), 0o755, "the --state directory keeps its mode");
  t.same((await readdir(shared)).sort(), ["hikemu-state", "notes.json", "x.tmp"]);
  t.equal(await readFile(join(shared, "x.tmp"), "utf8"), "another program's temp file", "a foreign .tmp file survives");
  t.equal(await modeOf(join(shared, "x.tmp")), 0o644, "with its mode");
  t.equal(await readFile(join(shared, "notes.json"), "utf8"), '{"mine": true}');

  t.equal(await modeOf(own), 0o700, "the store's own directory is private");
  t.same((await readdir(own)).sort(), [".hikemu-store", "cam-1.json", "cam-2.json"]);
  for (const file of ["cam-1.json", "cam-2.json"]) t.equal(await modeOf(join(own, file)), 0o600, `${file} is private`);
  const record = JSON.parse(await readFile(join(own, "cam-1.json"), "utf8")) as { flash: { activated: boolean } };
  t.equal(record.flash.activated, true, "the activation is on disk after shutdown");
});
