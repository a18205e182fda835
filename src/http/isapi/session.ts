import type { Device } from "../../emulator/device.js";
import type { LoginOutcome } from "../../emulator/auth/login.js";
import { MAX_USER_NAME } from "../../emulator/user-directory.js";
import { DeviceError, catalogEntry } from "../../emulator/errors.js";
import type { Profile } from "../../profiles/index.js";
import { PUBLIC, type AuthPolicy, type Reply, type RequestContext, type Route } from "../router.js";
import { sessionCookie, setSessionCookie } from "../session-cookie.js";
import { XML_CONTENT_TYPE, buildXml, parseXml, textAt, type XmlChildren } from "../xml.js";
import { okReply } from "./ok-reply.js";
import { lockElements } from "../user-check.js";

/** Firmware before the web session login (V5.2) has none of these resources. */
const hasSessions = (profile: Profile) => profile.security.session.supported;

/** Heartbeat and logout concern the session the request carries: no Digest, no Basic. */
const SESSION_ONLY: AuthPolicy = { kind: "user", schemes: ["session"] };

/** A SessionLogin document is a few hundred bytes. */
const LOGIN_BODY_LIMIT = 8 * 1024;

/**
 * The web UI's session login (hik-protocols.md §2.4): a challenge per attempt, the
 * irreversible iterated SHA-256 hash, then the WebSession cookie (and `sessiontag` header)
 * in place of Digest on every resource, kept alive by heartbeats, ended by logout.
 */
export const sessionRoutes: Route[] = [
  { method: "GET", path: "/ISAPI/Security/sessionLogin/capabilities", auth: PUBLIC, availableOn: hasSessions, handler: capabilities },
  { method: "POST", path: "/ISAPI/Security/sessionLogin", auth: PUBLIC, availableOn: hasSessions, maxBodyBytes: LOGIN_BODY_LIMIT, handler: sessionLogin },
  { method: "PUT", path: "/ISAPI/Security/sessionHeartbeat", auth: SESSION_ONLY, availableOn: hasSessions, handler: ({ device, requestURL }) => ok(device, requestURL) },
  {
    method: "PUT",
    path: "/ISAPI/Security/sessionLogout",
    auth: SESSION_ONLY,
    availableOn: hasSessions,
    handler: ({ device, request, requestURL }) => {
      // The request got here on its session cookie (SESSION_ONLY), so the cookie names a live session.
      const id = sessionCookie(request.headers.cookie, device.accounts.sessionCookieName);
      if (id !== undefined) device.accounts.closeSession(id);
      return ok(device, requestURL);
    },
  },
];

/**
 * SessionLoginCap (§2.4 step 1). Every user name gets a challenge and the device's salt, so
 * the answer for a name that does not exist looks like any other (no user enumeration).
 */
function capabilities({ device, query }: RequestContext): Reply {
  const userName = query.get("username");
  if (!userName) throw new DeviceError("badParameters", "username is missing");
  const { session } = device.profile.security;
  // No user name is longer than 32 characters (user-directory.ts): a longer one gets a challenge
  // nobody can answer, so RAM never holds what an anonymous client sends beyond that.
  const challenge = device.accounts.beginSession(userName.length > MAX_USER_NAME ? "" : userName);
  const body = buildXml({
    name: "SessionLoginCap",
    attributes: { version: "2.0", xmlns: device.profile.isapi.namespace },
    children: [
      ["sessionID", challenge.sessionId],
      ["challenge", challenge.challenge],
      ["iterations", String(challenge.iterations)],
      ["isSupportRTSPWithSession", "true"],
      ["isIrreversible", "true"],
      ["sessionIDVersion", session.sessionIDVersion],
      ["salt", device.identity.salt],
      ["isSupportSessionTag", "true"],
    ],
  });
  return { status: 200, contentType: XML_CONTENT_TYPE, body };
}

/** `POST /ISAPI/Security/sessionLogin?timeStamp=…` (§2.4 steps 3–5). */
function sessionLogin({ device, request, body }: RequestContext): Reply {
  const doc = parseXml(body.toString("utf8"));
  if (!doc) throw new DeviceError("badXmlFormat");
  const field = (name: string) => textAt(doc, "SessionLogin", name);
  const userName = field("userName");
  const hash = field("password");
  const sessionId = field("sessionID");
  if (!userName || !hash || !sessionId) throw new DeviceError("badXmlContent", "SessionLogin needs userName, password and sessionID");
  const withTag = field("isNeedSessionTag") === "true";
  const peer = request.socket.remoteAddress ?? "";
  if (!device.activated) return loginRefused(device, "notActivated");
  const { outcome, session } = device.accounts.openSession({ kind: "sessionHash", userName, sessionId, hash }, peer, withTag);
  if (!outcome.ok || !session) return loginRefused(device, !outcome.ok && outcome.reason === "notActivated" ? "notActivated" : "badAuthorization", outcome);

  const children: [string, string][] = [
    ["statusValue", "200"],
    ["statusString", "OK"],
  ];
  if (device.profile.security.userCheckFlags) {
    const isDefault = device.accounts.hasFactoryPassword(session.userName);
    // Only the hash is kept, so the one password known to be risky is the factory one (user-check.ts).
    children.push(["isDefaultPassword", String(isDefault)], ["isRiskPassword", String(isDefault)], ["isActivated", String(device.activated)]);
  }
  if (session.tag !== undefined) children.push(["sessionTag", session.tag]);
  children.push(["sessionIDVersion", device.profile.security.session.sessionIDVersion]);
  return {
    status: 200,
    contentType: XML_CONTENT_TYPE,
    body: buildXml({ name: "SessionLogin", children }),
    headers: { "Set-Cookie": setSessionCookie(device.accounts.sessionCookieName, session.id) },
  };
}

/**
 * A refused session login: 401 and no WWW-Authenticate (a browser must not open its own
 * password dialog), with what the web UI reads from the body (§2.4 step 5): statusValue,
 * statusString, subStatusCode and the lockout state — lockStatus, unlockTime (seconds left),
 * retryLoginTime (attempts left). The root element is our guess: the `userCheck` of the other
 * 401s (§2.2); the UI looks the fields up by name.
 */
function loginRefused(device: Device, subStatusCode: "badAuthorization" | "notActivated", outcome?: LoginOutcome): Reply {
  const children: XmlChildren = [
    ["statusValue", "401"],
    ["statusString", "Unauthorized"],
    ["subStatusCode", subStatusCode],
  ];
  const lock = outcome && !outcome.ok && subStatusCode !== "notActivated" ? outcome.lock : undefined;
  return { status: catalogEntry("unauthorized").httpStatus, contentType: XML_CONTENT_TYPE, body: buildXml({ name: "userCheck", children: [...children, ...lockElements(lock)] }) };
}

function ok(device: Device, requestURL: string): Reply {
  return okReply(device, requestURL);
}
