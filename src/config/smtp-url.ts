import type { SmtpSettings } from "../mail/smtp-mailer.js";
import { redactUrl } from "../util/redact-url.js";
import { SettingsError } from "./settings.js";

/**
 * `smtp://[user[:password]@]host[:port]` (plain, STARTTLS when offered; port 25 by default) or
 * `smtps://…` (TLS, port 465 by default): the SMTP server of `HIKEMU_SMTP` and `start --smtp`
 * (issue #11). User and password are percent-decoded.
 */
export function parseSmtpUrl(text: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingsError(`expected smtp://[user[:password]@]host[:port] or smtps://…, got ${JSON.stringify(redactUrl(text))}`);
  }
  const secure = url.protocol === "smtps:";
  if (!secure && url.protocol !== "smtp:") throw new SettingsError(`expected an smtp:// or smtps:// URL, got ${url.protocol}`);
  if (!url.hostname) throw new SettingsError("the SMTP URL names no host");
  if ((url.pathname && url.pathname !== "/") || url.search || url.hash) throw new SettingsError("the SMTP URL takes no path, query or fragment");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 25,
    secure,
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

