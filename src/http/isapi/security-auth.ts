import type { Device } from "../../emulator/device.js";
import { DeviceError } from "../../emulator/errors.js";
import type { WebAuthSettings } from "../../emulator/state.js";
import { SECURITY_CAP_ELEMENTS, type SecurityCapElement } from "../../profiles/schema.js";
import { ADMINISTRATOR, ANY_USER, type Route } from "../router.js";
import { XML_CONTENT_TYPE, buildXml, parseXml, textAt, type XmlBranch, type XmlChildren } from "../xml.js";
import { userCheckXml } from "../user-check.js";
import { okReply } from "./ok-reply.js";
import { xmlResource } from "./xml-resource.js";
import { isapiActor } from "./actor.js";

const CAPABILITIES = "/ISAPI/Security/capabilities";
const WEB_CERTIFICATE = "/ISAPI/Security/webCertificate";

/** HTTP-auth resources of `/ISAPI/Security` (issue #9): userCheck, SecurityCap, the web auth setting. */
export const securityAuthRoutes: Route[] = [
  {
    // §2.2: 200 with the userCheck document once the credentials pass; a failure is the ordinary 401.
    method: "GET",
    path: "/ISAPI/Security/userCheck",
    auth: ANY_USER,
    handler: ({ device, user }) => ({
      status: 200,
      contentType: XML_CONTENT_TYPE,
      body: userCheckXml(device, { statusValue: 200, passwordFlags: { isDefault: device.accounts.hasFactoryPassword(user ?? "") } }),
    }),
  },
  // The web UI asks `?username=…`; the answer is the device's, whoever asks.
  xmlResource(CAPABILITIES, securityCapXml),
  xmlResource(WEB_CERTIFICATE, webCertificateXml, { auth: ADMINISTRATOR }),
  {
    method: "PUT",
    path: WEB_CERTIFICATE,
    auth: ADMINISTRATOR,
    handler: async (context) => {
      const { device, body, requestURL } = context;
      await device.security.setWebAuth(webAuthFrom(device, body), "isapi", isapiActor(context));
      return okReply(device, requestURL);
    },
  },
];

/**
 * SecurityCap (hik-protocols.md §2.8): the elements the profile lists (security.capabilityElements,
 * as each model's capture has them) in the capture's order (SECURITY_CAP_ELEMENTS), with values
 * from the profile and the device — never a per-model branch. Cached: a webCertificate change
 * bumps the device's revision.
 */
export function securityCapXml(device: Device): string {
  const { profile } = device;
  const present = new Set(profile.security.capabilityElements);
  const children: XmlChildren = SECURITY_CAP_ELEMENTS.filter((name) => present.has(name)).map((name) => [name, capValue(device, name)] as const);
  return buildXml({ name: "SecurityCap", attributes: { version: "2.0", xmlns: profile.isapi.namespace }, children });
}

/** An element with attributes and, when given, text (fast-xml-parser's `#text`). */
const attrs = (attributes: Record<string, string>, text?: string): XmlBranch => ({ attributes, children: text === undefined ? [] : [["#text", text]] });
const range = (min: number, max: number, def?: number): XmlBranch => attrs({ min: String(min), max: String(max), ...(def === undefined ? {} : { def: String(def) }) });

