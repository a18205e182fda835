// The recorder local GUI (issue #12): activation, login, and the security-code window that a
// double-click on the login window's lower-left corner opens (firmware with the legacy code,
// hik-protocols.md §7). Forgot Password is forgot.js.
import { adoptTokenFromUrl, deviceName, local, refusal, say } from "./local-api.js";
import { RULES_TEXT, attachMeter } from "./password-rules.js";
import { openForgot, wireForgot } from "./forgot.js";

const $ = (id) => document.getElementById(id);
const monitor = $("monitor");
/** How near the corner a double-click must be, in CSS pixels. */
const CORNER = 24;
let current = null;

function show(screen) {
  for (const id of ["no-signal", "activation", "login", "desktop"]) $(id).hidden = id !== screen;
  monitor.dataset.screen = screen;
}

/** Reads what the recorder shows now and picks the screen; retries while it is down. */
async function refresh(message) {
  try {
    current = await local("GET", "");
  } catch (error) {
    show("no-signal");
    $("no-signal").textContent = error.code === "notFound" ? error.message : "No signal";
    if (error.code !== "notFound") setTimeout(() => refresh(message), 2000);
    return;
  }
  $("banner-model").textContent = current.model + " (" + deviceName + ")";
  $("banner-firmware").textContent = current.firmware;
  $("banner-time").textContent = current.deviceTime;
  document.title = current.model + " local GUI - hikemu";
  $("forgot-open").hidden = !(current.recovery.guidFile || current.recovery.securityQuestions || current.recovery.qr);
  $("sc-corner").hidden = !current.recovery.securityCode;
  if (!current.activated) {
    show("activation");
    $("act-password").focus();
  } else {
    show("login");
    if (message) say($("login-message"), message, "info");
    $("login-password").focus();
  }
  monitor.dataset.ready = "true";
}

function wireActivation() {
  $("act-rules").textContent = RULES_TEXT;
  attachMeter($("act-password"), $("act-meter"), $("act-meter-label"));
  $("activation-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const password = $("act-password").value;
    if (password !== $("act-confirm").value) return say($("act-message"), "The passwords do not match.");
    try {
      await local("POST", "/activate", { password });
    } catch (error) {
      return say($("act-message"), refusal(error));
    }
    $("activation-form").reset();
    await refresh("Activated. Log in with the new password.");
  });
}

function wireLogin() {
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await local("POST", "/login", { userName: $("login-user").value, password: $("login-password").value });
      $("login-form").reset();
      $("desktop-user").textContent = "Logged in as " + answer.userName + ".";
      say($("login-message"), "");
      show("desktop");
    } catch (error) {
      say($("login-message"), refusal(error));
    }
  });
  $("logout").addEventListener("click", () => refresh());
  // The hidden way in of older recorders: a double-click on the login window's lower-left corner.
  $("login").addEventListener("dblclick", (event) => {
    const box = $("login").getBoundingClientRect();
    if (event.clientX - box.left > CORNER || box.bottom - event.clientY > CORNER) return;
    if (current && current.recovery.securityCode) openSecurityCode();
  });
  // The same way in for the keyboard (hikemu's addition; the recorder has only the mouse): the
  // corner holds a button that shows when focused. A mouse click on it does nothing — only the
  // double-click above, as on the recorder; a keyboard press (click with detail 0) opens it.
  $("sc-corner").addEventListener("click", (event) => {
    if (event.detail === 0) openSecurityCode();
  });
  $("forgot-open").addEventListener("click", () => openForgot(current));
}

async function openSecurityCode() {
  await refresh();
  const code = current && current.recovery.securityCode;
  if (!code) return;
  $("sc-serial").textContent = code.serial;
  $("sc-date").textContent = code.date;
  say($("sc-message"), "");
  $("sc-form").reset();
  $("security-code").showModal();
  $("sc-code").focus();
}

function wireSecurityCode() {
  $("sc-cancel").addEventListener("click", () => $("security-code").close());
  $("sc-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    say($("sc-message"), "");
    try {
      const answer = await local("POST", "/security-code", { code: $("sc-code").value });
      $("security-code").close();
      await refresh("The admin password was restored to the default" + (answer.password ? " (" + answer.password + ")" : "") + ".");
    } catch (error) {
      say($("sc-message"), refusal(error));
    }
  });
}

adoptTokenFromUrl();
wireActivation();
wireLogin();
wireSecurityCode();
wireForgot((message) => refresh(message));
refresh();
