// Activation of a factory-new device from the browser (hik-protocols.md §2.3): activateStatus,
// the RSA challenge, the AES-encrypted password. The device judges the password; the page shows
// its answer.
import { isapi, textOf, XML_HEAD, xml } from "./isapi.js";
import { newRsaKeyPair, publicKeyElement, decryptChallenge, encryptWithRandom } from "./crypto.js";

/**
 * true / false, or undefined where the firmware has no activation (V5.2: the resource does not
 * exist). Sent without credentials: V5.2's 401 (Basic) must reach the page, not open the
 * browser's login prompt (which also stalls a headless browser).
 */
export async function activationState() {
  try {
    const reply = await isapi("GET", `/SDK/activateStatus?_=${Date.now()}`, { anonymous: true, expect401: true, credentials: "omit" });
    const value = textOf(reply.doc, "Activated");
    return value === undefined ? undefined : value === "true";
  } catch {
    return undefined;
  }
}

export async function activate(password) {
  const keys = newRsaKeyPair();
  const challenge = await isapi("POST", "/ISAPI/Security/challenge", { body: XML_HEAD + xml("PublicKey", [["key", publicKeyElement(keys)]]), anonymous: true, expect401: true });
  const random = decryptChallenge(keys, textOf(challenge.doc, "key") ?? "");
  await isapi("PUT", "/ISAPI/System/activate", { body: XML_HEAD + xml("ActivateInfo", [["password", encryptWithRandom(random, password)]]), anonymous: true, expect401: true });
}
