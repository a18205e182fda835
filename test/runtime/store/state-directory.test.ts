import t from "tap";
import { readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openStateDirectory, STATE_SUBDIRECTORY } from "../../../src/runtime/store/state-directory.js";

const nothing = async () => {};

t.test("a marked hikemu-state of another user is refused", async (t) => {
  const parent = t.testdir();
  const { path } = await openStateDirectory(parent, nothing);
  const owner = (await stat(path)).uid;
  await t.rejects(openStateDirectory(parent, nothing, owner + 1), new RegExp(`belongs to uid ${owner}, not to this process \\(uid ${owner + 1}\\)`));
  t.same(await openStateDirectory(parent, nothing, owner), { path, created: false }, "its owner may use it");
});

t.test("initialise runs once, on creation, before the marker is written", async (t) => {
  const parent = t.testdir();
  const calls: string[] = [];
  const first = await openStateDirectory(parent, async (path) => {
    calls.push(path);
    await t.rejects(openStateDirectory(parent, nothing), /no \.hikemu-store marker/, "until initialised, the directory is not a store");
  });
  t.same(first, { path: join(parent, STATE_SUBDIRECTORY), created: true });
  t.same((await openStateDirectory(parent, async (path) => void calls.push(path))).created, false);
  t.same(calls, [first.path]);
});

t.test("when initialise fails, the directory it was given is removed and the error passes on", async (t) => {
  const parent = t.testdir({ "keep.txt": "someone's" });
  await t.rejects(
    openStateDirectory(parent, async () => {
      throw new Error("disk full");
    }),
    /disk full/,
  );
  t.same(await readdir(parent), ["keep.txt"], "no unmarked hikemu-state is left to refuse the next start");
  t.same((await openStateDirectory(parent, nothing)).created, true, "the next start creates it");
});

t.test("only an empty directory is removed: what initialise left in it stays", async (t) => {
  const parent = t.testdir();
  await t.rejects(
    openStateDirectory(parent, async (path) => {
      await writeFile(join(path, "not-cleaned-up.json"), "{}");
      throw new Error("failed");
    }),
    /failed/,
  );
  t.same(await readdir(join(parent, STATE_SUBDIRECTORY)), ["not-cleaned-up.json"], "never removed recursively; no marker either");
});
