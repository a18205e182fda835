// Upgrade & Maintenance: configuration export (a download) and import (the device restarts),
// with the optional encryption key (src/http/isapi/configuration-data.ts).
import { IsapiError, isapi, parseXml, textOf } from "../isapi.js";
import { button, deviceRefusal, fileRow, panel } from "./maintenance-shell.js";

/** `?secretkey=…` for the configuration file's optional encryption key (configuration-data.ts). */
function keyQuery(input) {
  return input.value === "" ? "" : `?secretkey=${encodeURIComponent(input.value)}`;
}

/** Builds the Export and Import panel; `wire(shell)` connects its buttons. */
export function configurationPanel(container) {
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

  const wire = ({ say, goingDown }) => {
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
  };
  return { controls: [exportButton, importButton, importFile.input, keyInput], wire };
}
