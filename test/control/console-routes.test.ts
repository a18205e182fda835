import t, { type Test } from "tap";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import ts from "typescript";
import { CONSOLE_CSP, consoleRoutes } from "../../src/control/console/console-routes.js";
import { CONSOLE_ASSETS } from "../../src/control/console/assets/index.js";

/** Syntax problems of a browser module (ES2022, import/export), as TypeScript's parser reports them. */
function syntaxProblems(name: string, source: string): string[] {
  const out = ts.transpileModule(source, { fileName: name, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

async function serve(t: Test): Promise<string> {
  const app = express();
  app.use(consoleRoutes());
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test("the page: strict CSP; the files it names, and every console file, served with their types", async (t) => {
  const base = await serve(t);
  const page = await fetch(`${base}/`);
  t.equal(page.status, 200);
  t.match(page.headers.get("content-type"), /^text\/html/);
  t.equal(page.headers.get("content-security-policy"), CONSOLE_CSP);
  t.match(CONSOLE_CSP, /default-src 'none'/, "nothing unless allowed");
  t.notMatch(CONSOLE_CSP, /unsafe|\*|https?:/, "self only: no inline code, no other origin");
  t.equal(page.headers.get("x-content-type-options"), "nosniff");
  t.equal(page.headers.get("x-frame-options"), "DENY");
  const html = await page.text();
  const named = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
  t.same(named.filter((url) => !url.startsWith("/console/")), [], "the page names only its own files");
  t.notMatch(html, /<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=/i, "no inline script, style or handler");
  for (const url of named) t.ok(CONSOLE_ASSETS.has(url.slice("/console/".length)), `${url} is one of the console's files`);
  for (const [name, asset] of CONSOLE_ASSETS) {
    const response = await fetch(`${base}/console/${name}`);
    t.equal(response.status, 200, `${name} is served`);
    t.equal(response.headers.get("content-type"), asset.type, `${name} has its type`);
    t.equal(response.headers.get("content-security-policy"), CONSOLE_CSP, `${name} carries the policy`);
    t.equal(await response.text(), asset.body);
  }
  t.equal((await fetch(`${base}/console/nothing.js`)).status, 404, "an unknown file is not found");
});

t.test("the browser modules parse, import only each other, and reach nothing but this server", async (t) => {
  t.not(syntaxProblems("broken.js", "import { a from './a.js';").length, 0, "the parse check does find errors");
  for (const [name, asset] of CONSOLE_ASSETS) {
    const scheme = /https?:\/\/[^\s"'<>]+/g;
    const external = [...asset.body.matchAll(scheme)].map((m) => m[0]).filter((url) => url !== "http://www.w3.org/2000/svg");
    t.same(external, [], `${name} names no other host`);
    if (!name.endsWith(".js")) continue;
    t.same(syntaxProblems(name, asset.body), [], `${name} parses`);
    for (const [, target] of asset.body.matchAll(/^import .* from "\.\/([^"]+)";$/gm)) {
      t.ok(CONSOLE_ASSETS.has(target as string), `${name} imports ${target}, which is served`);
    }
  }
});
