import t from "tap";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileStore } from "../../../src/runtime/store/file-store.js";
import { StoreError } from "../../../src/emulator/store/store.js";

t.test("values round-trip; directory 0700 and files 0600", async (t) => {
  const dir = join(t.testdir(), "state");
  const store = await FileStore.open(dir);
  t.equal(await store.load("cam-1"), undefined, "missing key loads as undefined");
  await store.save("cam-1", { version: 1, flash: { activated: true } });
  t.same(await store.load("cam-1"), { version: 1, flash: { activated: true } });
  t.equal((await stat(dir)).mode & 0o777, 0o700);
  t.equal((await stat(join(dir, "cam-1.json"))).mode & 0o777, 0o600, "state files are not world-readable");
  t.same(await store.keys(), ["cam-1"]);
});

t.test("writes to one key are serialised: the last save wins and no temp file is left", async (t) => {
  const dir = t.testdir();
  const store = await FileStore.open(dir);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.save("nvr/1", { n: i })));
  t.same(await store.load("nvr/1"), { n: 19 });
  t.same(await readdir(dir), ["nvr%2F1.json"], "key is encoded into one file name; no .tmp remains");
});

t.test("temp files from a killed writer are removed at open; the old value stays", async (t) => {
  const dir = t.testdir({ "cam-1.json": JSON.stringify({ v: "old" }), "cam-1.json.123.0.tmp": '{"v": "half' });
  const store = await FileStore.open(dir);
  t.same(await store.load("cam-1"), { v: "old" });
  t.same(await readdir(dir), ["cam-1.json"]);
});

t.test("a corrupt file is reported clearly, never parsed into state", async (t) => {
  const dir = t.testdir();
  const store = await FileStore.open(dir);
  await writeFile(join(dir, "cam-1.json"), "{not json");
  await t.rejects(store.load("cam-1"), StoreError);
  await t.rejects(store.load("cam-1"), /not valid JSON/);
  t.equal(await readFile(join(dir, "cam-1.json"), "utf8"), "{not json", "the file is left for the user to inspect");
});
