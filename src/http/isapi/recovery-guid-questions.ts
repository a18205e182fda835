import type { Device } from "../../emulator/device.js";
import { ADMIN_USER } from "../../emulator/state.js";
import { DeviceError } from "../../emulator/errors.js";
import type { SecurityAnswerInput } from "../../emulator/recovery/security-questions.js";
import type { Profile } from "../../profiles/index.js";
import { ADMINISTRATOR, PUBLIC, type AuthPolicy, type Method, type RequestContext, type Route } from "../router.js";
import { XML_CONTENT_TYPE, buildXml, parseXml, textAt } from "../xml.js";
import { okReply } from "./ok-reply.js";
import { isapiActor } from "./actor.js";
import { guidFileName, guidFileXml, readGuidFile } from "../../support/guid-file-xml.js";

const QUESTIONS = "/ISAPI/Security/questionConfiguration";
const QUESTION_RESET = "/ISAPI/Security/questionCertification";
const GUID_EXPORT = "/ISAPI/Security/GUIDFileData";
const GUID_RESET = "/ISAPI/Security/GUIDCertification";
/** Three answers of at most 128 characters and a password: a few KiB with whitespace. */
const MAX_BODY = 16 * 1024;

/**
 * Security questions and the GUID file over ISAPI (issue #11; hik-protocols.md §2.8). Paths and
 * bodies are those of the Hikvision web UI's scripts (public web-UI JavaScript seen through the
 * code index: its CGI table and login page):
 * - `questionConfiguration` GET/PUT (the CGI table's `questionInfoList`). PUT: `SecurityQuestion/
 *   QuestionList/Question{id,answer}` ×3 and `password`, the admin's own password (setSecurityQA;
 *   `loginPassword` is read too, as users.ts). GET: `Question{id,mark}` of the questions set, as
 *   the login page reads `mark` to learn whether questions are set. GET needs no login: a
 *   firmware write-up of isapi_entry.c lists questionConfiguration among the URLs without
 *   authentication, and the forgot-password page needs the ids.
 * - `questionCertification` (the CGI table's `questionAuth`, no login): our reset is one PUT with
 *   the answers and the new admin password in `password` (the real page's second step is not
 *   known: UNCERTAIN).
 * - `GUIDFileData` POST (the web UI's exportGuid: `LoginPassword/password`, the admin's
 *   password, answered with a file download); SecurityCap `isSupportGUIDFileDataExport`
 *   (iDS-7208HQHI-M1 capture).
 * - `GUIDCertification` (our name, no login, UNCERTAIN: the web page's import request is not
 *   known; SecurityExtCap calls the method `isSupportWithGUIDFileData`): PUT
 *   `GUIDCertification{GUIDFileData (Base64 of the file), password (the new one), SyncIPCPassword}`.
 * The real web UI encrypts these fields (`security=1`, §2.4 step 8); hikemu takes them plain over
 * the Digest channel, as users.ts does.
 */
export const guidQuestionRoutes: Route[] = [
  {
    method: "GET",
    path: QUESTIONS,
    auth: PUBLIC,
    availableOn: offers("securityQuestions"),
    handler: ({ device }) => ({ status: 200, contentType: XML_CONTENT_TYPE, body: securityQuestionXml(device) }),
  },
  recoveryCommand("PUT", QUESTIONS, ADMINISTRATOR, "securityQuestions", "SecurityQuestion", async (doc, context) => {
    const answers = answersOf(doc);
    confirmAdmin(context, adminPasswordOf(doc));
    await context.device.recovery.questions.set(answers, isapiActor(context));
  }),
  recoveryCommand("PUT", QUESTION_RESET, PUBLIC, "securityQuestions", "SecurityQuestion", async (doc, context) => {
    await context.device.recovery.questions.reset(answersOf(doc), newPasswordOf(doc), isapiActor(context), syncOf(doc));
  }),
  {
    method: "POST",
    path: GUID_EXPORT,
    auth: ADMINISTRATOR,
    maxBodyBytes: MAX_BODY,
    availableOn: offers("guidFile"),
    handler: async (context) => {
      const { device, body } = context;
      const doc = body.toString("utf8").trim() === "" ? {} : rootOf(body, "LoginPassword");
      confirmAdmin(context, adminPasswordOf(doc));
      const file = await device.recovery.guid.export(isapiActor(context));
      return {
        status: 200,
        contentType: "application/octet-stream",
        body: Buffer.from(guidFileXml(file), "utf8"),
        headers: { "Content-Disposition": `attachment; filename="${guidFileName(file.serial)}"` },
      };
    },
  },
  recoveryCommand("PUT", GUID_RESET, PUBLIC, "guidFile", "GUIDCertification", async (doc, context) => {
    const data = textAt(doc, "GUIDFileData");
    if (!data) throw new DeviceError("badXmlContent", "GUIDFileData is missing");
    // Whitespace out first: one linear test, no backtracking on a long body from anyone.
    const base64 = data.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new DeviceError("badXmlContent", "GUIDFileData must be the file in Base64");
    const file = readGuidFile(Buffer.from(base64, "base64").toString("utf8"));
    await context.device.recovery.guid.resetWithFile(file, newPasswordOf(doc), isapiActor(context), syncOf(doc));
  }),
];

