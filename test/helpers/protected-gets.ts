import { isapiRoutes } from "../../src/http/isapi/routes.js";
import type { Profile } from "../../src/profiles/index.js";
import { alertStreamRoutes } from "../../src/http/isapi/alert-stream.js";

/**
 * Every GET of the route table that needs a login over HTTP auth on a model: PUBLIC routes,
 * routes the model's firmware lacks and session-cookie-only routes are left out. A `<param>`
 * segment becomes `1` (the admin's user id, the first channel). The alert stream is left out: its
 * reply never ends (test/http/alert-stream.test.ts covers its login).
 */
export function protectedGets(profile: Profile): string[] {
  return isapiRoutes()
    .routes.filter((r) => r.method === "GET" && r.auth.kind === "user" && (r.auth.schemes === undefined || r.auth.schemes.some((s) => s !== "session")))
    .filter((r) => (r.availableOn?.(profile) ?? true) && !alertStreamRoutes.includes(r))
    .map((r) => r.path.replace(/<[A-Za-z0-9]+>/g, "1"));
}
