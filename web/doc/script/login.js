// login.asp: the login form, or the activation form while the device is factory-new.
import { IsapiError, currentSession, forgetSession } from "./isapi.js";
import { logIn } from "./session.js";
import { activationState, activate } from "./activation.js";
import { RULES_TEXT, attachMeter, refusalText } from "./password-rules.js";
import { markActivated } from "./config/recovery-setup.js";

export const CONFIG_PAGE = "/doc/page/config.asp";

const $ = (id) => document.getElementById(id);

const NOTICES = {
  expired: "Your session has ended. Log in again.",
  loggedOut: "You have logged out.",
  reboot: "The device has restarted. Log in again.",
  restore: "The device restored its settings and restarted. Log in again.",
  default: "The device is back to its factory state. Activate it to use it again.",
  defaultNoActivation: "The device is back to its factory state. Log in with its factory default password.",
  passwordReset: "The password was reset. Log in with the new password.",
  activated: "The device is activated. Log in with the new password.",
};

function show(view) {
  for (const id of ["login-view", "activate-view"]) $(id).hidden = id !== view;
  document.body.dataset.view = view;
  const first = $(view).querySelector("input:not([readonly])");
  first?.focus();
}

function say(element, text, kind = "error") {
  element.textContent = text;
  element.dataset.kind = kind;
}

/** "Locked: try again in 29 min 59 s" from the device's unlockTime (seconds left). */
function lockText(error) {
  const seconds = Math.max(0, Math.round(error.unlockTime ?? 0));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `The user is locked. Try again in ${minutes > 0 ? `${minutes} min ` : ""}${rest} s.`;
}

export function loginRefusalText(error) {
  if (!(error instanceof IsapiError)) return "The device does not answer.";
  if (error.noLoginMethod) return error.statusString;
  if (error.lockStatus === "lock") return lockText(error);
  if (error.subStatusCode === "notActivated") return "The device is not activated.";
  if (error.status === 401) {
    const left = error.retryLoginTime;
    return left !== undefined && !Number.isNaN(left) ? `Incorrect user name or password. ${left} attempt(s) left.` : "Incorrect user name or password.";
  }
  return refusalText(error);
}

async function main() {
  const reason = new URLSearchParams(location.search).get("reason");
  if (reason && NOTICES[reason]) say($("notice"), NOTICES[reason], "info");
  if (currentSession() && reason !== "expired") forgetSession();

  $("rules").textContent = RULES_TEXT;
  attachMeter($("activate-password"), $("strength"), $("strength-label"));

  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = $("login-message");
    say(message, "");
    const button = $("login-button");
    button.disabled = true;
    try {
      const userName = $("user-name").value.trim();
      await logIn(userName, $("password").value);
      location.assign(CONFIG_PAGE);
    } catch (error) {
      say(message, loginRefusalText(error));
      button.disabled = false;
    }
  });

  $("activate-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = $("activate-message");
    const password = $("activate-password").value;
    if (password !== $("activate-confirm").value) {
      say(message, "The passwords do not match.");
      return;
    }
    const button = $("activate-button");
    button.disabled = true;
    say(message, "Activating…", "info");
    try {
      await activate(password);
      markActivated();
      say(message, "");
      say($("notice"), NOTICES.activated, "info");
      show("login-view");
      $("user-name").value = "admin";
      $("password").focus();
      document.body.dataset.activated = "true";
    } catch (error) {
      say(message, error instanceof IsapiError ? refusalText(error) : "The device does not answer.");
    } finally {
      button.disabled = false;
    }
  });

  const activated = await activationState();
  // Firmware without activation is back to its factory password after Default, not inactive.
  if (reason === "default" && activated === undefined) say($("notice"), NOTICES.defaultNoActivation, "info");
  document.body.dataset.activated = activated === false ? "false" : "true";
  show(activated === false ? "activate-view" : "login-view");
  document.body.dataset.ready = "true";
}

main();
