import type { IncomingMessage } from "node:http";
import type { Device } from "../emulator/device.js";
import type { LoginProof } from "../emulator/auth/login.js";
import { digestChallenge, parseDigestAuthorization } from "./digest.js";

/**
 * One way an HTTP request can carry credentials. The fleet handler tries its schemes in
 * order; the device core decides (device.login). Digest is the devices' default
 * (hik-protocols.md §2.2); Basic, the web session cookie and others are further schemes.
 */
export interface CredentialScheme {
  /** What a route's policy calls it (`digest`, later `basic`, `session`, …). */
  readonly name: string;
  /** The proof the request carries under this scheme, or undefined when it carries none. */
  proofFrom(request: IncomingMessage, device: Device): LoginProof | undefined;
  /** WWW-Authenticate values this scheme offers on a 401 (none for cookie schemes). */
  challenges(device: Device, stale: boolean): readonly string[];
}

export const digestScheme: CredentialScheme = {
  name: "digest",
  proofFrom(request) {
    const digest = parseDigestAuthorization(request.headers.authorization);
    if (!digest) return undefined;
    return {
      kind: "digest",
      userName: digest.username,
      realm: digest.realm,
      nonce: digest.nonce,
      uri: digest.uri,
      response: digest.response,
      qop: digest.qop,
      nc: digest.nc,
      cnonce: digest.cnonce,
      algorithm: (digest.algorithm ?? "MD5").toUpperCase() === "SHA-256" ? "sha256" : "md5",
      method: request.method ?? "GET",
      requestUri: request.url ?? "",
    };
  },
  challenges(device, stale) {
    return [digestChallenge(device.profile.isapi.challengeStyle, device.identity.realm, device.issueNonce(), stale)];
  },
};
