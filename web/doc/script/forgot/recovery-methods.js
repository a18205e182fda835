// The recovery resources of the device's ISAPI (docs/recovery.md methods 3–6), all answered
// without a login. Nothing in the device tells an anonymous client which methods its firmware
// has (SecurityCap needs a login), so the page asks each resource itself:
// - security questions: GET questionConfiguration answers the ids of the questions set;
// - QR code / reserved e-mail, GUID file: an empty request to the reset resource. A device with
//   the method refuses it as malformed (400) before looking at any proof, so nothing is spent,
//   nothing counts toward the lockout and no QR challenge is replaced; a device without it
//   answers as for any resource it does not publish (401, or 404).
import { IsapiError, elementsOf, isapi, textOf, xml, XML_HEAD } from "../isapi.js";

const QUESTIONS = "/ISAPI/Security/questionConfiguration";
const QUESTION_RESET = "/ISAPI/Security/questionCertification";
const QR_CODE = "/ISAPI/Security/email/qrCode?format=json";
const EMAIL_RESET = "/ISAPI/Security/emailCertification?format=json";
const GUID_RESET = "/ISAPI/Security/GUIDCertification";

// No cookie or login is sent: a resource the firmware lacks answers 401, which must reach the page,
// not open the browser's login prompt.
const ANONYMOUS = { anonymous: true, expect401: true, credentials: "omit" };

/** true when the resource exists: it refused the empty request as malformed. */
async function answersMalformed(path, body) {
  try {
    await isapi("PUT", path, { ...ANONYMOUS, body });
    return true;
  } catch (error) {
    if (!(error instanceof IsapiError)) throw error;
    return error.status === 400;
  }
}

/** The ids of the questions set, or undefined when the firmware has no security questions. */
async function questionIds() {
  try {
    const reply = await isapi("GET", QUESTIONS, ANONYMOUS);
    return elementsOf(reply.doc, "Question")
      .filter((question) => textOf(question, "mark") !== "false")
      .map((question) => Number(textOf(question, "id")))
      .filter((id) => Number.isInteger(id));
  } catch (error) {
    if (error instanceof IsapiError && !error.unreachable) return undefined;
    throw error;
  }
}

/** `{questions: ids | undefined, qr: boolean, guid: boolean}`. */
export async function offeredMethods() {
  const [questions, qr, guid] = await Promise.all([
    questionIds(),
    answersMalformed(EMAIL_RESET, "{}"),
    answersMalformed(GUID_RESET, `${XML_HEAD}<GUIDCertification/>`),
  ]);
  return { questions, qr, guid };
}

export async function resetWithAnswers(answers, password) {
  const list = answers.map(({ id, answer }) => xml("Question", [["id", id], ["answer", answer]]));
  await isapi("PUT", QUESTION_RESET, { ...ANONYMOUS, body: XML_HEAD + xml("SecurityQuestion", [xml("QuestionList", list), ["password", password]]) });
}

/** A fresh challenge (it replaces any pending one): `{data, mode: "key" | "email"}`. */
export async function qrChallenge() {
  const reply = await isapi("GET", QR_CODE, ANONYMOUS);
  const code = reply.json?.QRCode;
  if (!code || typeof code.data !== "string") throw new IsapiError(reply.status, { statusString: "The device sent no QR code" });
  return { data: code.data, mode: code.mode === "email" ? "email" : "key" };
}

export async function resetWithCode(code, password) {
  await isapi("PUT", EMAIL_RESET, { ...ANONYMOUS, body: JSON.stringify({ EmailCertification: { verificationCode: code, password } }) });
}

export async function resetWithGuidFile(file, password) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  await isapi("PUT", GUID_RESET, { ...ANONYMOUS, body: XML_HEAD + xml("GUIDCertification", [["GUIDFileData", btoa(binary)], ["password", password]]) });
}

/** The device's picture of a QR text (src/http/web/qr-image.ts). */
export function qrImageUrl(text) {
  return `/doc/qrcode.png?text=${encodeURIComponent(text)}`;
}

