// Password recovery set up right after activation: where the firmware has security questions
// or a reserved e-mail (hik-protocols.md §2.8: "set during or after activation"), the first
// Configuration page after a browser activation offers them in a dialog, with Skip. Each is
// set through its own ISAPI resource, as in the Security sections.
import { element, field, textInput, pageError, openDialog } from "./form.js";
import securityQuestion, { configuredQuestions, questionForm, saveQuestions } from "./security-question.js";
import reservedEmailSection, { emailForm, reservedEmail, saveEmail } from "./reserved-email.js";

const KEY = "hikemu.recoverySetup";

/** Called by the login page when the browser activated the device. */
export function markActivated() {
  sessionStorage.setItem(KEY, "1");
}

async function missing(section, current) {
  try {
    return (await section.available()) && (await current());
  } catch {
    return false;
  }
}

/** After the first login following an activation: the dialog, once. */
export async function offerRecoverySetup(context, opening = () => undefined) {
  if (sessionStorage.getItem(KEY) !== "1") return;
  sessionStorage.removeItem(KEY);
  if (context.session.user !== "admin") return;
  const askQuestions = await missing(securityQuestion, async () => (await configuredQuestions()).length === 0);
  const askEmail = await missing(reservedEmailSection, async () => (await reservedEmail()) === "");
  if (!askQuestions && !askEmail) return;
  const questions = askQuestions ? questionForm([], false) : undefined;
  const email = askEmail ? emailForm(false) : undefined;
  const own = field("Admin Password", textInput("password", "", "password", { maxLength: 64, autocomplete: "current-password" }));
  const body = [element("p", { textContent: "Set how the admin password can be reset if it is forgotten. You can also do this later under Security." })];
  if (questions) body.push(element("fieldset", {}, [element("legend", { textContent: "Security Question" }), ...questions.nodes]));
  if (email) body.push(element("fieldset", {}, [element("legend", { textContent: "Reserved E-mail" }), ...email.nodes]));
  body.push(own.row);
  opening();
  await openDialog(
    "Password Recovery",
    body,
    async () => {
      const wanted = [questions?.filled() && questions, email?.filled() && email].filter(Boolean);
      if (wanted.length === 0) throw pageError("Fill in the questions or the e-mail address, or press Skip.");
      // Read both first: a mistake in either sends nothing.
      const questionBody = questions?.filled() ? questions.read(own.input.value) : undefined;
      const emailBody = email?.filled() ? email.read(own.input.value) : undefined;
      if (questionBody) await saveQuestions(questionBody);
      if (emailBody) await saveEmail(emailBody);
    },
    "OK",
    "Skip",
  );
}
