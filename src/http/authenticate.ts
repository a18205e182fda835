import type { IncomingMessage } from "node:http";
import type { Device } from "../emulator/device.js";
import { XML_CONTENT_TYPE, buildXml } from "./xml.js";
import { digestChallenge, digestResponseMatches, parseDigestAuthorization } from "./digest.js";
import type { Reply } from "./router.js";
import { catalogEntry } from "../emulator/errors.js";

export type AuthOutcome = { readonly ok: true; readonly user: string } | { readonly ok: false; readonly reply: Reply };

/** The V5.5 camera's 401 page, byte for byte (real-responses/DS-2CD2155FWD-I/System_status.fw-V5.5.0.401.html). */
const HTML_401 =
  "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n<body><h2>Access Error: 401 -- Unauthorized</h2>\r\n<p>Authentication Error</p>\r\n</body>\r\n</html>\r\n";

/**
 * Checks `Authorization: Digest` against the device's users and nonces (hik-protocols.md
 * §2.2). Every failure answers 401 with a fresh challenge; stale=TRUE when only the nonce
 * expired, so clients retry without asking the user again (RFC 7616 §3.3).
 */
export function authenticate(device: Device, request: IncomingMessage): AuthOutcome {
  const digest = parseDigestAuthorization(request.headers.authorization);
  if (!digest) return { ok: false, reply: unauthorized(device, false) };
  const nonceState = device.nonceState(digest.nonce);
  const credentials = device.credentialsOf(digest.username);
  const algorithm = (digest.algorithm ?? "MD5").toUpperCase() === "SHA-256" ? "sha256" : "md5";
  const valid =
    nonceState === "fresh" &&
    credentials !== undefined &&
    digest.realm === device.identity.realm &&
    digest.uri === request.url &&
    digestResponseMatches(digest, request.method ?? "GET", algorithm === "md5" ? credentials.digestMd5 : credentials.digestSha256, algorithm);
  if (valid) return { ok: true, user: digest.username };
  return { ok: false, reply: unauthorized(device, nonceState === "stale") };
}

export function unauthorized(device: Device, stale: boolean): Reply {
  const { isapi } = device.profile;
  const status = catalogEntry("unauthorized").httpStatus;
  const headers = { "WWW-Authenticate": digestChallenge(isapi.challengeStyle, device.identity.realm, device.issueNonce(), stale) };
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
