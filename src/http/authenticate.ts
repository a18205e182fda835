import type { IncomingMessage } from "node:http";
import type { Device } from "../emulator/device.js";
import { catalogEntry } from "../emulator/errors.js";
import type { CredentialScheme } from "./credential-scheme.js";
import type { Reply } from "./router.js";
import { XML_CONTENT_TYPE, buildXml } from "./xml.js";

export type AuthOutcome = { readonly ok: true; readonly user: string } | { readonly ok: false; readonly reply: Reply };

/** The V5.5 camera's 401 page, byte for byte (real-responses/DS-2CD2155FWD-I/System_status.fw-V5.5.0.401.html). */
const HTML_401 =
  "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n<body><h2>Access Error: 401 -- Unauthorized</h2>\r\n<p>Authentication Error</p>\r\n</body>\r\n</html>\r\n";

/**
 * Reads the request's credentials with the first scheme that finds any and lets the device
 * decide (issue #5: login is decided in the core). Every failure answers 401 with fresh
 * challenges; stale=TRUE when only the nonce expired, so clients retry without asking the
 * user again (RFC 7616 §3.3).
 */
export function authenticate(device: Device, request: IncomingMessage, schemes: readonly CredentialScheme[]): AuthOutcome {
  for (const scheme of schemes) {
    const proof = scheme.proofFrom(request, device);
    if (!proof) continue;
    const outcome = device.login(proof, { front: "isapi", peer: request.socket.remoteAddress ?? "" });
    if (outcome.ok) return { ok: true, user: outcome.userName };
    return { ok: false, reply: unauthorized(device, schemes, outcome.reason === "staleNonce") };
  }
  return { ok: false, reply: unauthorized(device, schemes, false) };
}

export function unauthorized(device: Device, schemes: readonly CredentialScheme[], stale: boolean): Reply {
  const { isapi } = device.profile;
  const status = catalogEntry("unauthorized").httpStatus;
  const headers = { "WWW-Authenticate": schemes.flatMap((s) => s.challenges(device, stale)) };
  if (isapi.unauthorizedBody === "html") return { status, contentType: "text/html", body: HTML_401, headers };
  // NVR 401 body (hikvision_next issue #50, §2.2).
  const body = buildXml({
    name: "userCheck",
    children: [
      ["statusValue", "401"],
      ["statusString", "Unauthorized"],
    ],
  });
  return { status, contentType: XML_CONTENT_TYPE, body, headers };
}
