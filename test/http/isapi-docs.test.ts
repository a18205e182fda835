import t from "tap";
import { readFileSync } from "node:fs";
import { isapiRoutes } from "../../src/http/isapi/routes.js";

const doc = readFileSync(new URL("../../docs/isapi.md", import.meta.url), "utf8");

/** Rows of the endpoint tables: `| \`GET, PUT /ISAPI/…?query\` | auth | behaviour |` → "GET /ISAPI/…" each. */
function documented(): Set<string> {
  const rows = new Set<string>();
  for (const match of doc.matchAll(/^\| `((?:GET|PUT|POST|DELETE)(?:, (?:GET|PUT|POST|DELETE))*) (\/[^` ?]*)[^`]*` \|/gm)) {
    for (const method of (match[1] as string).split(", ")) rows.add(`${method} ${(match[2] as string).toLowerCase()}`);
  }
  return rows;
}

t.test("docs/isapi.md has a row for every route, and every row is a route", (t) => {
  const rows = documented();
  const routes = new Set(isapiRoutes().routes.map((r) => `${r.method} ${r.path.toLowerCase()}`));
  t.ok(routes.size > 20, `the route table has the issue #9 resources (${routes.size} routes)`);
  for (const route of routes) t.ok(rows.has(route), `${route} is documented`);
  for (const row of rows) t.ok(routes.has(row), `${row} is a route`);
  t.end();
});
