/** Browser module `app.js`: wires the panels together, the event stream and the keyboard. */
export const APP_JS = String.raw`
import { adoptTokenFromUrl, api, followEvents, setToken } from "./api.js";
import { ClockPanel, DeviceClock } from "./clock.js";
import { EventLog } from "./log.js";
import { Fleet } from "./fleet.js";

adoptTokenFromUrl();

const problem = document.getElementById("problem");
const link = document.getElementById("link");
let problemTimer;

/** Shows what went wrong for a while; a refused token opens the token panel instead. */
function report(error) {
  if (error && error.status === 401) {
    askToken();
    return;
  }
  problem.textContent = typeof error === "string" ? error : error.message;
  problem.hidden = false;
  clearTimeout(problemTimer);
  problemTimer = setTimeout(() => (problem.hidden = true), 10000);
}

function askToken() {
  const panel = document.getElementById("token");
  if (!panel.hidden) return;
  panel.hidden = false;
  setLink("down", "needs its token");
  document.getElementById("token-input").focus();
}

document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  setToken(document.getElementById("token-input").value.trim());
  location.reload();
});

function setLink(state, text) {
  link.dataset.state = state;
  link.textContent = text;
}

const clock = new DeviceClock();
const panel = new ClockPanel(clock, report);
const log = new EventLog();
const fleet = new Fleet({ clock, report });
clock.onChange(() => fleet.tick());

const sync = () => Promise.all([panel.load(), fleet.load()]);

sync().then(
  () => {
    followEvents({
      onEvent(event) {
        clock.saw(event.at);
        log.add(event);
        fleet.onEvent(event);
      },
      onLink(state) {
        setLink(state, state === "live" ? "live" : "reconnecting…");
        if (state === "down") api("GET", "/clock").catch(report);
      },
      onResync() {
        sync().catch(report);
      },
    });
  },
  (error) => {
    setLink("down", "unavailable");
    report(error);
  },
);

// Device time moves on screen under the real clock; under the virtual one, readings keep up
// with advances made elsewhere (another tab, a script on the API).
setInterval(() => {
  if (clock.mode === "real") panel.show();
  fleet.tick();
}, 200);
setInterval(() => panel.load().catch(() => undefined), 2000);

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
  const key = event.key.toLowerCase();
  if (key === "p") {
    event.preventDefault();
    const held = fleet.held();
    if (held.length === 0) report("P switches the power of the device whose reset button you are holding: hold one first");
    for (const row of held) row.togglePower();
  } else if ((key === "a" || key === "m") && clock.mode === "virtual") {
    event.preventDefault();
    panel.advance(key === "a" ? 10 : 60);
  }
});
document.addEventListener("keyup", (event) => fleet.keyUp(event.key));
window.addEventListener("blur", () => fleet.releaseKeyHolds());
window.addEventListener("pagehide", () => fleet.releaseAllOnExit());
`;
