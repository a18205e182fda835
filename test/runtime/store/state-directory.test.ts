import t from "tap";
import { stat } from "node:fs/promises";
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
