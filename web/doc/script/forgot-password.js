// forgotPassword.asp: reset the admin password with the recovery methods the device's firmware
// offers over the web (docs/recovery.md: security questions, the QR code for the reserved e-mail
// or the support key, the GUID file). The device judges every proof and the new password; the
// page shows its answer and, on success, goes to the login page.
import { IsapiError, toLoginPage } from "./isapi.js";
import { activationState } from "./activation.js";
import { RULES_TEXT, attachMeter, refusalText } from "./password-rules.js";
import { questionText } from "./security-questions.js";
import { offeredMethods, qrChallenge, qrImageUrl, resetWithAnswers, resetWithCode, resetWithGuidFile } from "./forgot/recovery-methods.js";

const $ = (id) => document.getElementById(id);

/** A GUID file is under 200 bytes; the device takes 16 KiB of request at most. */
const GUID_FILE_LIMIT = 8 * 1024;

const QR_HINTS = {
  email:
    "Scan the QR code with the mobile app, or send its text to support. A verification code is sent to the reserved e-mail address. Enter it below with the new password. Each new QR code voids the previous code.",
  key: "Scan the QR code with the mobile app, or send its text to support, and enter the key you get back with the new password. Each new QR code voids the previous key.",
};

function say(element, text, kind = "error") {
  element.textContent = text;
  element.dataset.kind = kind;
}

/** What the page says for a refused reset: the device's refusal, in the words of this page where it has them. */
export function resetRefusalText(error, mode) {
  if (!(error instanceof IsapiError) || error.unreachable) return "The device does not answer.";
  if (error.status === 401) {
    const wait = error.unlockTime > 0 ? ` Try again in ${Math.ceil(error.unlockTime / 60)} min.` : " Try again later.";
    return `Too many failed attempts from this computer: the device refuses them for now.${wait}`;
  }
  switch (error.subStatusCode) {
    case "securityAnswerError":
      return "The answers are not correct.";
    case "invalidVerificationCode":
      return mode === "guid" ? "The GUID file is not valid for this device." : "The code is not correct.";
    case "verificationCodeExpired":
      return mode === "guid" ? "The GUID file is no longer valid." : "The code has expired or was already used. Get a new QR code.";
    case "invalidOperation":
      return mode === "guid" ? "No GUID file was exported on this device." : "This method was not set up on the device.";
    default:
      return refusalText(error);
  }
}

function showMode(mode) {
  $("questions-view").hidden = mode !== "questions";
  $("qr-view").hidden = mode !== "qr";
  $("guid-view").hidden = mode !== "guid";
  $("password-view").hidden = !mode;
  document.body.dataset.mode = mode ?? "";
  say($("reset-message"), "");
}

function renderQuestions(ids) {
  const container = $("questions");
  container.replaceChildren();
  for (const [index, id] of ids.entries()) {
    const label = document.createElement("label");
    label.htmlFor = `answer-${id}`;
    label.textContent = `${index + 1}. ${questionText(id)}`;
    const input = document.createElement("input");
    input.id = `answer-${id}`;
    input.dataset.questionId = String(id);
    input.maxLength = 128;
    input.autocomplete = "off";
    container.append(label, input);
  }
}

async function loadQrCode() {
  const message = $("reset-message");
  $("qr-refresh").disabled = true;
  try {
    const challenge = await qrChallenge();
    $("qr-image").src = qrImageUrl(challenge.data);
    $("qr-text").value = challenge.data;
    $("qr-view").dataset.qrMode = challenge.mode;
    $("qr-title").textContent = challenge.mode === "email" ? "Reserved Email" : "QR Code";
    $("qr-code-label").textContent = challenge.mode === "email" ? "Verification Code" : "Key";
    $("qr-hint").textContent = QR_HINTS[challenge.mode];
    $("qr-code").value = "";
  } catch (error) {
    say(message, resetRefusalText(error, "qr"));
  } finally {
    $("qr-refresh").disabled = false;
  }
}

/** The reset request of the chosen mode, or a text saying what is missing. */
async function submitReset(mode, password) {
  if (mode === "questions") {
    const answers = [...$("questions").querySelectorAll("input")].map((input) => ({ id: input.dataset.questionId, answer: input.value }));
    if (answers.some(({ answer }) => answer.trim() === "")) return "Answer every question.";
    await resetWithAnswers(answers, password);
  } else if (mode === "qr") {
    const code = $("qr-code").value.trim();
    if (code === "") return `Enter the ${$("qr-code-label").textContent.toLowerCase()}.`;
    await resetWithCode(code, password);
  } else {
    const file = $("guid-file").files?.[0];
    if (!file) return "Choose the GUID file.";
    if (file.size > GUID_FILE_LIMIT) return "This file is too large to be a GUID file.";
    await resetWithGuidFile(file, password);
  }
  return undefined;
}

async function main() {
  const notice = $("notice");
  $("rules").textContent = RULES_TEXT;
  attachMeter($("new-password"), $("strength"), $("strength-label"));

  let methods;
  try {
    if ((await activationState()) === false) {
      say(notice, "This device is not activated: there is no password to recover. Activate it from the login page.");
      document.body.dataset.ready = "true";
      return;
    }
    methods = await offeredMethods();
  } catch (error) {
    say(notice, resetRefusalText(error));
    document.body.dataset.ready = "true";
    return;
  }

  const questionsSet = methods.questions !== undefined && methods.questions.length > 0;
  $("mode-questions-row").hidden = methods.questions === undefined;
  $("mode-questions").disabled = !questionsSet;
  if (methods.questions !== undefined && !questionsSet) $("mode-questions-hint").textContent = "No security questions were set on this device.";
  $("mode-qr-row").hidden = !methods.qr;
  $("mode-guid-row").hidden = !methods.guid;
  if (questionsSet) renderQuestions(methods.questions);
  const offered = [questionsSet, methods.qr, methods.guid].some(Boolean);
  if (!offered) say(notice, "This device's firmware offers no password recovery over the web.");
  $("reset-form").hidden = !offered;
  document.body.dataset.methods = [questionsSet && "questions", methods.qr && "qr", methods.guid && "guid"].filter(Boolean).join(" ");

  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener("change", () => {
      showMode(radio.value);
      if (radio.value === "qr") loadQrCode();
    });
  }
  $("qr-refresh").addEventListener("click", () => loadQrCode());

  $("reset-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = $("reset-message");
    const mode = document.querySelector('input[name="mode"]:checked')?.value;
    if (!mode) return say(message, "Choose a verification mode.");
    const password = $("new-password").value;
    if (password === "") return say(message, "Enter the new password.");
    if (password !== $("confirm-password").value) return say(message, "The passwords do not match.");
    const button = $("reset-button");
    button.disabled = true;
    say(message, "Resetting…", "info");
    try {
      const missing = await submitReset(mode, password);
      if (missing) {
        say(message, missing);
        return;
      }
      toLoginPage("passwordReset");
    } catch (error) {
      say(message, resetRefusalText(error, mode));
    } finally {
      button.disabled = false;
    }
  });

  document.body.dataset.ready = "true";
}

main();
