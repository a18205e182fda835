// What the Upgrade & Maintenance panels share (maintenance.js composes them): panel, button and
// file-row builders, and the shell below the panels — one message line, one progress block and
// the confirmed "going down" flow that follows the device down and back to the login page.
import { IsapiError } from "../isapi.js";
import { refusalText } from "../password-rules.js";
import { confirmDialog } from "./confirm-dialog.js";
import { awaitRestart, progressBlock } from "./restart-progress.js";

export function panel(container, title, intro) {
  const section = document.createElement("section");
  section.className = "panel";
  const heading = document.createElement("h2");
  heading.id = `maintenance-${title.toLowerCase().replace(/\W+/g, "-")}`;
  heading.textContent = title;
  section.setAttribute("aria-labelledby", heading.id);
  section.append(heading);
  if (intro) {
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = intro;
    section.append(p);
  }
  container.append(section);
  return section;
}

export function button(parent, label, className) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  if (className) b.className = className;
  parent.append(b);
  return b;
}

export function fileRow(parent, id, label, accept) {
  const row = document.createElement("div");
  row.className = "row";
  const l = document.createElement("label");
  l.htmlFor = id;
  l.textContent = label;
  const input = document.createElement("input");
  input.type = "file";
  input.id = id;
  if (accept) input.accept = accept;
  row.append(l, input);
  parent.append(row);
  return { row, input };
}

export function deviceRefusal(error) {
  return error instanceof IsapiError ? refusalText(error) : "The device does not answer.";
}

/**
 * Appends the message line and the progress block after the panels; `controls` are disabled
 * while a command runs. Returns { say, busy, progress, confirm, goingDown, followRestart }.
 */
export function maintenanceShell(container, context, controls) {
  const message = document.createElement("p");
  message.className = "message";
  message.setAttribute("role", "alert");
  message.id = "maintenance-message";
  container.append(message);
  const progress = progressBlock(container);
  const say = (text, kind = "error") => {
    message.textContent = text;
    message.dataset.kind = kind;
  };
  const busy = (on) => controls.forEach((c) => (c.disabled = on));
  const followRestart = (reason, downText) => awaitRestart(progress, { reason, heartbeat: context.heartbeat, downText });
  const confirm = (title, text) => confirmDialog(container, { title, text });

  /** Confirms, sends, and follows the device down and back to the login page. */
  const goingDown = async ({ title, text, send, reason, downText }) => {
    if (!(await confirm(title, text))) return;
    say("");
    busy(true);
    try {
      progress.show("Sending the command…", undefined, "sending");
      await send();
    } catch (error) {
      progress.hide();
      say(deviceRefusal(error));
      busy(false);
      return;
    }
    await followRestart(reason, downText);
  };
  return { say, busy, progress, confirm, goingDown, followRestart };
}
