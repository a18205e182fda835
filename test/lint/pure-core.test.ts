import t from "tap";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const cwd = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd });

async function restrictedImports(code: string, filePath: string, ruleId = "no-restricted-imports"): Promise<{ message: string; severity: number }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId);
}

const IO_MODULES = ["fs", "fs/promises", "dgram", "http", "https", "http2", "net", "tls", "dns", "dns/promises", "child_process", "cluster", "worker_threads", "module"];

t.test("the core and the profiles may not import Node I/O modules", async (t) => {
  for (const filePath of ["src/emulator/x.ts", "src/emulator/store/x.ts", "src/profiles/x.ts"]) {
    for (const module of [...IO_MODULES.flatMap((name) => [name, `node:${name}`]), "express"]) {
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

t.test("dynamic import() is refused in the core and profiles, whatever it names", async (t) => {
  for (const filePath of ["src/emulator/x.ts", "src/profiles/x.ts"]) {
    for (const code of ['export const m = await import("node:tls");\n', 'export const m = await import("dns");\n', 'const name = "node:fs";\nexport const m = await import(name);\n', "export const m = await import(`node:${'http2'}`);\n"]) {
      const errors = await restrictedImports(code, filePath, "no-restricted-syntax");
      t.equal(errors.length, 1, `${code.trim()} in ${filePath} is refused`);
      t.equal(errors[0]?.severity, 2, "as an error");
      t.match(errors[0]?.message, /stay pure/, "and the message says why");
    }
  }
  t.same(await restrictedImports('export const m = await import("node:tls");\n', "src/runtime/x.ts", "no-restricted-syntax"), [], "the runtime layer may load modules lazily");
});

t.test("import x = require() and createRequire are refused too", async (t) => {
  t.equal((await restrictedImports('import fs = require("fs");\nexport const f = fs;\n', "src/emulator/x.ts", "no-restricted-syntax")).length, 1, "import = require()");
  t.equal((await restrictedImports('import { createRequire } from "node:module";\nexport const r = createRequire;\n', "src/emulator/x.ts")).length, 1, "node:module, the way to require()");
});

t.test("the core takes time from the Clock port and randomness from the Random port", async (t) => {
  const cases: [string, string][] = [
    ["export const t = Date.now();\n", "no-restricted-properties"],
    ["export const r = Math.random();\n", "no-restricted-properties"],
    ["export const d = new Date();\n", "no-restricted-syntax"],
    ["setTimeout(() => undefined, 10);\n", "no-restricted-globals"],
    ["setInterval(() => undefined, 10);\n", "no-restricted-globals"],
  ];
  for (const [code, rule] of cases) {
    const errors = await restrictedImports(code, "src/emulator/x.ts", rule);
    t.equal(errors.length, 1, `${code.trim()} in the core is refused`);
    t.match(errors[0]?.message, /port/, "naming the port to use");
    t.same(await restrictedImports(code, "src/runtime/x.ts", rule), [], `${code.trim()} is fine in src/runtime`);
  }
  t.same(await restrictedImports("export const d = new Date(0).toISOString();\n", "src/emulator/x.ts", "no-restricted-syntax"), [], "formatting a given instant is pure");
});
