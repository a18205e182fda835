// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".tap/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error"],
    },
  },
  {
    // DESIGN.md: the device core and the profiles are pure; files, sockets and processes are
    // reached through ports (Store, Clock, Random, channels) whose adapters live in src/runtime.
    files: ["src/emulator/**/*.ts", "src/profiles/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["fs", "fs/promises", "dgram", "http", "https", "net", "child_process", "express"]
            .flatMap((name) => (name === "express" ? [name] : [name, `node:${name}`]))
            .map((name) => ({
              name,
              message: "the device core and profiles stay pure (DESIGN.md): use a port (Store, Clock, Random, UDP channel) and put the Node adapter in src/runtime or a front",
            })),
        },
      ],
    },
  },
  {
    files: ["src/cli/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
