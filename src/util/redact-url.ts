import { safeDecodeURIComponent } from "./safe-decode.js";

/** Query parameters whose values are secrets (passwords, codes, keys, tokens, session ids). */
const SECRET_NAME = /pass|pwd|secret|token|key|code|auth|session|sign|answer/i;

/** The password of `scheme://user:password@…`, found even where the URL does not parse. */
const USERINFO_PASSWORD = /(\/\/[^:@/]*:)[^@/]*@/;

/**
 * A request target or URL safe for logs and messages: values of secret-looking query
 * parameters are replaced, and a password in the user info is masked as `***` (as
 * describeSmtp shows servers) (DESIGN.md "Habits": passwords, codes and keys are redacted).
 */
export function redactUrl(text: string): string {
  const url = text.replace(USERINFO_PASSWORD, "$1***@");
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
