import type { ProfileInput } from "../schema.js";

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
