import { safeDecodeURIComponent } from "./safe-decode.js";

/** Query parameters whose values are secrets (passwords, codes, keys, tokens, session ids). */
const SECRET_NAME = /pass|pwd|secret|token|key|code|auth|session|sign|answer/i;

/**
 * A request target safe for logs: values of secret-looking query parameters are replaced
 * (DESIGN.md "Habits": passwords, codes and keys are redacted).
 */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const pairs = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      return SECRET_NAME.test(safeDecodeURIComponent(name) ?? name) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${pairs.join("&")}`;
}
