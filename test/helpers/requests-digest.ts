import { createHash, randomBytes } from "node:crypto";

/**
 * Python `requests`' HTTPDigestAuth, replayed from its behaviour (pyHik, Home Assistant's
 * hikvision libraries and hikvisionapi use it; PyPI is out of reach here): the first request
 * goes out without credentials; only a 401 carrying `WWW-Authenticate: Digest` makes it retry
 * once with `Authorization: Digest username, realm, nonce, uri, response[, opaque][, algorithm],
 * qop="auth", nc=00000001, cnonce`. A 404 or 405 on the first try is final.
 */
export async function requestsDigest(url: string, user: string, password: string, init: { method?: string; body?: string } = {}): Promise<{ first: Response; final: Response }> {
  const first = await fetch(url, init);
  const challenge = first.headers.get("www-authenticate") ?? "";
  if (first.status !== 401 || !/^\s*digest /i.test(challenge)) return { first, final: first };
  await first.arrayBuffer();
  const param = (name: string) => new RegExp(`${name}="?([^",]*)"?`, "i").exec(challenge)?.[1];
  const realm = param("realm") ?? "";
  const nonce = param("nonce") ?? "";
  const opaque = param("opaque");
  const algorithm = param("algorithm");
  const parsed = new URL(url);
  const uri = `${parsed.pathname}${parsed.search}`;
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const cnonce = createHash("sha1").update(`00000001${nonce}${Date.now()}${randomBytes(8).toString("hex")}`).digest("hex").slice(0, 16);
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5(`${init.method ?? "GET"}:${uri}`);
  const response = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`);
  let header = `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}"`;
  if (opaque) header += `, opaque="${opaque}"`;
  if (algorithm) header += `, algorithm="${algorithm}"`;
  header += `, qop="auth", nc=00000001, cnonce="${cnonce}"`;
  const final = await fetch(url, { ...init, headers: { authorization: header } });
  return { first, final };
}
