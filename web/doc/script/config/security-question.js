// Security → Security Question (hik-protocols.md §2.8): three distinct questions of the
// firmware's catalogue and their answers, PUT /ISAPI/Security/questionConfiguration with the
// admin's own password. GET tells which questions are set (ids, never answers).
import { isapi, elementsOf, textOf, xml, XML_HEAD } from "../isapi.js";
import { SECURITY_QUESTIONS, questionText } from "../security-questions.js";
import { element, field, textInput, select, pageError, panel, offered, savingForm } from "./form.js";

export const QUESTION_COUNT = 3;

/** The ids of the questions the device has set (empty when none). */
export async function configuredQuestions() {
  const reply = await isapi("GET", "/ISAPI/Security/questionConfiguration");
  return elementsOf(reply.doc, "Question").map((q) => Number(textOf(q, "id")));
}

/**
 * Three question selects with answers, and the admin password field unless `withPassword` is
 * false; `read(password?)` gives the PUT body or throws.
 */
export function questionForm(preset = [], withPassword = true) {
  const options = [...SECURITY_QUESTIONS].map(([id, text]) => [String(id), text]);
  const rows = [];
  const nodes = [];
  for (let i = 0; i < QUESTION_COUNT; i++) {
    const question = field(`Question ${i + 1}`, select(`question${i + 1}`, options, String(preset[i] ?? i + 1)));
    const answer = field(`Answer ${i + 1}`, textInput(`answer${i + 1}`, "", "text", { maxLength: 128 }));
    rows.push({ question: question.input, answer: answer.input });
    nodes.push(question.row, answer.row);
  }
  const own = field("Admin Password", textInput("password", "", "password", { maxLength: 64, autocomplete: "current-password" }));
  if (withPassword) nodes.push(own.row);
  const read = (password = own.input.value) => {
    const ids = rows.map((r) => r.question.value);
    if (new Set(ids).size !== QUESTION_COUNT) throw pageError("Choose three different questions.");
    if (rows.some((r) => r.answer.value.trim() === "")) throw pageError("Answer every question.");
    return (
      XML_HEAD +
      xml("SecurityQuestion", [
        xml(
          "QuestionList",
          rows.map((r) => xml("Question", [["id", r.question.value], ["answer", r.answer.value]])),
        ),
        ["password", password],
      ])
    );
  };
  const filled = () => rows.some((r) => r.answer.value.trim() !== "");
  return { nodes, read, filled };
}

export function saveQuestions(body) {
  return isapi("PUT", "/ISAPI/Security/questionConfiguration", { body });
}

export default {
  id: "securityQuestion",
  group: "Security",
  title: "Security Question",
  available() {
    return offered("isSupportSecurityQuestionConfig", "/ISAPI/Security/questionConfiguration");
  },
  async render(container) {
    const current = element("p", { className: "hint" });
    const ids = await configuredQuestions();
    const showCurrent = (list) => {
      current.textContent = list.length === 0 ? "No security questions are set." : `Set: ${list.map(questionText).join(" · ")}`;
      current.dataset.configured = String(list.length > 0);
    };
    showCurrent(ids);
    const form = questionForm(ids);
    const formNode = savingForm(form.nodes, async () => {
      await saveQuestions(form.read());
      showCurrent(await configuredQuestions());
    });
    container.append(panel(undefined, [current, formNode]));
  },
};
