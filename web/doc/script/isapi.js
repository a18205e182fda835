// The web admin's one way to the device: ISAPI over fetch, as every client uses it
// (issue #12: the page can never do what the wire cannot). Session state lives in
// sessionStorage: the WebSession cookie is HttpOnly, the `sessiontag` header is ours to send.
import { digestAuthorization, newCnonce, renewedAuth } from "./http-auth.js";
import { md5Hex, sha256Hex } from "./crypto.js";

const SESSION_KEY = "hikemu.session";
export const LOGIN_PAGE = "/doc/page/login.asp";

/**
 * The logged-in user and session tag, or undefined. On firmware without the session login the
 * session holds `auth` instead (http-auth.js): the Digest HA1 (never the password) and the
 * current nonce. Those credentials live only in this tab's sessionStorage: gone when the tab
 * closes, and at logout (toLoginPage forgets the session).
 */
export function currentSession() {
  try {
    const value = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null");
    return value && typeof value.user === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function forgetSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

/** Back to the login page, saying why (`expired`, `loggedOut`, `reboot`, `default`, …). */
export function toLoginPage(reason) {
  forgetSession();
  location.assign(reason ? `${LOGIN_PAGE}?reason=${encodeURIComponent(reason)}` : LOGIN_PAGE);
}

/** A refusal the device answered: HTTP status plus what its ResponseStatus (XML or JSON) says. */
export class IsapiError extends Error {
  constructor(status, fields) {
    super(fields.errorMsg || fields.statusString || fields.subStatusCode || `HTTP ${status}`);
    this.name = "IsapiError";
    this.status = status;
    this.statusCode = fields.statusCode;
    this.statusString = fields.statusString;
    this.subStatusCode = fields.subStatusCode;
    this.errorMsg = fields.errorMsg;
    this.lockStatus = fields.lockStatus;
    this.unlockTime = fields.unlockTime === undefined ? undefined : Number(fields.unlockTime);
    this.retryLoginTime = fields.retryLoginTime === undefined ? undefined : Number(fields.retryLoginTime);
  }
}

export function parseXml(text) {
  const doc = new DOMParser().parseFromString(text, "application/xml");
  return doc.getElementsByTagName("parsererror").length > 0 ? undefined : doc;
}

/** Text of the first element named `name` under `node` (namespaces ignored), or undefined. */
export function textOf(node, name) {
  const found = node?.getElementsByTagNameNS("*", name)[0] ?? node?.getElementsByTagName(name)[0];
  return found ? found.textContent : undefined;
}

/** All elements named `name` under `node`. */
export function elementsOf(node, name) {
  return node ? [...node.getElementsByTagNameNS("*", name)] : [];
}

export function escapeXml(value) {
  return String(value).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]);
}

/** `<name>…</name>` from [child, value] pairs or nested strings already built. */
export function xml(name, children, attributes = "") {
  const inner = children.map((child) => (Array.isArray(child) ? `<${child[0]}>${escapeXml(child[1])}</${child[0]}>` : child)).join("");
  return `<${name}${attributes ? ` ${attributes}` : ""}>${inner}</${name}>`;
}

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

function statusFields(text, contentType) {
  if (contentType.includes("json")) {
    try {
      const json = JSON.parse(text);
      return json.ResponseStatus ?? json;
    } catch {
      return {};
    }
  }
  const doc = parseXml(text);
  const fields = {};
  for (const name of ["statusCode", "statusString", "subStatusCode", "errorMsg", "lockStatus", "unlockTime", "retryLoginTime"]) {
    const value = textOf(doc, name);
    if (value !== undefined && value !== null) fields[name] = value;
  }
  return fields;
}

/**
 * One ISAPI call. `body` is sent as is (XML string, JSON string, FormData, Blob). Resolves
 * `{status, text, doc, json, response}` for a 2xx; a refusal rejects with IsapiError. A 401 on a
 * logged-in page means the session is gone: the page goes back to the login page, unless the
 * caller handles it (`expect401`). Calls outside a cookie session go without the browser's
 * credentials (no cookie, no auth prompt), except with `cookies` (the session login's POST).
 */
