// Forgot Password on the recorder's monitor (issue #12; hik-protocols.md §2.8: the local GUI
// offers GUID file import, security questions and the reserved e-mail's QR code). Only the
// methods the recorder's firmware offers are listed.
import { local, refusal, say } from "./local-api.js";
import { attachMeter } from "./password-rules.js";

const $ = (id) => document.getElementById(id);
let method = null;
let questionIds = [];

const METHODS = [
  { id: "guid", label: "Import GUID File", offered: (r) => r.guidFile },
  { id: "questions", label: "Verify by Security Question", offered: (r) => r.securityQuestions },
  { id: "email", label: "Verify by Reserved Email", offered: (r) => r.qr === "email" },
  { id: "key", label: "Verify by QR Code", offered: (r) => r.qr === "key" },
];

export function openForgot(screen) {
  const box = $("fp-methods");
  for (const old of box.querySelectorAll("label")) old.remove();
  for (const one of METHODS.filter((m) => screen && m.offered(screen.recovery))) {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "fp-method";
    radio.value = one.id;
    radio.addEventListener("change", () => choose(one.id));
    label.append(radio, one.label);
    box.append(label);
  }
  method = null;
  $("fp-form").reset();
  for (const id of ["fp-guid", "fp-questions", "fp-email", "fp-password"]) $(id).hidden = true;
  $("fp-ok").disabled = true;
  say($("fp-message"), "");
  $("forgot").showModal();
}

async function choose(id) {
  method = id;
  say($("fp-message"), "");
  $("fp-guid").hidden = id !== "guid";
  $("fp-questions").hidden = id !== "questions";
  $("fp-email").hidden = id !== "email" && id !== "key";
  $("fp-password").hidden = false;
  $("fp-ok").disabled = false;
  try {
    if (id === "questions") await loadQuestions();
    if (id === "email" || id === "key") await loadQr();
  } catch (error) {
    say($("fp-message"), refusal(error));
  }
}

async function loadQuestions() {
  const { questions } = await local("GET", "/questions");
  const box = $("fp-questions");
  box.replaceChildren();
  questionIds = questions.map((q) => q.id);
  if (questions.length === 0) say($("fp-message"), "No security questions are set on this recorder.");
  questions.forEach((q, index) => {
    const label = document.createElement("label");
    label.htmlFor = "fp-answer-" + index;
    label.textContent = q.text;
    const input = document.createElement("input");
    input.id = "fp-answer-" + index;
    input.autocomplete = "off";
    input.maxLength = 128;
    box.append(label, input);
  });
}

async function loadQr() {
  const answer = await local("POST", "/qr");
  const svg = new DOMParser().parseFromString(answer.svg, "image/svg+xml").documentElement;
  $("fp-qr").replaceChildren(document.importNode(svg, true));
  $("fp-qr").dataset.payload = answer.payload;
  $("fp-qr-caption").textContent =
    answer.mode === "email"
      ? "Scan the QR code with the app: a verification code is sent to the reserved e-mail."
      : "Scan the QR code with the app to get the verification code.";
}

async function readGuidFile() {
  const file = $("fp-guid-file").files[0];
  if (!file) throw Object.assign(new Error("choose the GUID file"), { code: "noFile" });
  return file.text();
}

async function submit() {
  const password = $("fp-new").value;
  if (password !== $("fp-confirm").value) return say($("fp-message"), "The passwords do not match.");
  try {
    if (method === "guid") await local("POST", "/guid", { file: await readGuidFile(), password });
    else if (method === "questions") {
      const answers = questionIds.map((id, index) => ({ id, answer: $("fp-answer-" + index).value }));
      await local("POST", "/questions", { answers, password });
    } else await local("POST", "/qr/reset", { code: $("fp-code").value, password });
  } catch (error) {
    return say($("fp-message"), refusal(error));
  }
  return true;
}

/** Wires the dialog; `done(message)` goes back to the login window. */
export function wireForgot(done) {
  attachMeter($("fp-new"), $("fp-meter"), $("fp-meter-label"));
  $("fp-cancel").addEventListener("click", () => $("forgot").close());
  $("fp-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if ((await submit()) === true) {
      $("forgot").close();
      await done("The password was reset. Log in with the new password.");
    }
  });
}