export function capValue(device: Device, name: SecurityCapElement): string | XmlChildren | XmlBranch {
  const { security, passwordPolicy, recovery, lockout } = device.profile;
  switch (name) {
    case "supportUserNums":
      return String(security.maxUsers);
    case "userBondIpNums":
      return String(security.userBondNums.ip);
    case "userBondMacNums":
      return String(security.userBondNums.mac);
    case "isSupCertificate":
    case "isSupportUserCheck":
    case "isIrreversible":
      return "true";
    case "issupIllegalLoginLock":
      return String(security.illegalLoginLockResource);
    case "isSupportOnlineUser":
      return String(security.onlineUser);
    case "securityVersion":
      return attrs({ opt: "1" });
    case "keyIterateNum":
      return String(security.session.iterations);
    case "isSupportSecurityQuestionConfig":
      return String(recovery.includes("securityQuestions"));
    case "isSupportSecurityEmail":
      return String(recovery.includes("reservedEmail"));
    case "isSupportGUIDFileDataExport":
      return String(recovery.includes("guidFile"));
    case "SecurityLimits":
      // SecurityAnswerLenLimit 1–128 as every capture and §2.8 show it.
      return [
        ["LoginPasswordLenLimit", range(passwordPolicy.minLength, passwordPolicy.maxLength)],
        ["SecurityAnswerLenLimit", range(1, 128)],
      ];
    case "RSAKeyLength":
      return attrs({ opt: security.rsaKeyLength.options.join(","), def: String(security.rsaKeyLength.default) });
    case "WebCertificateCap":
      // CertificateType carries the current setting as text (NVR capture), algorithmType only its options.
      return [
        ["CertificateType", attrs({ opt: security.webAuthOptions.join(",") }, device.security.current.webAuth.certificateType)],
        ["SecurityAlgorithm", [["algorithmType", attrs({ opt: security.digestAlgorithmOptions.join(",") })]]],
      ];
    case "salt":
      return device.identity.salt;
    case "maxIllegalLoginTimes":
      return range(security.lockAttemptsRange.min, security.lockAttemptsRange.max, lockout.adminAttempts);
    case "maxIllegalLoginLockTime":
      // In minutes on the G2 capture (1–120, default 30): the profile's seconds / 60.
      return range(Math.ceil(security.lockSecondsRange.min / 60), Math.floor(security.lockSecondsRange.max / 60), Math.round(lockout.lockSeconds / 60));
  }
}

/**
 * The web auth setting (certificate type and Digest algorithm). UNCERTAIN: no capture shows
 * this resource; its path and element names are inferred from SecurityCap WebCertificateCap
 * (CertificateType, SecurityAlgorithm/algorithmType, real-responses DS-2CD2146G2-ISU and
 * DS-7608NXI-I2 System_capabilities.json). Served on every profile, validated against the
 * profile's options (the V5.2 capture has no WebCertificateCap: UNCERTAIN it has the resource).
 */
export function webCertificateXml(device: Device): string {
  const { certificateType, algorithm } = device.security.current.webAuth;
  return buildXml({
    name: "WebCertificate",
    attributes: { version: "2.0", xmlns: device.profile.isapi.namespace },
    children: [
      ["CertificateType", certificateType],
      ["SecurityAlgorithm", [["algorithmType", algorithm]]],
    ],
  });
}

const CERTIFICATE_TYPES: readonly string[] = ["digest", "digest/basic"];
const ALGORITHMS: readonly string[] = ["MD5", "SHA256", "MD5/SHA256"];

/** A PUT body as a whole setting: an element left out keeps its current value. */
function webAuthFrom(device: Device, body: Buffer): WebAuthSettings {
  const doc = parseXml(body.toString("utf8"));
  if (!doc) throw new DeviceError("badXmlFormat");
  if (!("WebCertificate" in doc)) throw new DeviceError("badXmlContent", "WebCertificate is missing");
  const current = device.security.current.webAuth;
  const certificateType = textAt(doc, "WebCertificate", "CertificateType") ?? current.certificateType;
  const algorithm = textAt(doc, "WebCertificate", "SecurityAlgorithm", "algorithmType") ?? current.algorithm;
  if (!CERTIFICATE_TYPES.includes(certificateType)) throw new DeviceError("badParameters", `CertificateType must be one of ${device.profile.security.webAuthOptions.join(", ")}`);
  if (!ALGORITHMS.includes(algorithm)) throw new DeviceError("badParameters", `algorithmType must be one of ${device.profile.security.digestAlgorithmOptions.join(", ")}`);
  return { certificateType: certificateType as WebAuthSettings["certificateType"], algorithm: algorithm as WebAuthSettings["algorithm"] };
}

