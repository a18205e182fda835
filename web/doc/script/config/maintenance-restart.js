// Upgrade & Maintenance: Reboot, Restore (basic reset) and Default (full reset), each confirmed
// (hik-protocols.md §2.6; src/http/isapi/maintenance.ts).
import { isapi } from "../isapi.js";
import { button, panel } from "./maintenance-shell.js";

/** Builds the Reboot and Default panels; `wire(shell)` connects their buttons. */
export function restartPanels(container, { hasActivation }) {
  const afterDefault = hasActivation ? "the device must be activated again" : "the admin password goes back to the factory default";
  const reboot = panel(container, "Reboot", "Restart the device.");
  const rebootButton = button(reboot, "Reboot");

  const defaults = panel(container, "Default");
  const restoreRow = document.createElement("p");
  const restoreButton = button(restoreRow, "Restore", "secondary");
  restoreRow.append(" Reset all parameters except network settings, user accounts and the admin password.");
  const defaultRow = document.createElement("p");
  const defaultButton = button(defaultRow, "Default", "danger");
  defaultRow.append(` Restore every setting to the factory state, including the admin password: ${afterDefault}.`);
  defaults.append(restoreRow, defaultRow);

  const wire = ({ goingDown }) => {
    rebootButton.addEventListener("click", () =>
      goingDown({ title: "Reboot", text: "Reboot the device now? It is unreachable until it has started again.", send: () => isapi("PUT", "/ISAPI/System/reboot"), reason: "reboot" }),
    );
    restoreButton.addEventListener("click", () =>
      goingDown({
        title: "Restore",
        text: "Restore the parameters to their defaults, except the network settings, user accounts and admin password? The device restarts.",
        send: () => isapi("PUT", "/ISAPI/System/factoryReset?mode=basic"),
        reason: "restore",
        downText: "Restoring the parameters; the device is restarting…",
      }),
    );
    defaultButton.addEventListener("click", () =>
      goingDown({
        title: "Default",
        text: hasActivation
          ? "Restore every parameter to the factory state, including the admin password? The device restarts inactive and must be activated again."
          : "Restore every parameter to the factory state, including the admin password? The device restarts with the factory default password.",
        send: () => isapi("PUT", "/ISAPI/System/factoryReset?mode=full"),
        reason: "default",
        downText: "Restoring the factory state; the device is restarting…",
      }),
    );
  };
  return { controls: [rebootButton, restoreButton, defaultButton], wire };
}
