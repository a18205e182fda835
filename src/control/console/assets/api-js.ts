/** Browser module `api.js`: the control API with its token, changes in order, the event stream. */
export const API_JS = String.raw`
const TOKEN_KEY = "hikemu.controlToken";

export const EVENT_TYPES = ["powered", "power", "booting", "ready", "rebooted", "reset", "button", "led", "irCut", "faults", "activated", "loginFailed", "loginLocked", "userChanged", "securityChanged"];

/** A token handed over in the address (#token=…) moves to this tab's storage and out of the address bar. */
export function adoptTokenFromUrl() {
  const found = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!found) return;
  setToken(decodeURIComponent(found[1]));
  history.replaceState(null, "", location.pathname + location.search);
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** One request to /api; JSON in and out; failures become ApiError with the API's own message. */
export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  const bearer = token();
  if (bearer) headers.Authorization = "Bearer " + bearer;
  const init = { method, headers, cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch("/api" + path, init);
  } catch {
    throw new ApiError(0, "network", "the control API does not answer (is hikemu still running?)");
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const error = payload && payload.error;
    throw new ApiError(response.status, error ? error.code : "http", error ? error.message : "HTTP " + response.status);
  }
  return payload;
}

let queue = Promise.resolve();

/**
 * Changes leave one at a time in the order they were made, so a press reaches the device
 * before the power-on that follows it, and a release after both.
 */
export function change(method, path, body) {
  const run = queue.then(() => api(method, path, body));
  queue = run.catch(() => undefined);
  return run;
}

/**
 * A release sent as the page goes away (tab closed, reload, navigation): keepalive lets it
 * outlive the page, so a button is not left held by nobody.
 */
export function releaseOnExit(name) {
  const headers = { "Content-Type": "application/json" };
  const bearer = token();
  if (bearer) headers.Authorization = "Bearer " + bearer;
  fetch("/api" + devicePath(name) + "/button", { method: "POST", headers, body: JSON.stringify({ action: "release" }), keepalive: true }).catch(() => undefined);
}

export function devicePath(name) {
  return "/devices/" + encodeURIComponent(name);
}

/**
 * Follows /api/events. onEvent gets each parsed event; onLink gets "live" or "down"; after
 * a reconnection onResync is called, as events may have been missed meanwhile. A stream the
 * server refused (a wrong token, a restart) is opened again a little later.
 */
export function followEvents({ onEvent, onLink, onResync }) {
  let dropped = false;
  const connect = () => {
    const bearer = token();
    const source = new EventSource("/api/events" + (bearer ? "?token=" + encodeURIComponent(bearer) : ""));
    source.addEventListener("open", () => {
      onLink("live");
      if (dropped) onResync();
      dropped = false;
    });
    source.addEventListener("error", () => {
      dropped = true;
      onLink("down");
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
    });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        let event;
        try {
          event = JSON.parse(message.data);
        } catch {
          return; // a malformed line is skipped; the next refresh shows the state anyway
        }
        onEvent(event);
      });
    }
  };
  connect();
}
`;
