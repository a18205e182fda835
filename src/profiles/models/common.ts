import type { ProfileInput } from "../schema.js";
import type { ReplyHeader } from "../reply-style.js";

/** Lockout of the camera manuals: 7 admin / 5 user attempts, 30 minutes (hik-protocols.md §2.11). */
export const MANUAL_LOCKOUT: ProfileInput["lockout"] = { adminAttempts: 7, userAttempts: 5, lockSeconds: 1800 };

/** 8–16 characters (hik-protocols.md §2.10, SecurityCap LoginPasswordLenLimit). */
export const PASSWORD_POLICY: ProfileInput["passwordPolicy"] = { minLength: 8, maxLength: 16 };

/** ISAPI behaviour of V5.x camera firmware: App-webs, HTML 401 page, camera Digest layout (V5.5 cassette). */
export const CAMERA_ISAPI: ProfileInput["isapi"] = {
  namespace: "http://www.hikvision.com/ver20/XMLSchema",
  deviceInfoVersion: "2.0",
  server: "App-webs/",
  unauthorizedBody: "html",
  challengeStyle: "camera",
  notActivatedHttpStatus: 403,
  realmFormat: "IP Camera({tag})",
  nonceLifetimeSeconds: 300,
};

/**
 * Headers of the V5.5 camera cassette (real-responses/DS-2CD2155FWD-I): Date, Server, Connection,
 * Keep-Alive (timeout=10), Content-Length, Content-Type, and nothing else. The cassette does not
 * keep their order; ours is the NVR capture's (same GoAhead-derived server, a guess).
 */
export const OLD_CAMERA_HEADERS: readonly ReplyHeader[] = ["Date", "Server", "Content-Length", "Content-Type", "Connection", "Keep-Alive"];
