// Security → GUID: exports the GUID file (POST /ISAPI/Security/GUIDFileData with the admin's
// own password, hik-protocols.md §2.8). The device answers the file; the page saves it through
// a Blob and <a download>, under the name the device gave in Content-Disposition.
import { isapi, xml, XML_HEAD } from "../isapi.js";
import { element, field, textInput, messageLine, say, refusal, panel, offered } from "./form.js";

function fileNameOf(response) {
  const disposition = response.headers.get("Content-Disposition") ?? "";
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? "GUID.xml";
}

export default {
  id: "guid",
  group: "Security",
  title: "GUID",
  available() {
    return offered("isSupportGUIDFileDataExport", "/ISAPI/Security/GUIDFileData");
  },
  async render(container) {
    const intro = element("p", { className: "hint", textContent: "The GUID file resets the admin password when it is forgotten. Exporting a new file voids the previous one. Keep it safe." });
    const own = field("Admin Password", textInput("password", "", "password", { maxLength: 64, autocomplete: "current-password" }));
    const exportButton = element("button", { type: "submit", textContent: "Export" });
    const status = messageLine("status");
    const errors = messageLine("alert");
    const form = element("form", { noValidate: true }, [own.row, element("div", { className: "buttons" }, [exportButton]), errors, status]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      say(status, "");
      say(errors, "");
      exportButton.disabled = true;
      try {
        const body = XML_HEAD + xml("LoginPassword", [["password", own.input.value]]);
        const reply = await isapi("POST", "/ISAPI/Security/GUIDFileData", { body });
        const name = fileNameOf(reply.response);
        const url = URL.createObjectURL(new Blob([reply.text], { type: "application/octet-stream" }));
        const link = element("a", { href: url, download: name, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        say(status, `Exported ${name}.`, "info");
      } catch (error) {
        say(errors, refusal(error));
      } finally {
        exportButton.disabled = false;
      }
    });
    container.append(panel(undefined, [intro, form]));
  },
};
