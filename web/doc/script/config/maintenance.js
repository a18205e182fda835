// System → Maintenance → Upgrade & Maintenance: Reboot, Restore, Default, configuration export
// and import, firmware upgrade — each through the ISAPI resource every client uses
// (hik-protocols.md §2.6; src/http/isapi/maintenance.ts, firmware.ts, configuration-data.ts).
import { IsapiError, isapi, parseXml, textOf } from "../isapi.js";
import { refusalText } from "../password-rules.js";
import { confirmDialog } from "./confirm-dialog.js";
import { awaitRestart, progressBlock } from "./restart-progress.js";

const UPGRADE_POLL_MS = 1000;

function panel(container, title, intro) {
  const section = document.createElement("section");
  section.className = "panel";
  const heading = document.createElement("h2");
  heading.id = `maintenance-${title.toLowerCase().replace(/\W+/g, "-")}`;
  heading.textContent = title;
  section.setAttribute("aria-labelledby", heading.id);
  section.append(heading);
  if (intro) {
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = intro;
    section.append(p);
  }
  container.append(section);
  return section;
}

function button(parent, label, className) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  if (className) b.className = className;
  parent.append(b);
  return b;
}

function fileRow(parent, id, label, accept) {
  const row = document.createElement("div");
  row.className = "row";
  const l = document.createElement("label");
  l.htmlFor = id;
  l.textContent = label;
  const input = document.createElement("input");
  input.type = "file";
  input.id = id;
  if (accept) input.accept = accept;
  row.append(l, input);
  parent.append(row);
  return { row, input };
}

function deviceRefusal(error) {
  return error instanceof IsapiError ? refusalText(error) : "The device does not answer.";
}

/** `?secretkey=…` for the configuration file's optional encryption key (configuration-data.ts). */
function keyQuery(input) {
  return input.value === "" ? "" : `?secretkey=${encodeURIComponent(input.value)}`;
}

export default {
  id: "maintenance",
  group: "System",
  title: "Upgrade & Maintenance",
  render(container, context) {
    const message = document.createElement("p");
    message.className = "message";
    message.setAttribute("role", "alert");
    message.id = "maintenance-message";
    const say = (text, kind = "error") => {
      message.textContent = text;
      message.dataset.kind = kind;
    };
    const controls = [];
    const busy = (on) => controls.forEach((c) => (c.disabled = on));

    const reboot = panel(container, "Reboot", "Restart the device.");
    const rebootButton = button(reboot, "Reboot");

    const defaults = panel(container, "Default");
    const restoreRow = document.createElement("p");
    const restoreButton = button(restoreRow, "Restore", "secondary");
    restoreRow.append(" Reset all parameters except network settings, user accounts and the admin password.");
    const defaultRow = document.createElement("p");
    const defaultButton = button(defaultRow, "Default", "danger");
    defaultRow.append(" Restore every setting to the factory state, including the admin password: the device must be activated again.");
    defaults.append(restoreRow, defaultRow);

    const config = panel(container, "Export and Import", "Export the device's configuration to a file, or import one (the device restarts afterwards).");
    const keyRow = document.createElement("div");
    keyRow.className = "row";
    const keyLabel = document.createElement("label");
    keyLabel.htmlFor = "config-key";
    keyLabel.textContent = "Encryption Key";
    const keyInput = document.createElement("input");
    keyInput.type = "password";
    keyInput.id = "config-key";
    keyInput.autocomplete = "off";
    keyInput.setAttribute("aria-describedby", "config-key-hint");
    const keyHint = document.createElement("span");
    keyHint.id = "config-key-hint";
    keyHint.className = "hint";
    keyHint.textContent = "Optional; an encrypted file needs the same key to import.";
    keyRow.append(keyLabel, keyInput, keyHint);
    config.append(keyRow);
    const exportButton = button(config, "Export");
    const importFile = fileRow(config, "config-file", "Configuration File");
    const importButton = button(importFile.row, "Import");

    const upgrade = panel(container, "Upgrade", "Upload a firmware file. The device writes it and restarts; do not power it off meanwhile.");
    const firmwareFile = fileRow(upgrade, "firmware-file", "Firmware File", ".dav,.bin");
    const upgradeButton = button(firmwareFile.row, "Upgrade");

    container.append(message);
    const progress = progressBlock(container);
    controls.push(rebootButton, restoreButton, defaultButton, exportButton, importButton, upgradeButton, importFile.input, firmwareFile.input, keyInput);

    /** Confirms, sends, and follows the device down and back to the login page. */
    const goingDown = async ({ title, text, send, reason, downText }) => {
      if (!(await confirmDialog(container, { title, text }))) return;
      say("");
      busy(true);
      try {
        progress.show("Sending the command…", undefined, "sending");
        await send();
      } catch (error) {
        progress.hide();
        say(deviceRefusal(error));
        busy(false);
        return;
      }
      await awaitRestart(progress, { reason, heartbeat: context.heartbeat, downText });
    };

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
        text: "Restore every parameter to the factory state, including the admin password? The device restarts inactive and must be activated again.",
        send: () => isapi("PUT", "/ISAPI/System/factoryReset?mode=full"),
        reason: "default",
        downText: "Restoring the factory state; the device is restarting…",
      }),
    );

    exportButton.addEventListener("click", async () => {
      say("");
      try {
        const { status, response } = await isapi("GET", `/ISAPI/System/configurationData${keyQuery(keyInput)}`, { raw: true });
        if (status < 200 || status >= 300) {
          const doc = parseXml(await response.text());
          throw new IsapiError(status, { statusString: textOf(doc, "statusString"), subStatusCode: textOf(doc, "subStatusCode"), errorMsg: textOf(doc, "errorMsg") });
        }
        const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "devCfg.bin";
        const url = URL.createObjectURL(await response.blob());
        const link = document.createElement("a");
        link.href = url;
        link.download = name;
        link.hidden = true;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        say(`Exported ${name}.`, "info");
      } catch (error) {
        say(deviceRefusal(error));
      }
    });

    importButton.addEventListener("click", () => {
      const file = importFile.input.files?.[0];
      if (!file) return say("Choose a configuration file first.");
      return goingDown({
        title: "Import",
        text: `Import ${file.name}? The device takes its settings and restarts.`,
        send: () => {
          const form = new FormData();
          form.append("configFile", file, file.name);
          return isapi("PUT", `/ISAPI/System/configurationData${keyQuery(keyInput)}`, { body: form });
        },
        reason: "reboot",
        downText: "Configuration imported; the device is restarting…",
      });
    });

    upgradeButton.addEventListener("click", async () => {
      const file = firmwareFile.input.files?.[0];
      if (!file) return say("Choose a firmware file first.");
      if (!(await confirmDialog(container, { title: "Upgrade", text: `Upgrade the firmware with ${file.name}? The device restarts afterwards; do not power it off.` }))) return;
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
      await awaitRestart(progress, { reason: "reboot", heartbeat: context.heartbeat, downText: "Firmware written; the device is restarting…" });
    });
  },
};
