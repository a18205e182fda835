// Session login, heartbeat and logout (hik-protocols.md §2.4), all through ISAPI.
import { isapi, parseXml, textOf, saveSession, currentSession, forgetSession, toLoginPage, XML_HEAD, xml, IsapiError } from "./isapi.js";
import { sessionLoginHash, md5Hex, sha256Hex } from "./crypto.js";
import { BASIC_ONLY, NO_SESSION_LOGIN, basicOnly, httpAuthFrom } from "./http-auth.js";

const HEARTBEAT_MS = 30_000;

/** Whether this firmware has the session login (V5.2 has none: its web UI is Digest only, §2.4 step 7). */
export async function sessionCapabilities(userName) {
  const random = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  // Without browser credentials: a V5.2 answers 401 with its Digest challenge (http-auth.js).
  const reply = await isapi("GET", `/ISAPI/Security/sessionLogin/capabilities?username=${encodeURIComponent(userName)}&random=${random}`, { anonymous: true, expect401: true });
  const doc = reply.doc;
  return {
    sessionID: textOf(doc, "sessionID"),
    challenge: textOf(doc, "challenge"),
    iterations: Number(textOf(doc, "iterations") ?? "100"),
    salt: textOf(doc, "salt") ?? "",
    salt2: textOf(doc, "salt2"),
    sessionIDVersion: textOf(doc, "sessionIDVersion") ?? "2",
    isSupportSessionTag: textOf(doc, "isSupportSessionTag") === "true",
  };
}

/**
 * Logs `userName` in; resolves the SessionLogin answer's flags. A refusal rejects with
 * IsapiError (lockStatus, unlockTime, retryLoginTime from the device's userCheck body).
 */
export async function logIn(userName, password) {
  let cap;
  try {
    cap = await sessionCapabilities(userName);
  } catch (error) {
    // §2.4 step 7: no session login (http-auth.js NO_SESSION_LOGIN): HTTP auth instead; any
    // other refusal shows as it is.
    if (error instanceof IsapiError && NO_SESSION_LOGIN.has(error.status)) return logInWithHttpAuth(userName, password, error.challenge);
    throw error;
  }
  const body =
    XML_HEAD +
    xml("SessionLogin", [
      ["userName", userName],
      ["password", sessionLoginHash(cap, userName, password)],
      ["sessionID", cap.sessionID],
      ["isSessionIDValidLongTerm", "false"],
      ["sessionIDVersion", cap.sessionIDVersion],
      ["isNeedSessionTag", cap.isSupportSessionTag ? "true" : "false"],
    ]);
  const reply = await isapi("POST", `/ISAPI/Security/sessionLogin?timeStamp=${Date.now()}`, { body, anonymous: true, cookies: true, expect401: true });
  const doc = reply.doc ?? parseXml(reply.text);
  const tag = textOf(doc, "sessionTag") ?? undefined;
  saveSession({ user: userName, tag });
  return { isDefaultPassword: textOf(doc, "isDefaultPassword") === "true", isRiskPassword: textOf(doc, "isRiskPassword") === "true" };
}

// --- HTTP auth login (firmware without the session login, §2.4 step 7; http-auth.js) ---

const USER_CHECK = "/ISAPI/Security/userCheck";

/**
 * Keeps what signs requests (the Digest HA1; a device offering only Basic gets BASIC_ONLY) in this
 * tab's sessionStorage, then checks it with userCheck (§2.2): a refusal forgets it and rejects
 * with the device's 401 (its lock fields where its 401 body has them).
 */
async function logInWithHttpAuth(userName, password, challenge) {
  let header = challenge;
  if (!header) {
    // The capabilities refusal named no scheme: ask userCheck for the device's challenge.
    const probe = await isapi("GET", USER_CHECK, { anonymous: true, expect401: true }).catch((error) => error);
    header = probe instanceof IsapiError ? probe.challenge : undefined;
  }
  const auth = httpAuthFrom(header, userName, password, { MD5: md5Hex, "SHA-256": sha256Hex });
  if (!auth) {
    const error = new IsapiError(401, { statusString: basicOnly(header) ? BASIC_ONLY : "The device offers no login method this page speaks (Digest)." });
    error.noLoginMethod = true;
    throw error;
  }
  saveSession({ user: userName, auth });
  let reply;
  try {
    reply = await isapi("GET", USER_CHECK, { expect401: true });
  } catch (error) {
    forgetSession();
    throw error;
  }
  const doc = reply.doc ?? parseXml(reply.text);
  return { isDefaultPassword: textOf(doc, "isDefaultPassword") === "true", isRiskPassword: textOf(doc, "isRiskPassword") === "true" };
}

/** Whether this tab signs its requests itself (no device session to beat or log out). */
function usesHttpAuth() {
  return currentSession()?.auth !== undefined;
}

// --- end of HTTP auth login ---

export async function logOut() {
  // HTTP auth has no device session: forgetting the credentials (toLoginPage) is the logout.
  if (usesHttpAuth()) return toLoginPage("loggedOut");
  try {
    await isapi("PUT", "/ISAPI/Security/sessionLogout", { expect401: true });
  } catch (error) {
    if (!(error instanceof IsapiError)) throw error;
  }
  toLoginPage("loggedOut");
}

/** For pages behind the login: no session sends the browser to the login page. */
export function requireSession() {
  const session = currentSession();
  if (!session) {
    toLoginPage();
    return undefined;
  }
  return session;
}

/** Keeps the session alive while the page is open; a refused heartbeat ends at the login page. */
export function startHeartbeat() {
  // With HTTP auth nothing expires on the device; a page switch still checks the credentials.
  const httpAuth = usesHttpAuth();
  const beat = () => (httpAuth ? isapi("GET", USER_CHECK) : isapi("PUT", "/ISAPI/Security/sessionHeartbeat")).catch(() => undefined);
  const timer = httpAuth ? undefined : setInterval(beat, HEARTBEAT_MS);
  // A page coming back to the foreground checks at once: an expired session shows then.
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && beat());
  return { beat, stop: () => clearInterval(timer) };
}
