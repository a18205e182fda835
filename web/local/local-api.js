// The recorder local GUI's way to its recorder: the control API's /api/devices/<name>/local/…
// resources (docs/web/recorder-gui.md). The control token, where the control plane has one,
// comes as #token=… in the address once and stays in this tab (as for the lab console).

const TOKEN_KEY = "hikemu.controlToken";

export function adoptTokenFromUrl() {
  const found = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!found) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(found[1]));
  history.replaceState(null, "", location.pathname + location.search);
}

export class LocalError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The recorder this page is the monitor of: /recorder/<name>. */
export const deviceName = decodeURIComponent(location.pathname.replace(/^\/recorder\//, ""));

/** One call to the recorder's local resources; refusals become LocalError with the device's code. */
export async function local(method, path, body) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = "Bearer " + token;
  const init = { method, headers, cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch("/api/devices/" + encodeURIComponent(deviceName) + "/local" + path, init);
  } catch {
    throw new LocalError(0, "network", "hikemu does not answer");
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload && payload.error;
    throw new LocalError(response.status, error ? error.code : "http", error ? error.message : "HTTP " + response.status);
  }
  return payload;
}

/** What the GUI says for a refusal: the recorder's words for the common ones, its message otherwise. */
export function refusal(error) {
  switch (error.code) {
    case "riskPassword":
    case "badPasswordFormat":
      return "Risk password: the recorder refused it (" + error.message + ").";
    case "wrongPassword":
      return "User name or password error.";
    case "deviceLocked":
      return "Locked: " + error.message + ".";
    case "badResetCode":
      return "Wrong code: " + error.message + ".";
    case "wrongSecurityAnswer":
      return "The answers are wrong.";
    case "resetCodeExpired":
      return "The code has expired: " + error.message + ".";
    case "recoveryNotConfigured":
      return "Not set up on this recorder: " + error.message + ".";
    case "notRunning":
      return "No signal.";
    default:
      return error.message + ".";
  }
}

/** Shows `text` in a message element; `kind` "info" for a success. */
export function say(element, text, kind = "error") {
  element.textContent = text;
  element.dataset.kind = kind;
}
