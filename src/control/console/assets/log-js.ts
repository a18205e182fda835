/** Browser module `log.js`: the event log panel, newest first. */
export const LOG_JS = String.raw`
import { timeOfDay } from "./clock.js";

const KEEP = 300;

/** One line of plain words per event type. */
export function describe(event) {
  const d = event.data || {};
  switch (event.type) {
    case "powered": return d.on ? "power switched on" : "power switched off";
    case "power": return "now " + d.state;
    case "booting": return "booting (" + d.bootSeconds + " s)";
    case "ready": return "ready: answers on the network";
    case "rebooted": return "going down to reboot (" + d.cause + ")";
    case "reset": return (d.mode === "full" ? "factory reset (Default)" : "reset (Restore)") + " by " + d.cause;
    case "button": return d.action === "pressed" ? "reset button pressed" : "reset button released after " + Number(d.heldSeconds).toFixed(1) + " s";
    case "led": return "status light " + d.state;
    case "irCut": return "IR-cut filter clicked";
    case "faults": return "faults " + d.action + (d.action === "set" ? ": " + JSON.stringify(d.faults) : "");
    case "activated": return "activated via " + d.via;
    case "loginFailed": return "login failed: " + d.userName + " from " + d.peer + " via " + d.front + " (" + d.failures + " in a row)";
    case "loginLocked": return "address " + d.peer + " locked out for " + d.unlockSeconds + " s after failed logins (last as " + d.userName + " via " + d.front + ")";
    case "userChanged": return "user " + d.userName + " " + d.action + " by " + d.by;
    case "securityChanged": return "security setting " + d.setting + " changed via " + d.via;
    default: return JSON.stringify(d);
  }
}

export class EventLog {
  constructor() {
    this.list = document.getElementById("log");
    document.getElementById("log-clear").addEventListener("click", () => this.list.replaceChildren());
  }

  add(event) {
    const item = document.createElement("li");
    item.dataset.type = event.type;
    item.dataset.device = event.device;
    const time = document.createElement("time");
    time.dateTime = event.at;
    time.textContent = timeOfDay(Date.parse(event.at));
    const device = document.createElement("span");
    device.className = "dev";
    device.textContent = event.device;
    const type = document.createElement("span");
    type.className = "type";
    type.textContent = event.type;
    const text = document.createElement("span");
    text.textContent = describe(event);
    item.append(time, device, type, text);
    this.list.prepend(item);
    while (this.list.childElementCount > KEEP) this.list.lastElementChild.remove();
  }
}
`;