export async function isapi(method, path, options = {}) {
  const headers = { ...(options.headers ?? {}) };
  const session = currentSession();
  if (session?.tag && !options.anonymous) headers.sessiontag = session.tag;
  if (typeof options.body === "string" && !headers["Content-Type"]) {
    headers["Content-Type"] = options.body.startsWith("{") ? "application/json" : "application/xml; charset=UTF-8";
  }
  // HTTP auth (no session login): signed by the page, sent without browser credentials.
  const httpAuth = options.anonymous ? undefined : session?.auth;
  // Only calls of a cookie session and the session login's POST (`cookies`, it sets the cookie)
  // carry the browser's credentials; without them a 401 with WWW-Authenticate reaches the page
  // instead of the browser's credentials prompt (http-auth.js).
  const cookieSession = session !== undefined && !session.auth && !options.anonymous;
  const credentials = options.credentials ?? (cookieSession || options.cookies ? "same-origin" : "omit");
  const send = async () => {
    if (httpAuth) headers.Authorization = authorizationFor(session, method, path);
    try {
      return await fetch(path, { method, headers, body: options.body, credentials, cache: "no-store", signal: options.signal });
    } catch (error) {
      throw Object.assign(new IsapiError(0, { statusString: "Device unreachable" }), { cause: error, unreachable: true });
    }
  };
  let response = await send();
  if (httpAuth && response.status === 401) {
    // stale=TRUE: only the nonce expired (or a reboot forgot it); sign again with the new one.
    const renewed = renewedAuth(session.auth, response.headers.get("WWW-Authenticate"));
    if (renewed) {
      saveSession({ ...session, auth: renewed });
      response = await send();
    }
  }
  if (options.raw) return { status: response.status, response };
  const text = await response.text();
  const contentType = response.headers.get("Content-Type") ?? "";
  if (response.status >= 200 && response.status < 300) {
    const result = { status: response.status, text, response };
    if (contentType.includes("json")) {
      try {
        result.json = JSON.parse(text);
      } catch {
        result.json = undefined;
      }
    } else if (contentType.includes("xml")) {
      result.doc = parseXml(text);
    }
    // A ResponseStatus with a statusCode other than 1 (OK) is a refusal even under 200.
    const code = result.doc ? textOf(result.doc, "statusCode") : result.json?.statusCode;
    if (result.doc?.documentElement?.localName === "ResponseStatus" && code !== undefined && code !== "1" && code !== "7") {
      throw new IsapiError(response.status, statusFields(text, contentType));
    }
    return result;
  }
  const error = new IsapiError(response.status, statusFields(text, contentType));
  // The device's challenge, for a login that falls back to HTTP auth (session.js).
  error.challenge = response.headers.get("WWW-Authenticate") ?? undefined;
  if (response.status === 401 && session && !options.expect401) {
    toLoginPage("expired");
    // The page is leaving; nothing else should act on this call.
    return new Promise(() => undefined);
  }
  throw error;
}

/** The Authorization header for one request: the next nonce count of the session's nonce (saved before sending). */
function authorizationFor(session, method, path) {
  const stored = currentSession() ?? session;
  const auth = stored.auth;
  const next = { ...auth, nc: (auth.nc ?? 0) + 1 };
  saveSession({ ...stored, auth: next });
  const url = new URL(path, location.href);
  const hash = next.algorithm === "SHA-256" ? sha256Hex : md5Hex;
  return digestAuthorization(next, method, url.pathname + url.search, next.nc, newCnonce(), hash);
}

/**
 * Whether the device answers at all (used while it reboots): any HTTP reply counts. The probe is
 * marked `reconnect=1`, so a watcher can tell its expected failures from the page's other requests.
 */
export async function deviceAnswers(signal) {
  try {
    await fetch(`/SDK/activateStatus?reconnect=1&_=${Date.now()}`, { cache: "no-store", credentials: "omit", signal });
    return true;
  } catch {
    return false;
  }
}
