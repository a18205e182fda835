/** Browser module `row.js`: one device's table row, its power switch and its hold-to-reset button. */
export const ROW_JS = String.raw`
import { change, devicePath } from "./api.js";
import { timeOfDay } from "./clock.js";

let rows = 0;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class DeviceRow {
  constructor(summary, { clock, report }) {
    this.name = summary.name;
    this.clock = clock;
    this.report = report;
    this.state = { name: summary.name, power: "off", activated: false, led: "off" };
    /** Held by this page (mouse or key); pressedAt is device time of the press, once known. */
    this.holding = false;
    this.pointerId = undefined;
    this.key = undefined;
    this.pressing = Promise.resolve(false);
    this.pressedAt = undefined;
    this.lastHeld = undefined;
    this.irCutAt = undefined;
    this.build();
    this.apply(summary);
  }

  build() {
    const tr = (this.tr = element("tr"));
    tr.dataset.device = this.name;
    const cell = (className) => tr.appendChild(element("td", className));
    const nameCell = cell();
    nameCell.append(element("span", "name", this.name), (this.serves = element("small")));
    const modelCell = cell();
    modelCell.append((this.model = element("span")), (this.type = element("small")));
    this.ip = cell("ip");
    const powerCell = cell();
    powerCell.append((this.power = element("span", "state")), (this.powerNote = element("small")));
    this.activated = cell();
    this.led = cell().appendChild(element("span", "led"));
    this.irCut = cell("ircut");
    this.switch = cell().appendChild(element("button", "switch"));
    this.switch.type = "button";
    this.switch.setAttribute("role", "switch");
    this.switch.setAttribute("aria-label", "Power of " + this.name);
    this.switch.addEventListener("click", () => this.togglePower());
    const resetCell = cell();
    this.reset = resetCell.appendChild(element("button", "reset", "Hold to reset"));
    this.reset.type = "button";
    this.reset.setAttribute("aria-label", "Hold to reset " + this.name);
    this.hold = resetCell.appendChild(element("span", "hold"));
    this.hold.id = "hold-" + ++rows;
    this.reset.setAttribute("aria-describedby", this.hold.id);
    this.progress = this.hold.appendChild(element("progress"));
    this.held = this.hold.appendChild(element("span", "held"));
    this.listenToButton();
  }

  listenToButton() {
    const button = this.reset;
    button.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || this.holding || button.disabled) return;
      event.preventDefault();
      button.focus();
      button.setPointerCapture(event.pointerId);
      this.pointerId = event.pointerId;
      this.press();
    });
    const up = (event) => {
      if (event.pointerId !== this.pointerId) return;
      this.pointerId = undefined;
      this.release();
    };
    button.addEventListener("pointerup", up);
    button.addEventListener("pointercancel", up);
    button.addEventListener("lostpointercapture", up);
    button.addEventListener("contextmenu", (event) => event.preventDefault());
    button.addEventListener("keydown", (event) => {
      if (event.key !== " " && event.key !== "Enter") return;
      event.preventDefault();
      if (event.repeat || this.holding || button.disabled) return;
      this.key = event.key;
      this.press();
    });
  }

  /** A view from the API: the fleet listing's summary or a device's full view. */
  apply(view) {
    const s = this.state;
    for (const key of ["model", "type", "ip", "power", "activated", "led", "readyAt", "button", "faults"]) {
      if (view[key] !== undefined) s[key] = view[key];
    }
    if (view.listen && typeof view.listen === "object") s.listen = view.listen;
    if (view.button) {
      if (view.button.pressed && this.pressedAt === undefined) this.pressedAt = this.clock.now();
      if (!view.button.pressed && !this.holding) this.pressedAt = undefined;
    }
    this.render();
  }

  /** What an event says at once; the device's full view follows (fleet.js). */
  onEvent(event) {
    const data = event.data || {};
    const s = this.state;
    if (event.type === "power") s.power = data.state;
    else if (event.type === "led") s.led = data.state;
    else if (event.type === "activated") s.activated = true;
    else if (event.type === "booting") s.readyAt = new Date(data.bootTime + data.bootSeconds * 1000).toISOString();
    else if (event.type === "irCut") this.clickIrCut(Date.parse(event.at));
    else if (event.type === "button") {
      if (s.button) s.button.pressed = data.action === "pressed";
      if (data.action === "pressed") {
        this.pressedAt = Date.parse(event.at);
        this.lastHeld = undefined;
      } else {
        this.pressedAt = undefined;
        this.lastHeld = data.heldSeconds;
      }
    }
    this.render();
  }

  clickIrCut(at) {
    this.irCutAt = at;
    this.irCut.classList.remove("click");
    void this.irCut.offsetWidth; // restart the highlight
    this.irCut.classList.add("click");
  }

  press() {
    this.holding = true;
    this.lastHeld = undefined;
    this.render();
    this.pressing = change("POST", devicePath(this.name) + "/button", { action: "press" }).then(
      (answer) => {
        this.apply(answer.device);
        return true;
      },
      (error) => {
        this.holding = false;
        this.pointerId = undefined;
        this.key = undefined;
        this.report(error);
        this.render();
        return false;
      },
    );
  }

  async release() {
    if (!this.holding) return;
    this.holding = false;
    this.key = undefined;
    this.render();
    if (!(await this.pressing)) return;
    try {
      const answer = await change("POST", devicePath(this.name) + "/button", { action: "release" });
      this.lastHeld = answer.heldSeconds;
      this.apply(answer.device);
    } catch (error) {
      this.report(error);
    }
  }

  async togglePower() {
    const state = this.state.power === "off" ? "on" : "off";
    try {
      const answer = await change("POST", devicePath(this.name) + "/power", { state });
      this.apply(answer.device);
    } catch (error) {
      this.report(error);
    }
  }

  /** Whether the row shows something that moves with device time. */
  get timed() {
    return this.pressedAt !== undefined || this.state.power === "booting";
  }

  render() {
    const s = this.state;
    const tr = this.tr;
    const button = s.button;
    tr.dataset.power = s.power;
    tr.dataset.activated = String(s.activated);
    tr.dataset.led = s.led;
    tr.dataset.button = !button ? "unknown" : !button.present ? "none" : button.pressed ? "held" : "up";
    this.serves.textContent = s.listen ? "serves " + s.listen.address + ":" + s.listen.httpPort : "";
    this.model.textContent = s.model || "";
    this.type.textContent = s.type || "";
    this.ip.textContent = s.ip || "";
    this.power.textContent = s.power;
    this.power.className = "state " + s.power;
    this.activated.textContent = s.activated ? "yes" : "no";
    this.activated.className = s.activated ? "yes" : "no";
    this.led.textContent = s.led;
    this.led.className = "led " + s.led;
    this.irCut.textContent = this.irCutAt === undefined ? "–" : "clicked " + timeOfDay(this.irCutAt);
    const on = s.power !== "off";
    this.switch.setAttribute("aria-checked", String(on));
    this.switch.textContent = on ? "On" : "Off";
    this.reset.disabled = !button || !button.present;
    this.reset.setAttribute("aria-pressed", String(this.holding));
    this.reset.textContent = button && !button.present ? "No button" : this.holding ? "Holding…" : "Hold to reset";
    if (button && button.present) {
      const when = [button.atPowerOn ? "at power-on" : "", button.whileRunning ? "while running" : ""].filter(Boolean).join(" or ");
      this.reset.title = "Resets when held " + button.holdSeconds + " s " + when;
    }
    this.tick();
  }

  /** The parts that move with device time: the hold counter and the boot countdown. */
  tick() {
    const now = this.clock.now();
    const s = this.state;
    const holdSeconds = s.button ? s.button.holdSeconds : 0;
    if (this.pressedAt !== undefined) {
      const held = Math.max(0, (now - this.pressedAt) / 1000);
      this.hold.hidden = false;
      this.progress.hidden = false;
      this.progress.max = holdSeconds || 1;
      this.progress.value = Math.min(held, holdSeconds);
      this.held.textContent = held.toFixed(1) + " s / " + holdSeconds + " s";
      this.hold.dataset.heldSeconds = held.toFixed(1);
    } else if (this.lastHeld !== undefined) {
      this.hold.hidden = false;
      this.progress.hidden = true;
      this.held.textContent = "held " + Number(this.lastHeld).toFixed(1) + " s";
      this.hold.dataset.heldSeconds = Number(this.lastHeld).toFixed(1);
    } else {
      this.hold.hidden = true;
      delete this.hold.dataset.heldSeconds;
    }
    if (s.power === "booting" && s.readyAt) {
      const left = Math.max(0, Math.ceil((Date.parse(s.readyAt) - now) / 1000));
      this.powerNote.textContent = "ready in " + left + " s";
    } else if (s.power === "off" || s.power === "rebooting") {
      this.powerNote.textContent = s.power === "off" ? "no power" : "shutting down";
    } else {
      this.powerNote.textContent = "";
    }
  }
}
`;
