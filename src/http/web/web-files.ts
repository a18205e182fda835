import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the web admin's browser files are: `web/` at the package root, found by walking up
 * from this module, so the same lookup works from `src/` (tests, tsx) and `dist/src/` (npm start).
 */
export function webDirectory(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const candidate = join(dir, "web", "doc");
    if (existsSync(candidate) && existsSync(join(dir, "package.json"))) return join(dir, "web");
    const parent = dirname(dir);
    if (parent === dir) throw new Error("hikemu's web/ directory is missing next to package.json");
    dir = parent;
  }
}

/**
 * node-forge's browser build (SHA-256, RSA PKCS#1 v1.5, AES-ECB, MD5), served by the device
 * itself: the pages hash the session login and decrypt the activation challenge without
 * WebCrypto, which a browser withholds from plain-HTTP pages at an address other than loopback.
 * The source-map comment is dropped: the map is not served.
 */
export function forgeBundle(): string {
  const path = createRequire(import.meta.url).resolve("node-forge/dist/forge.min.js");
  return readFileSync(path, "utf8").replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
}
