// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const PURE_CORE = "the device core and profiles stay pure (DESIGN.md): use a port (Store, Clock, Random, UDP channel) and put the Node adapter in src/runtime or a front";
const CLOCK_PORT = "device time comes from the Clock port (DESIGN.md \"Time\"): clock.now() and clock.timer(), so the virtual clock governs it";
const RANDOM_PORT = "randomness comes from the Random port (seeded in tests)";

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
    // Static imports of Node I/O modules (with or without `node:`) are refused by name; a
    // dynamic import() or `import x = require()` could name anything, so they are refused
    // outright, and so is node:module (createRequire).
    files: ["src/emulator/**/*.ts", "src/profiles/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...["fs", "fs/promises", "dgram", "http", "https", "http2", "net", "tls", "dns", "dns/promises", "child_process", "cluster", "worker_threads", "module"].flatMap((name) => [
              name,
              `node:${name}`,
            ]),
            "express",
          ].map((name) => ({ name, message: PURE_CORE })),
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "ImportExpression", message: `no dynamic import(): ${PURE_CORE}` },
        { selector: "TSExternalModuleReference", message: `no import = require(): ${PURE_CORE}` },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `no new Date() without a time: ${CLOCK_PORT}` },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: CLOCK_PORT },
        { object: "Math", property: "random", message: RANDOM_PORT },
        { object: "performance", property: "now", message: CLOCK_PORT },
      ],
      "no-restricted-globals": [
        "error",
        ...["setTimeout", "setInterval", "setImmediate"].map((name) => ({ name, message: CLOCK_PORT })),
      ],
    },
  },
  {
    // The web admin's browser modules (issue #12): plain JS served as is, forge loaded by the page.
    files: ["web/**/*.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.browser, forge: "readonly" } },
  },
  {
    files: ["src/cli/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
