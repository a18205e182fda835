// Session login, heartbeat and logout (hik-protocols.md §2.4), all through ISAPI.
import { isapi, parseXml, textOf, saveSession, currentSession, toLoginPage, XML_HEAD, xml, IsapiError } from "./isapi.js";
import { sessionLoginHash } from "./crypto.js";

const HEARTBEAT_MS = 30_000;

/** Whether this firmware has the session login (V5.2 has none: its web UI is Digest only, §2.4 step 7). */
export async function sessionCapabilities(userName) {
  const random = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
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
  const cap = await sessionCapabilities(userName);
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
  const reply = await isapi("POST", `/ISAPI/Security/sessionLogin?timeStamp=${Date.now()}`, { body, anonymous: true, expect401: true });
  const doc = reply.doc ?? parseXml(reply.text);
  const tag = textOf(doc, "sessionTag") ?? undefined;
  saveSession({ user: userName, tag });
  return { isDefaultPassword: textOf(doc, "isDefaultPassword") === "true", isRiskPassword: textOf(doc, "isRiskPassword") === "true" };
}

export async function logOut() {
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
  const beat = () => isapi("PUT", "/ISAPI/Security/sessionHeartbeat").catch(() => undefined);
  const timer = setInterval(beat, HEARTBEAT_MS);
  // A page coming back to the foreground checks at once: an expired session shows then.
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && beat());
  return { beat, stop: () => clearInterval(timer) };
}
