import t from "tap";
import { execFileSync } from "node:child_process";
import { chmod, chown, readdir, symlink, unlink } from "node:fs/promises";
import { join } from "node:path";
import { FileStore } from "../../../src/runtime/store/file-store.js";
import { STATE_SUBDIRECTORY } from "../../../src/runtime/store/state-directory.js";

const DEVICE_RECORD = JSON.stringify({ version: 1, model: "DS-2CD2146G2-ISU", identity: { serial: "x" }, flash: { activated: true } });
const NOBODY = 65534;
const isRoot = process.geteuid?.() === 0;

/** Runs `body` with this process's effective uid switched to `nobody` (root only). */
async function asNobody<T>(body: () => Promise<T>): Promise<T> {
  process.seteuid!(NOBODY);
  try {
    return await body();
  } finally {
    process.seteuid!(0);
  }
}


t.test("an unreadable foreign file in a shared --state directory is skipped and reported; start succeeds", async (t) => {
  const parent = t.testdir({ "cam-1.json": DEVICE_RECORD, "other.json": '{"secret": true}' });
  await chmod(parent, 0o1777);
  let store: FileStore;
  if (isRoot) {
    // The reproduction: hikemu as nobody, a root-owned 0600 file beside its own record.
    await chmod(join(parent, "other.json"), 0o600);
    await chown(join(parent, "cam-1.json"), NOBODY, NOBODY);
    store = await asNobody(() => FileStore.open(parent));
  } else {
    await chmod(join(parent, "other.json"), 0);
    store = await FileStore.open(parent);
  }
  t.same(store.imported, ["cam-1.json"], "its own record is still copied in");
  t.match(store.skipped, [{ file: "other.json", reason: /EACCES/ }]);
  t.equal(store.skipped.length, 1);
  const reopened = isRoot ? await asNobody(() => FileStore.open(parent)) : await FileStore.open(parent);
  t.same(await reopened.keys(), ["cam-1"], "and the store it made is a store: the next start uses it");
});

t.test("a record owned by another uid is not imported", { skip: isRoot ? false : "needs root to chown a file to another uid" }, async (t) => {
  const parent = t.testdir({ "cam-1.json": DEVICE_RECORD, "cam-2.json": DEVICE_RECORD });
  await chown(join(parent, "cam-2.json"), NOBODY, NOBODY);
  const store = await FileStore.open(parent);
  t.same(store.imported, ["cam-1.json"]);
  t.match(store.skipped, [{ file: "cam-2.json", reason: `owned by uid ${NOBODY}` }]);
  t.same(await store.keys(), ["cam-1"]);
});

// No stat comes before the open (O_NOFOLLOW | O_NONBLOCK, then fstat of the handle), so a plain
// link or FIFO meets the same check a file swapped in after the listing would.
t.test("a symbolic link is not followed", async (t) => {
  const dir = t.testdir({ elsewhere: { "record.json": DEVICE_RECORD }, state: { "cam-2.json": DEVICE_RECORD } });
  const parent = join(dir, "state");
  await symlink(join(dir, "elsewhere", "record.json"), join(parent, "cam-1.json"));
  const store = await FileStore.open(parent);
  t.same(store.imported, ["cam-2.json"], "the regular record is copied");
  t.match(store.skipped, [{ file: "cam-1.json", reason: /symbolic link/ }]);
  t.same(await store.keys(), ["cam-2"]);
});

t.test("a FIFO is never read: start-up does not hang", async (t) => {
  const parent = t.testdir({ "cam-2.json": DEVICE_RECORD });
  execFileSync("mkfifo", [join(parent, "cam-1.json")]);
  const store = await FileStore.open(parent);
  t.same(store.imported, ["cam-2.json"]);
  t.match(store.skipped, [{ file: "cam-1.json", reason: /not a regular file/ }]);
});

t.test("when copying the old records fails, the half-made hikemu-state is removed: the next start is not refused", async (t) => {
  // Old-layout names are percent-encoded keys; a raw "é" re-encodes to "%C3%A9", so this
  // key's file name in the store is too long for the file system and its save fails.
  const tooLong = `${"é".repeat(100)}.json`;
  const parent = t.testdir({ "cam-1.json": DEVICE_RECORD, [tooLong]: DEVICE_RECORD, "notes.txt": "someone's" });
  await t.rejects(FileStore.open(parent), { code: "ENAMETOOLONG" });
  t.same((await readdir(parent)).sort(), ["cam-1.json", "notes.txt", tooLong].sort(), "no hikemu-state, and nothing else touched");

  await unlink(join(parent, tooLong));
  const store = await FileStore.open(parent);
  t.same(store.imported, ["cam-1.json"], "the next start creates the store");
  t.same(await readdir(join(parent, STATE_SUBDIRECTORY)).then((f) => f.sort()), [".hikemu-store", "cam-1.json"]);
});
