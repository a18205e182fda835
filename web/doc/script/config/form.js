// Small builders shared by the Users, Network and Security sections: labelled fields, a
// message line, a modal <dialog> with OK / Cancel, and the text for a device refusal.
import { IsapiError, isapi, textOf } from "../isapi.js";
import { refusalText } from "../password-rules.js";

let serial = 0;

export function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

/** A `.row` with a <label for> and its input (or select); returns {row, input}. */
export function field(labelText, input) {
  if (!input.id) input.id = `f${++serial}`;
  const label = element("label", { htmlFor: input.id, textContent: labelText });
  return { row: element("div", { className: "row" }, [label, input]), input };
}

export function textInput(name, value = "", type = "text", extra = {}) {
  return element("input", { name, value, type, autocomplete: type === "password" ? "new-password" : "off", ...extra });
}

export function select(name, options, value) {
  const node = element("select", { name });
  for (const [optionValue, text] of options) node.append(element("option", { value: optionValue, textContent: text }));
  if (value !== undefined) node.value = value;
  return node;
}

/** A message line (role=alert for refusals, role=status for success). */
export function messageLine(role = "alert") {
  const line = element("p", { className: "message" });
  line.setAttribute("role", role);
  return line;
}

export function say(line, text, kind = "error") {
  line.textContent = text;
  line.dataset.kind = kind;
}

/** The page's words for a refusal: the device's own errorMsg where it gave one. */
export function refusal(error) {
  if (!(error instanceof IsapiError)) return "The device does not answer.";
  const detail = error.errorMsg && !/^0x[0-9a-f]+$/i.test(error.errorMsg) ? error.errorMsg : "";
  if (error.subStatusCode === "incorrectUserNameOrPassword") return `The admin password is wrong${detail ? ` (${detail})` : ""}.`;
  if (error.subStatusCode === "invalidOperation" && detail) return `The device refused: ${detail}.`;
  return refusalText(error);
}

/**
 * A modal dialog titled `title` holding `body` nodes, with OK and Cancel. `onOk` runs on OK; a
 * throw shows the refusal in the dialog, which stays open; success closes it. Resolves true when
 * the dialog closed after a success, false on Cancel.
 */
export function openDialog(title, body, onOk, okText = "OK", cancelText = "Cancel") {
  return new Promise((resolve) => {
    const titleId = `d${++serial}`;
    const line = messageLine();
    const ok = element("button", { type: "submit", textContent: okText });
    const cancel = element("button", { type: "button", className: "secondary", textContent: cancelText });
    const form = element("form", { method: "dialog", noValidate: true }, [element("h2", { id: titleId, textContent: title }), ...body, line, element("div", { className: "buttons" }, [ok, cancel])]);
    const dialog = element("dialog", {}, [form]);
    dialog.setAttribute("aria-labelledby", titleId);
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener("click", () => finish(false));
    dialog.addEventListener("cancel", () => finish(false));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      ok.disabled = true;
      say(line, "");
      try {
        await onOk();
        finish(true);
      } catch (error) {
        say(line, error instanceof Error && !(error instanceof IsapiError) && error.pageText ? error.message : refusal(error));
        ok.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** An error the page itself raises before asking the device (shown as is). */
export function pageError(message) {
  return Object.assign(new Error(message), { pageText: true });
}

/** A panel (<section class=panel>) with an optional heading. */
export function panel(heading, children = []) {
  const node = element("section", { className: "panel" });
  if (heading) node.append(element("h2", { textContent: heading }));
  node.append(...children);
  return node;
}

/**
 * Whether the firmware has a resource: a GET answered 2xx, or 405 (there, but not for GET). A
 * firmware without it answers notSupport (404/403). Used where SecurityCap does not say (the NVR's
 * captured SecurityCap lists none of the recovery flags).
 */
export async function resourceExists(path) {
  try {
    await isapi("GET", path);
    return true;
  } catch (error) {
    return error instanceof IsapiError && error.status === 405;
  }
}

/** A SecurityCap flag is "true", or else the resource answers (resourceExists). */
export async function offered(capFlag, path) {
  const cap = await securityCapabilities();
  return textOf(cap, capFlag) === "true" || resourceExists(path);
}

let securityCap;
/** SecurityCap (GET /ISAPI/Security/capabilities), once per page; undefined where the firmware has none. */
export function securityCapabilities() {
  securityCap ??= isapi("GET", "/ISAPI/Security/capabilities").then((reply) => reply.doc, () => undefined);
  return securityCap;
}

/**
 * A form of `nodes` with a Save button and its alert and status lines: on submit `save()` runs,
 * then "Saved." or the device's refusal (a page-made error shows its own text).
 */
export function savingForm(nodes, save) {
  const status = messageLine("status");
  const errors = messageLine("alert");
  const button = element("button", { type: "submit", textContent: "Save" });
  const form = element("form", { noValidate: true }, [...nodes, element("div", { className: "buttons" }, [button]), errors, status]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(status, "");
    say(errors, "");
    button.disabled = true;
    try {
      await save();
      say(status, "Saved.", "info");
    } catch (error) {
      say(errors, error.pageText ? error.message : refusal(error));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
