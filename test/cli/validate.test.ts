import t from "tap";
import { fixturePath } from "../helpers/golden.js";
import { runCli } from "../helpers/cli-process.js";
import { fileURLToPath } from "node:url";

t.test("hikemu validate: OK and exit 0 for a good file", async (t) => {
  const file = fileURLToPath(new URL("../../examples/fleet.yaml", import.meta.url));
  const { code, stdout } = await runCli(["validate", file]);
  t.equal(code, 0);
  t.equal(stdout, `${file}: OK, 6 devices\n`);
});

t.test("hikemu validate: FILE:LINE: message on stderr and exit 1 for a bad file", async (t) => {
  const file = fixturePath("fleets/invalid.yaml");
  const { code, stderr, stdout } = await runCli(["validate", file]);
  t.equal(code, 1);
  t.equal(stdout, "");
  t.match(stderr, `${file}:3: network.base: expected a dotted IPv4 address`);
  t.match(stderr, `${file}:13: devices.3: unknown key(s): colour`);
});

t.test("hikemu validate: a missing file is a clear error with a non-zero exit", async (t) => {
  const { code, stderr } = await runCli(["validate", "/nonexistent/fleet.yaml"]);
  t.equal(code, 2);
  t.match(stderr, /hikemu: ENOENT/);
});

t.test("hikemu start with an invalid fleet exits 1 and says where", async (t) => {
  const { code, stderr } = await runCli(["start", "--fleet", fixturePath("fleets/invalid.yaml"), "--state", t.testdir()]);
  t.equal(code, 1);
  t.match(stderr, /invalid\.yaml:3: /);
});
