// System → Maintenance → Upgrade & Maintenance: Reboot, Restore, Default, configuration export
// and import, firmware upgrade — each through the ISAPI resource every client uses
// (hik-protocols.md §2.6). The panels are built first, then the shell below them (message line,
// progress) and their buttons wired to it.
import { configurationPanel } from "./maintenance-configuration.js";
import { firmwarePanel } from "./maintenance-firmware.js";
import { restartPanels } from "./maintenance-restart.js";
import { maintenanceShell } from "./maintenance-shell.js";
import { activationState } from "../activation.js";

export default {
  id: "maintenance",
  group: "System",
  title: "Upgrade & Maintenance",
  async render(container, context) {
    // Firmware without activation (V5.2: no /SDK/activateStatus) comes back from Default with the
    // factory password, not inactive: the texts say which.
    const hasActivation = (await activationState()) !== undefined;
    const parts = [restartPanels(container, { hasActivation }), configurationPanel(container), firmwarePanel(container)];
    const shell = maintenanceShell(container, context, parts.flatMap((part) => part.controls));
    for (const part of parts) part.wire(shell);
  },
};
