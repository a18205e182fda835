// While the device is down (reboot, Restore, Default, upgrade, import): a <progress> with text
// (role=status), a probe every second, and the login page once the device answers again.
import { deviceAnswers, toLoginPage } from "../isapi.js";

const PROBE_MS = 1000;

/**
 * A progress block for `panel`: `show(text, percent?)` (no percent: indeterminate) and
 * `phase` (data-phase on the block: what a test or a screen reader's user waits on).
 */
export function progressBlock(panel) {
  const block = document.createElement("div");
  block.className = "restart-progress";
  block.setAttribute("role", "status");
  block.hidden = true;
  const text = document.createElement("p");
  const bar = document.createElement("progress");
  bar.max = 100;
  bar.setAttribute("aria-label", "Progress");
  block.append(text, bar);
  panel.append(block);
  return {
    element: block,
    show(message, percent, phase) {
      if (block.hidden) {
        block.hidden = false;
        // The block sits under the section's buttons: bring it into view and give it focus, so
        // the progress is seen (and read out) wherever the page was scrolled.
        block.tabIndex = -1;
        block.scrollIntoView({ block: "center" });
        block.focus({ preventScroll: true });
      }
      text.textContent = message;
      if (percent === undefined) bar.removeAttribute("value");
      else bar.value = percent;
      if (phase) block.dataset.phase = phase;
    },
    hide() {
      block.hidden = true;
      delete block.dataset.phase;
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the device to go down and come back, then opens the login page with `reason`.
 * The device answers its reply before it goes down, so a probe that answers right after the
 * request proves nothing: the wait for the way back starts only after a probe failed. A device
 * down for less than one probe interval would be missed; every profile boots for tens of seconds.
 */
export async function awaitRestart(progress, { reason, heartbeat, downText = "The device is restarting…" }) {
  heartbeat?.stop();
  progress.show("Waiting for the device to go down…", undefined, "goingDown");
  while (await deviceAnswers()) await sleep(PROBE_MS);
  progress.show(downText, undefined, "down");
  while (!(await deviceAnswers())) await sleep(PROBE_MS);
  progress.show("The device is back. Opening the login page…", 100, "back");
  toLoginPage(reason);
}
