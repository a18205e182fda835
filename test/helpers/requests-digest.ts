import { createHash, randomBytes } from "node:crypto";

/**
 * Python `requests`' HTTPDigestAuth, replayed from its behaviour (pyHik, Home Assistant's
 * hikvision libraries and hikvisionapi use it; PyPI is out of reach here): the first request
 * goes out without credentials; only a 401 whose WWW-Authenticate mentions Digest makes it retry
 * once with `Authorization: Digest username, realm, nonce, uri, response[, opaque][, algorithm],
 * qop="auth", nc=00000001, cnonce`. A 404 or 405 on the first try is final.
 *
 * Several WWW-Authenticate headers reach requests as one string joined with ", " (urllib3, as
 * fetch does); requests strips the first "digest " and reads the rest as one dict header, so a
 * parameter that occurs twice takes its LAST value (the second challenge's nonce and algorithm),
 * while a parameter glued to a later "Digest " (`Digest realm`) is a different key. Algorithms:
 * MD5 (default), MD5-SESS, SHA, SHA-256, SHA-512; any other and requests sends no credentials.
 */
export async function requestsDigest(url: string, user: string, password: string, init: { method?: string; body?: string } = {}): Promise<{ first: Response; final: Response }> {
  const first = await fetch(url, init);
  const header = first.headers.get("www-authenticate") ?? "";
  if (first.status !== 401 || !header.toLowerCase().includes("digest")) return { first, final: first };
  await first.arrayBuffer();
  const parsed = new URL(url);
  const authorization = requestsDigestHeader(header, user, password, init.method ?? "GET", `${parsed.pathname}${parsed.search}`);
  if (authorization === undefined) return { first, final: first };
  const final = await fetch(url, { ...init, headers: { authorization } });
  return { first, final };
}

/** The Authorization requests would build for a (joined) WWW-Authenticate value; undefined where it sends none. */
export function requestsDigestHeader(wwwAuthenticate: string, user: string, password: string, method: string, uri: string): string | undefined {
  const chal = parseDictHeader(wwwAuthenticate.replace(/digest /i, ""));
  const realm = chal.get("realm") ?? "";
  const nonce = chal.get("nonce") ?? "";
  const qop = chal.get("qop");
  const algorithm = chal.get("algorithm");
  const opaque = chal.get("opaque");
  const upper = algorithm === undefined ? "MD5" : algorithm.toUpperCase();
  const hashName = ({ MD5: "md5", "MD5-SESS": "md5", SHA: "sha1", "SHA-256": "sha256", "SHA-512": "sha512" } as Record<string, string>)[upper];
  if (hashName === undefined) return undefined;
  const H = (s: string) => createHash(hashName).update(s).digest("hex");
  const nc = "00000001";
  const cnonce = createHash("sha1").update(`${nc}${nonce}${Date.now()}${randomBytes(8).toString("hex")}`).digest("hex").slice(0, 16);
  let ha1 = H(`${user}:${realm}:${password}`);
  if (upper === "MD5-SESS") ha1 = H(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = H(`${method}:${uri}`);
  let response: string;
  if (!qop) response = H(`${ha1}:${nonce}:${ha2}`);
  else if (qop === "auth" || qop.split(",").includes("auth")) response = H(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  else return undefined;
  let base = `username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}"`;
  if (opaque) base += `, opaque="${opaque}"`;
  if (algorithm) base += `, algorithm="${algorithm}"`;
  if (qop) base += `, qop="auth", nc=${nc}, cnonce="${cnonce}"`;
  return `Digest ${base}`;
}

/** requests.utils.parse_dict_header: comma-separated items (quotes respected), `k=v` or `k="v"`, later keys win. */
function parseDictHeader(value: string): Map<string, string | undefined> {
  const items: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quoted && c === "\\" && i + 1 < value.length) {
      current += c + (value[++i] as string);
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      items.push(current.trim());
      current = "";
      continue;
    }
    current += c;
  }
  if (current.trim() !== "") items.push(current.trim());
  const result = new Map<string, string | undefined>();
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq < 0) {
      result.set(item, undefined);
      continue;
    }
    let v = item.slice(eq + 1);
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    result.set(item.slice(0, eq), v);
  }
  return result;
}
