import type { Device } from "../../emulator/device.js";
import { DeviceError, catalogEntry } from "../../emulator/errors.js";
import { maskEmail } from "../../util/email-address.js";
import type { Profile } from "../../profiles/index.js";
import { ADMINISTRATOR, PUBLIC, type Reply, type RequestContext, type Route } from "../router.js";
import { isapiActor } from "./actor.js";
import { JSON_CONTENT_TYPE, responseStatusJson } from "../json-status.js";

/**
 * Reserved e-mail and QR recovery over ISAPI (issue #11, methods 3 and 6). The resource names
 * are those of the ISAPI developer guide ("Intelligent Security API (General Application)",
 * 2019, §5.2 "Reset Password by Setting Recovery Email", seen through the code index): GET/PUT
 * `/ISAPI/Security/email/parameter?format=json`, GET `/ISAPI/Security/email/qrCode?format=json`,
 * PUT `/ISAPI/Security/emailCertification?format=json`. They are JSON resources; hikemu answers
 * JSON with or without `format=json`, and refuses in JSON ResponseStatus (§2.9) when the request
 * asked `format=json` (route flag `jsonErrors`), in XML ResponseStatus otherwise.
 * A firmware source listing (code index) exempts `/ISAPI/Security/email/*` from the
 * authentication check: the QR code is what a user who forgot the password asks for.
 */
const PARAMETER = "/ISAPI/Security/email/parameter";
const QR_CODE = "/ISAPI/Security/email/qrCode";
const CERTIFICATION = "/ISAPI/Security/emailCertification";
/** A SecurityEmail or EmailCertification body is under 200 bytes; 4 KiB leaves room for whitespace. */
const MAX_BODY = 4 * 1024;

const offersEmail = (profile: Profile) => profile.recovery.includes("reservedEmail");
const offersQr = (profile: Profile) => profile.recovery.includes("reservedEmail") || profile.recovery.includes("qrKey");

export const recoveryEmailRoutes: Route[] = [
  {
    method: "GET",
    path: PARAMETER,
    auth: ADMINISTRATOR,
    availableOn: offersEmail,
    jsonErrors: true,
    handler: ({ device }) => json(securityEmailJson(device)),
  },
  {
    method: "PUT",
    path: PARAMETER,
    auth: ADMINISTRATOR,
    availableOn: offersEmail,
    jsonErrors: true,
    maxBodyBytes: MAX_BODY,
    handler: async (context) => {
      const body = objectAt(parseJson(context.body), "SecurityEmail");
      const address = emailAddressOf(body);
      const current = context.device.recovery.email.address;
      // A client that PUTs back what GET showed sends the masked address: it means "unchanged".
      const next = current !== undefined && address === maskEmail(current) ? current : address;
      const loginPassword = stringAt(body, "password");
      const requester = { userName: context.user ?? "", peer: context.request.socket.remoteAddress ?? "", ...(loginPassword ? { loginPassword } : {}) };
      await context.device.recovery.email.set(next, requester, isapiActor(context));
      return ok(context);
    },
  },
  {
    // Forgot password, step 1 (no login): a fresh challenge, replacing any pending one.
    method: "GET",
    path: QR_CODE,
    auth: PUBLIC,
    availableOn: offersQr,
    jsonErrors: true,
    handler: ({ device }) => {
      const payload = device.recovery.qr.challenge();
      const mode = device.recovery.qr.mode() ?? "key";
      return json({ QRCode: { data: payload, mode } });
    },
  },
  {
    // Forgot password, step 2 (no login): the code the desk gave (key mode) or mailed (e-mail mode) and the new password.
    method: "PUT",
    path: CERTIFICATION,
    auth: PUBLIC,
    availableOn: offersQr,
    jsonErrors: true,
    maxBodyBytes: MAX_BODY,
    handler: async (context) => {
      const body = objectAt(parseJson(context.body), "EmailCertification");
      const code = stringAt(body, "verificationCode");
      const password = stringAt(body, "password");
      if (!code) throw new DeviceError("badParameters", "verificationCode is missing");
      if (!password) throw new DeviceError("badParameters", "password (the new password) is missing");
      await context.device.recovery.qr.resetWithKey(code, password, isapiActor(context));
      return ok(context);
    },
  },
];

/**
 * JSON_SecurityEmail: `{"SecurityEmail": {"SecurityInformation": [{"emailAddress"}]}}`, the shape
 * client scripts read and write (code index: a Python and a Dart client of the resource). The
 * address is masked (`a***@example.com`): one of those clients notes the device masks it on GET
 * (LIKELY). No address set: an empty list. The password is never shown.
 */
export function securityEmailJson(device: Device): unknown {
  const address = device.recovery.email.address;
  return { SecurityEmail: { SecurityInformation: address === undefined ? [] : [{ emailAddress: maskEmail(address) }] } };
}

/**
 * The address of a PUT: `SecurityInformation` as a list (the clients' form) or a single object;
 * an empty list, a missing or empty `emailAddress` clears the reserved e-mail.
 */
function emailAddressOf(body: Record<string, unknown>): string | undefined {
  const info = body["SecurityInformation"];
  if (info === undefined) throw new DeviceError("badParameters", "SecurityInformation is missing");
  const entries = Array.isArray(info) ? info : [info];
  if (entries.length > 1) throw new DeviceError("badParameters", "SecurityInformation holds one address");
  const entry = entries[0];
  if (entry === undefined) return undefined;
  if (!isObject(entry)) throw new DeviceError("badParameters", "SecurityInformation entries are objects");
  const address = entry["emailAddress"];
  if (address !== undefined && typeof address !== "string") throw new DeviceError("badParameters", "emailAddress must be a string");
  return address || undefined;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new DeviceError("badXmlFormat", "the body is not JSON");
  }
}

function objectAt(doc: unknown, name: string): Record<string, unknown> {
  const node = isObject(doc) ? doc[name] : undefined;
  if (!isObject(node)) throw new DeviceError("badXmlContent", `${name} is missing`);
  return node;
}

function stringAt(node: Record<string, unknown>, name: string): string | undefined {
  const value = node[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new DeviceError("badParameters", `${name} must be a string`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function json(value: unknown): Reply {
  return { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(value) };
}

/** JSON_ResponseStatus 1 OK (json-status.ts), with or without `format=json`. */
function ok(context: RequestContext): Reply {
  return { status: 200, contentType: JSON_CONTENT_TYPE, body: responseStatusJson(context.requestURL, catalogEntry("ok")) };
}
