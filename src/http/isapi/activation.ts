import { createPublicKey, type KeyObject } from "node:crypto";
import { DeviceError } from "../../emulator/errors.js";
import { PUBLIC, type Route } from "../router.js";
import type { Profile } from "../../profiles/index.js";
import { XML_CONTENT_TYPE, buildXml, parseXml, textAt } from "../xml.js";
import { okReply } from "./ok-reply.js";

/** Firmware before V5.3.0 has no activation: these resources do not exist on it (issue #5). */
const hasActivation = (profile: Profile) => profile.activation.mode === "rsa";

/**
 * Activation of an inactive device over ISAPI (hik-protocols.md §2.3): activateStatus
 * without auth, then the RSA challenge and the AES-encrypted password.
 */
export const activationRoutes: Route[] = [
  {
    method: "GET",
    path: "/SDK/activateStatus",
    auth: PUBLIC,
    availableOn: hasActivation,
    handler: ({ device, cache }) =>
      cache.reply(device, "/SDK/activateStatus", () => {
        const children: [string, string][] = [["Activated", device.activated ? "true" : "false"]];
        const version = device.profile.isapi.activateSupportVersion;
        if (version !== undefined) children.push(["supportVersion", String(version)]);
        return { status: 200, contentType: XML_CONTENT_TYPE, body: buildXml({ name: "ActivateStatus", children }) };
      }),
  },
  {
    method: "POST",
    path: "/ISAPI/Security/challenge",
    auth: PUBLIC,
    availableOn: hasActivation,
    handler: ({ device, body }) => {
      const doc = parseXml(body.toString("utf8"));
      if (!doc) throw new DeviceError("badXmlFormat");
      const key = textAt(doc, "PublicKey", "key");
      if (!key) throw new DeviceError("badXmlContent", "PublicKey/key is missing");
      const encrypted = device.beginKeyExchange(publicKeyFromWire(key));
      return {
        status: 200,
        contentType: XML_CONTENT_TYPE,
        body: buildXml({
          name: "PublicKey",
          attributes: { version: "2.0", xmlns: device.profile.isapi.namespace },
          children: [["key", Buffer.from(encrypted.toString("hex"), "ascii").toString("base64")]],
        }),
      };
    },
  },
  {
    method: "PUT",
    path: "/ISAPI/System/activate",
    auth: PUBLIC,
    availableOn: hasActivation,
    handler: async ({ device, body, requestURL }) => {
      const doc = parseXml(body.toString("utf8"));
      if (!doc) throw new DeviceError("badXmlFormat");
      const password = textAt(doc, "ActivateInfo", "password");
      if (!password) throw new DeviceError("badXmlContent", "ActivateInfo/password is missing");
      await device.activateEncrypted(cipherFromWire(password), "either", "isapi");
      return okReply(device, requestURL);
    },
  },
];

/**
 * `<key>` = Base64(hex(modulus)) with the fixed exponent 65537 (§2.3 step 3). A PEM or
 * DER SubjectPublicKeyInfo in Base64 is accepted too, since some scripts send that.
 */
export function publicKeyFromWire(key: string): KeyObject {
  const decoded = Buffer.from(key.trim(), "base64");
  const text = decoded.toString("latin1").trim();
  try {
    if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) {
      let modulus = Buffer.from(text, "hex");
      while (modulus.length > 1 && modulus[0] === 0) modulus = modulus.subarray(1);
      return createPublicKey({ key: { kty: "RSA", n: modulus.toString("base64url"), e: "AQAB" }, format: "jwk" });
    }
    if (text.startsWith("-----BEGIN")) return createPublicKey(text);
    return createPublicKey({ key: decoded, format: "der", type: "spki" });
  } catch {
    throw new DeviceError("badPublicKey", "key is not a usable RSA public key");
  }
}

/** `<password>` = Base64(hex(AES ciphertext)) (§2.3 step 5); raw Base64 ciphertext is accepted too. */
export function cipherFromWire(password: string): Buffer {
  const decoded = Buffer.from(password.trim(), "base64");
  const text = decoded.toString("latin1");
  return /^[0-9a-fA-F]+$/.test(text) && text.length % 32 === 0 ? Buffer.from(text, "hex") : decoded;
}
