/**
 * The value of cookie `name` in a `Cookie` header, or undefined. A scanner rather than a
 * general cookie parser: the one cookie the device set (`WebSession_…`, hik-protocols.md §2.4).
 */
export function sessionCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * `Set-Cookie` for a new session: the whole device, script cannot read it. The attributes are
 * our choice (no capture shows the device's Set-Cookie line, §2.4 gives only name and value).
 */
export function setSessionCookie(name: string, value: string): string {
  return `${name}=${value}; path=/; HttpOnly`;
}
