import { ADMIN_USER, type Device } from "../../../emulator/device.js";
import { DeviceError } from "../../../emulator/errors.js";
import type { Actor } from "../../../emulator/events.js";
import type { SecurityAnswerInput } from "../../../emulator/recovery/security-questions.js";
import { sadpNewPassword } from "./new-password.js";
import { answer, type CommandAnswer } from "./reply.js";
import type { SadpCommand, SecurityAnswer } from "./requests.js";
import { refused } from "./update.js";

type Command<K extends SadpCommand["kind"]> = Extract<SadpCommand, { kind: K }>;

/**
 * The GUID file and the security questions over SADP (hik-protocols.md §1.8.3, §1.8.4), through
 * the device's recovery modules (`device.recovery.guid`, `.questions`). The admin password of
 * ExportGUID and setsecurityquestion is the salted `update` form (§1.7 `<Password bSalt="true">`),
 * checked through the SADP lock like update's. The new password of GUIDReset and AnswerReset
 * is read as every recovery's (new-password.ts): plain text, or the §1.6 form after `exchangecode`.
 */

const sadpActor = (peer: string): Actor => ({ via: "sadp", peer });

/** `ExportGUID`: the admin password (salted) → a new GUID in `<GUID>`, the file's content. */
export async function exportGuid(device: Device, command: Command<"ExportGUID">, peer: string): Promise<CommandAnswer> {
  device.recovery.passwordReset.requireOffered("guidFile");
  const denied = adminRefusal(device, command.password, peer);
  if (denied) return denied;
  const file = await device.recovery.guid.export({ ...sadpActor(peer), userName: ADMIN_USER });
  return answer("ok", [["GUID", file.guid]]);
}

/** `GUIDReset`: `GUID` + new `Password` (+ `SyncIPCPassword`). */
export async function guidReset(device: Device, command: Command<"GUIDReset">, peer: string): Promise<CommandAnswer> {
  if (!command.guid?.trim()) throw new DeviceError("badXmlContent", "GUID is missing");
  await device.recovery.guid.reset(command.guid, sadpNewPassword(device, command.password), sadpActor(peer), { syncIPCPassword: command.syncIPCPassword });
  return answer("ok");
}

/** `getsecurityquestion`: the ids of the questions the admin answered, `QuestionList/Question/ID`. */
export function getSecurityQuestion(device: Device): CommandAnswer {
  const { questions } = device.recovery;
  device.recovery.passwordReset.requireOffered("securityQuestions");
  const ids = questions.configuredIds();
  if (ids.length === 0) throw new DeviceError("recoveryNotConfigured", "no security questions were set");
  return answer("ok", [], { QuestionList: { Question: ids.map((id) => ({ ID: String(id) })) } });
}

/** `setsecurityquestion`: the admin password (salted) and `QuestionList/Question{ID,Answer}`. */
export async function setSecurityQuestion(device: Device, command: Command<"setsecurityquestion">, peer: string): Promise<CommandAnswer> {
  device.recovery.passwordReset.requireOffered("securityQuestions");
  const denied = adminRefusal(device, command.password, peer);
  if (denied) return denied;
  await device.recovery.questions.set(answersOf(command.questions), { ...sadpActor(peer), userName: ADMIN_USER });
  return answer("ok");
}

/** `AnswerReset`: `QuestionList/Question{ID,Answer,mark}` + new `Password` (+ `SyncIPCPassword`). */
export async function answerReset(device: Device, command: Command<"AnswerReset">, peer: string): Promise<CommandAnswer> {
  await device.recovery.questions.reset(answersOf(command.questions), sadpNewPassword(device, command.password), sadpActor(peer), { syncIPCPassword: command.syncIPCPassword });
  return answer("ok");
}

/** The salted admin password checked through the SADP lock; the refusal to answer, or undefined when right. */
function adminRefusal(device: Device, password: string | undefined, peer: string): CommandAnswer | undefined {
  if (!password?.trim()) throw new DeviceError("badXmlContent", "Password is missing");
  const outcome = device.sadpLogin({ kind: "sadpSalted", userName: ADMIN_USER, password }, peer);
  return outcome.ok ? undefined : refused(outcome, false);
}

function answersOf(questions: readonly SecurityAnswer[]): SecurityAnswerInput[] {
  return questions.map((q) => {
    if (!/^\d{1,4}$/.test(q.id.trim())) throw new DeviceError("badParameters", `Question/ID "${q.id}" is not a question id`);
    return { id: Number(q.id), answer: q.answer };
  });
}
