import t from "tap";
import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileStore } from "../../../src/runtime/store/file-store.js";
import { MARKER_FILE, STATE_SUBDIRECTORY } from "../../../src/runtime/store/state-directory.js";
import { StoreError } from "../../../src/emulator/store/store.js";

const DEVICE_RECORD = { version: 1, model: "DS-2CD2146G2-ISU", identity: { serial: "x" }, flash: { activated: true } };

/** Every file in a directory with its mode and content, to prove a directory was left alone. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = { ".": ((await stat(dir)).mode & 0o7777).toString(8) };
  for (const name of (await readdir(dir)).sort()) {
    if (name === STATE_SUBDIRECTORY) continue;
    const stats = await stat(join(dir, name));
    entries[name] = `${(stats.mode & 0o7777).toString(8)} ${stats.isDirectory() ? (await readdir(join(dir, name))).join(",") : await readFile(join(dir, name), "utf8")}`;
  }
  return entries;
}

t.test("the store lives in its own marked subdirectory: 0700, files 0600; the parent keeps its mode", async (t) => {
  const parent = t.testdir();
  await chmod(parent, 0o755);
  const store = await FileStore.open(parent);
  t.equal(store.directory, join(parent, STATE_SUBDIRECTORY));
  t.equal(await store.load("cam-1"), undefined, "missing key loads as undefined");
  await store.save("cam-1", { version: 1, flash: { activated: true } });
  t.same(await store.load("cam-1"), { version: 1, flash: { activated: true } });
  t.equal((await stat(parent)).mode & 0o777, 0o755, "the --state directory is not chmod'ed");
  t.equal((await stat(store.directory)).mode & 0o777, 0o700);
  t.equal((await stat(join(store.directory, "cam-1.json"))).mode & 0o777, 0o600, "state files are not world-readable");
  t.match(await readFile(join(store.directory, MARKER_FILE), "utf8"), /^hikemu state directory/, "the marker says whose it is");
  t.same(await store.keys(), ["cam-1"], "the marker is not a key");
  t.same(await (await FileStore.open(parent)).load("cam-1"), { version: 1, flash: { activated: true } }, "reopened, it is the same store");
});

t.test("the --state directory is created when missing", async (t) => {
  const parent = join(t.testdir(), "a", "b");
  const store = await FileStore.open(parent);
  await store.save("cam-1", { n: 1 });
  t.same(await readdir(parent), [STATE_SUBDIRECTORY]);
});

t.test("writes to one key are serialised: the last save wins and no temp file is left", async (t) => {
  const store = await FileStore.open(t.testdir());
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.save("nvr/1", { n: i })));
  t.same(await store.load("nvr/1"), { n: 19 });
  t.same((await readdir(store.directory)).sort(), [MARKER_FILE, "nvr%2F1.json"], "key is encoded into one file name; no .tmp remains");
});

t.test("at open, only the store's own temp files are removed, and only in its own directory", async (t) => {
  const parent = t.testdir({ "x.tmp": "foreign", "cam-1.json.123.0.tmp": "looks like ours, but is not in our directory" });
  const first = await FileStore.open(parent);
  await first.save("cam-1", { v: "old" });
  await writeFile(join(first.directory, "cam-1.json.123.0.tmp"), '{"v": "half');
  await writeFile(join(first.directory, "notes.tmp"), "not ours");
  const before = await snapshot(parent);

  const store = await FileStore.open(parent);
  t.same(await store.load("cam-1"), { v: "old" }, "a killed writer's temp file never becomes the value");
  t.same((await readdir(store.directory)).sort(), [MARKER_FILE, "cam-1.json", "notes.tmp"], "the half-written temp file is gone");
  t.same(await snapshot(parent), before, "the --state directory is untouched");
});

t.test("an existing hikemu-state without the marker is refused, not adopted", async (t) => {
  const parent = t.testdir({ [STATE_SUBDIRECTORY]: { "mine.txt": "someone's" } });
  await chmod(join(parent, STATE_SUBDIRECTORY), 0o755);
  await t.rejects(FileStore.open(parent), StoreError);
  await t.rejects(FileStore.open(parent), /was not created by hikemu \(no \.hikemu-store marker\)/);
  t.same(await readdir(join(parent, STATE_SUBDIRECTORY)), ["mine.txt"], "nothing written into it");
  t.equal((await stat(join(parent, STATE_SUBDIRECTORY))).mode & 0o777, 0o755, "its mode is unchanged");
});

t.test("a symbolic link named hikemu-state is not followed, even to a real store", async (t) => {
  const dir = t.testdir({ elsewhere: {}, state: {} });
  const real = await FileStore.open(join(dir, "elsewhere"));
  await symlink(real.directory, join(dir, "state", STATE_SUBDIRECTORY));
  await t.rejects(FileStore.open(join(dir, "state")), /is a symbolic link; hikemu does not follow it/);
});

t.test("a file named hikemu-state is refused", async (t) => {
  const parent = t.testdir({ [STATE_SUBDIRECTORY]: "a file" });
  await t.rejects(FileStore.open(parent), /is not a directory/);
});

t.test("close() waits for writes in flight; later saves are refused", async (t) => {
  const store = await FileStore.open(t.testdir());
  const saves = Array.from({ length: 10 }, (_, i) => store.save(`cam-${i % 3}`, { n: i }));
  await store.close();
  const onDisk = await Promise.all([0, 1, 2].map(async (k) => JSON.parse(await readFile(join(store.directory, `cam-${k}.json`), "utf8")) as unknown));
  t.same(onDisk, [{ n: 9 }, { n: 7 }, { n: 8 }], "every key's last value is on disk when close() resolves");
  t.same((await readdir(store.directory)).filter((f) => f.endsWith(".tmp")), [], "no write is half done");
  await Promise.all(saves);
  await t.rejects(store.save("cam-0", { n: 10 }), /is closed/);
});

t.test("a corrupt file is reported clearly, never parsed into state", async (t) => {
  const store = await FileStore.open(t.testdir());
  await writeFile(join(store.directory, "cam-1.json"), "{not json");
  await t.rejects(store.load("cam-1"), StoreError);
  await t.rejects(store.load("cam-1"), /not valid JSON/);
  t.equal(await readFile(join(store.directory, "cam-1.json"), "utf8"), "{not json", "the file is left for the user to inspect");
});

t.test("records of the previous layout are copied in once, when the store is created; the originals stay", async (t) => {
  const parent = t.testdir({
    "cam-1.json": JSON.stringify(DEVICE_RECORD),
    "nvr%2F1.json": JSON.stringify({ ...DEVICE_RECORD, model: "DS-7608NXI-I2/8P/S" }),
    "package.json": JSON.stringify({ name: "other", version: "1.0.0" }),
    "versioned.json": JSON.stringify({ version: 3 }),
    "broken.json": "{",
    "x.tmp": "foreign",
    sub: { "cam-2.json": JSON.stringify(DEVICE_RECORD) },
  });
  await mkdir(join(parent, "dir.json"));
  const before = await snapshot(parent);

  const store = await FileStore.open(parent);
  t.same(store.imported, ["cam-1.json", "nvr%2F1.json"], "only files shaped like device records");
  t.same((await store.keys()).sort(), ["cam-1", "nvr/1"]);
  t.same(await store.load("nvr/1"), { ...DEVICE_RECORD, model: "DS-7608NXI-I2/8P/S" });
  t.equal((await stat(join(store.directory, "cam-1.json"))).mode & 0o777, 0o600);
  t.same(await snapshot(parent), before, "the --state directory is left exactly as it was");

  await writeFile(join(parent, "cam-3.json"), JSON.stringify(DEVICE_RECORD));
  const again = await FileStore.open(parent);
  t.same(again.imported, [], "an existing store imports nothing: deleting a device's file still resets it");
  t.equal(await again.load("cam-3"), undefined);
});

t.test("keys() skips a file whose name is not valid percent-encoding instead of throwing", async (t) => {
  const store = await FileStore.open(t.testdir());
  await store.save("nvr/1", { n: 1 });
  await writeFile(join(store.directory, "%zz.json"), "{}");
  t.same(await store.keys(), ["nvr/1"]);
});

t.test("a save that fails leaves no temp file behind", async (t) => {
  const store = await FileStore.open(t.testdir());
  await mkdir(join(store.directory, "cam-1.json"));
  await t.rejects(store.save("cam-1", { n: 1 }), { code: "EISDIR" });
  t.same((await readdir(store.directory)).sort(), [MARKER_FILE, "cam-1.json"]);
});
