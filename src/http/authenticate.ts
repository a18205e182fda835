import type { IncomingMessage } from "node:http";
import type { Device } from "../emulator/device.js";
import type { LoginOutcome } from "../emulator/auth/login.js";
import { catalogEntry } from "../emulator/errors.js";
import type { CredentialScheme } from "./credential-scheme.js";
import type { Reply } from "./router.js";
import { XML_CONTENT_TYPE, lfLayout } from "./xml.js";
import { userCheckXml } from "./user-check.js";

export type AuthOutcome = { readonly ok: true; readonly user: string } | { readonly ok: false; readonly reply: Reply };

/** The V5.5 camera's 401 page, byte for byte (real-responses/DS-2CD2155FWD-I/System_status.fw-V5.5.0.401.html). */
const HTML_401 =
  "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n<body><h2>Access Error: 401 -- Unauthorized</h2>\r\n<p>Authentication Error</p>\r\n</body>\r\n</html>\r\n";

/**
 * Reads the request's credentials with the first scheme that finds any and lets the device
 * decide (issue #5: login is decided in the core). A session cookie that is no longer valid
 * is passed over, so a client that also sends Digest still gets in. Every failure answers
 * 401 with fresh challenges; stale=TRUE when only the nonce expired, so clients retry without
 * asking the user again (RFC 7616 §3.3).
 */
export function authenticate(device: Device, request: IncomingMessage, schemes: readonly CredentialScheme[]): AuthOutcome {
  const peer = request.socket.remoteAddress ?? "";
  let webPageSession = false;
  for (const scheme of schemes) {
    const proof = scheme.proofFrom(request, device);
    if (!proof) continue;
    if (proof.kind === "session") {
      const check = device.accounts.useSession(proof.sessionId, proof.tag);
      if (check.ok) return { ok: true, user: check.session.userName };
      webPageSession = proof.tag !== undefined;
      continue;
    }
    const outcome = device.login(proof, { front: "isapi", peer });
    if (outcome.ok) return { ok: true, user: outcome.userName };
    return { ok: false, reply: unauthorized(device, schemes, outcome.reason === "staleNonce", outcome) };
  }
  // A web page's call (session cookie and `sessiontag`, no other credentials) whose session ended
  // gets no challenge: a browser answers WWW-Authenticate with its own password prompt (headless
  // Chromium holds the request for it), and the page is to show its login page instead, as the
  // session-only resources already do (our choice: no capture shows this case).
  return { ok: false, reply: unauthorized(device, webPageSession ? [] : schemes, false) };
}

export function unauthorized(device: Device, schemes: readonly CredentialScheme[], stale: boolean, failure?: LoginOutcome): Reply {
  const { isapi } = device.profile;
  const status = catalogEntry("unauthorized").httpStatus;
  const headers = { "WWW-Authenticate": schemes.flatMap((s) => s.challenges(device, stale)) };
  if (isapi.unauthorizedBody === "html") return { status, contentType: "text/html", body: HTML_401, headers };
  const counted = failure && !failure.ok && (failure.reason === "badCredentials" || failure.reason === "locked");
  const xml = userCheckXml(device, { statusValue: 401, lock: counted && !failure.ok ? failure.lock : undefined });
  const body = isapi.replies.unauthorizedXmlLayout === "lf" ? lfLayout(xml) : xml;
  return { status, contentType: XML_CONTENT_TYPE, body, headers };
}