type RecoveryMethod = Profile["recovery"][number];

/** Whether the firmware offers a recovery method (profile `recovery`). */
function offers(method: RecoveryMethod): (profile: Profile) => boolean {
  return (profile) => profile.recovery.includes(method);
}

/**
 * A PUT/POST of a recovery method whose body is the XML root `root`: `run` does the work on its
 * children, and the answer is ResponseStatus OK (refusals are the DeviceErrors `run` throws).
 */
function recoveryCommand(method: Method, path: string, auth: AuthPolicy, recovery: RecoveryMethod, root: string, run: (doc: XmlNode, context: RequestContext) => Promise<void>): Route {
  return {
    method,
    path,
    auth,
    maxBodyBytes: MAX_BODY,
    availableOn: offers(recovery),
    handler: async (context) => {
      await run(rootOf(context.body, root), context);
      return okReply(context.device, context.requestURL);
    },
  };
}

/** `SecurityQuestion/QuestionList/Question{id, mark}` of the questions set (mark true), never an answer. */
export function securityQuestionXml(device: Device): string {
  const attributes = { version: "2.0", xmlns: device.profile.isapi.namespace };
  const ids = device.recovery.questions.configuredIds();
  return buildXml({
    name: "SecurityQuestion",
    attributes,
    children: [["QuestionList", ids.map((id) => ["Question", [["id", String(id)], ["mark", "true"]]] as const)]],
  });
}

type XmlNode = Record<string, unknown>;

/** The body's root element `name` (its children), or badXmlFormat / badXmlContent. */
function rootOf(body: Buffer, name: string): XmlNode {
  const doc = parseXml(body.toString("utf8"));
  if (!doc) throw new DeviceError("badXmlFormat");
  const node = doc[name];
  if (!node || typeof node !== "object" || Array.isArray(node)) throw new DeviceError("badXmlContent", `${name} is missing`);
  return node as XmlNode;
}

/** `QuestionList/Question{id, answer}`; validated further by the core (count, range, distinct ids). */
function answersOf(doc: XmlNode): SecurityAnswerInput[] {
  const list = doc["QuestionList"];
  if (!list || typeof list !== "object" || Array.isArray(list)) throw new DeviceError("badXmlContent", "QuestionList is missing");
  const raw = (list as XmlNode)["Question"];
  if (raw === undefined) throw new DeviceError("badXmlContent", "QuestionList/Question is missing");
  return (Array.isArray(raw) ? raw : [raw]).map((item: unknown) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) throw new DeviceError("badXmlContent", "Question must have id and answer");
    const id = textAt(item as XmlNode, "id");
    const answer = textAt(item as XmlNode, "answer");
    if (id === undefined || !/^\d{1,4}$/.test(id)) throw new DeviceError("badXmlContent", `Question/id "${id ?? ""}" is not a question id`);
    if (answer === undefined) throw new DeviceError("badXmlContent", `Question/answer of question ${id} is missing`);
    return { id: Number(id), answer };
  });
}

/** The admin's own password where the firmware asks for it (accounts.confirmOwnPassword: a wrong one counts towards the lockout). */
function confirmAdmin(context: RequestContext, password: string | undefined): void {
  const peer = context.request.socket.remoteAddress ?? "";
  context.device.accounts.confirmOwnPassword({ userName: context.user ?? ADMIN_USER, peer, loginPassword: password }, "password");
}

/** The admin's own password of a PUT/POST: `password`, or `loginPassword` as users.ts reads it. */
function adminPasswordOf(doc: XmlNode): string | undefined {
  return textAt(doc, "password") ?? textAt(doc, "loginPassword");
}

function newPasswordOf(doc: XmlNode): string {
  const password = textAt(doc, "password");
  if (!password) throw new DeviceError("badXmlContent", "password (the new admin password) is missing");
  return password;
}

function syncOf(doc: XmlNode): { readonly syncIPCPassword: boolean } {
  return { syncIPCPassword: textAt(doc, "SyncIPCPassword")?.toLowerCase() === "true" };
}


