// Network → Port: the HTTP, HTTPS, RTSP and server (SDK, DEV_MANAGE) ports of
// /ISAPI/Security/adminAccesses (hik-protocols.md §2.7). A change takes effect at the next boot:
// the device answers statusCode 7 (Reboot Required) and the page says so.
import { isapi, elementsOf, textOf, xml, XML_HEAD } from "../isapi.js";
import { element, field, textInput, messageLine, say, refusal, panel } from "./form.js";

const LIST = "/ISAPI/Security/adminAccesses";
/** The protocols the page shows, with the devices' labels. */
const SHOWN = [
  ["HTTP", "HTTP Port"],
  ["HTTPS", "HTTPS Port"],
  ["RTSP", "RTSP Port"],
  ["DEV_MANAGE", "Server Port"],
];

export default {
  id: "port",
  group: "Network",
  title: "Port",
  async render(container) {
    const reply = await isapi("GET", LIST);
    const entries = elementsOf(reply.doc, "AdminAccessProtocol").map((node) => ({ id: textOf(node, "id"), protocol: textOf(node, "protocol"), portNo: textOf(node, "portNo") }));
    const inputs = [];
    const rows = [];
    for (const [protocol, label] of SHOWN) {
      const entry = entries.find((e) => e.protocol?.toUpperCase() === protocol);
      if (!entry || entry.portNo === undefined) continue;
      const input = textInput(protocol, entry.portNo, "number", { min: 1, max: 65535 });
      inputs.push({ entry, input });
      rows.push(field(label, input).row);
    }
    const status = messageLine("status");
    const errors = messageLine("alert");
    const save = element("button", { type: "submit", textContent: "Save" });
    const form = element("form", { noValidate: true }, [...rows, element("div", { className: "buttons" }, [save]), errors, status]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      say(status, "");
      say(errors, "");
      save.disabled = true;
      const body = XML_HEAD + xml("AdminAccessProtocolList", inputs.map(({ entry, input }) => xml("AdminAccessProtocol", [["id", entry.id], ["protocol", entry.protocol], ["portNo", input.value.trim()]])));
      try {
        const answer = await isapi("PUT", LIST, { body });
        const code = textOf(answer.doc, "statusCode");
        say(status, code === "7" ? "Saved. The new ports take effect after the device reboots (Reboot Required)." : "Saved.", "info");
      } catch (error) {
        say(errors, refusal(error));
      } finally {
        save.disabled = false;
      }
    });
    container.append(panel(undefined, [form]));
  },
};
