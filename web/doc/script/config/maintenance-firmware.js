// Upgrade & Maintenance: firmware upgrade by file upload, with the device's upgradeStatus as
// progress (src/http/isapi/firmware.ts).
import { isapi, textOf } from "../isapi.js";
import { button, deviceRefusal, fileRow, panel } from "./maintenance-shell.js";

const UPGRADE_POLL_MS = 1000;

/** Builds the Upgrade panel; `wire(shell)` connects its button. */
export function firmwarePanel(container) {
  const upgrade = panel(container, "Upgrade", "Upload a firmware file. The device writes it and restarts; do not power it off meanwhile.");
  const firmwareFile = fileRow(upgrade, "firmware-file", "Firmware File", ".dav,.bin");
  const upgradeButton = button(firmwareFile.row, "Upgrade");

  const wire = ({ say, busy, progress, confirm, followRestart }) => {
    upgradeButton.addEventListener("click", async () => {
      const file = firmwareFile.input.files?.[0];
      if (!file) return say("Choose a firmware file first.");
      if (!(await confirm("Upgrade", `Upgrade the firmware with ${file.name}? The device restarts afterwards; do not power it off.`))) return;
      say("");
      busy(true);
      progress.show("Uploading the firmware…", 0, "upgrading");
      // upgradeStatus is polled while the upload's reply is pending (the device answers it once
      // the image is written). The polls carry reconnect=1: one may meet the device going down.
      let polling = true;
      const poll = async () => {
        while (polling) {
          try {
            const reply = await isapi("GET", "/ISAPI/System/upgradeStatus?reconnect=1");
            if (polling && textOf(reply.doc, "upgrading") === "true") progress.show(`Upgrading… ${textOf(reply.doc, "percent")} %`, Number(textOf(reply.doc, "percent")), "upgrading");
          } catch {
            // Down or busy: the upload's reply says how it ended.
          }
          await new Promise((resolve) => setTimeout(resolve, UPGRADE_POLL_MS));
        }
      };
      void poll();
      try {
        const form = new FormData();
        form.append("updateFile", file, file.name);
        await isapi("PUT", "/ISAPI/System/updateFirmware", { body: form });
      } catch (error) {
        polling = false;
        progress.hide();
        say(deviceRefusal(error));
        busy(false);
        return;
      }
      polling = false;
      await followRestart("reboot", "Firmware written; the device is restarting…");
    });
  };
  return { controls: [upgradeButton, firmwareFile.input], wire };
}
