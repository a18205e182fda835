import t from "tap";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const cwd = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd });

async function restrictedImports(code: string, filePath: string): Promise<{ message: string; severity: number }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports");
}

t.test("the core and the profiles may not import Node I/O modules", async (t) => {
  for (const filePath of ["src/emulator/x.ts", "src/emulator/store/x.ts", "src/profiles/x.ts"]) {
    for (const module of ["node:fs", "fs/promises", "node:dgram", "node:http", "net", "node:child_process", "express"]) {
      const errors = await restrictedImports(`import "${module}";\n`, filePath);
      t.equal(errors.length, 1, `${module} in ${filePath} is refused`);
      t.equal(errors[0]?.severity, 2, "as an error");
      t.match(errors[0]?.message, /stay pure/, "and the message says why");
    }
  }
});

t.test("type-only and named imports are refused too", async (t) => {
  const errors = await restrictedImports(`import type { Stats } from "node:fs";\nimport { readFile } from "node:fs/promises";\nexport type S = Stats;\nexport const r = readFile;\n`, "src/emulator/x.ts");
  t.equal(errors.length, 2);
});

t.test("the runtime layer may import them, and the core may use node:crypto", async (t) => {
  const [runtime] = await eslint.lintText(`import "node:fs";\n`, { filePath: "src/runtime/x.ts" });
  t.same(runtime?.messages, [], "src/runtime is where adapters live");
  t.same(await restrictedImports(`import "node:crypto";\n`, "src/emulator/x.ts"), [], "hashing is pure computation");
});
