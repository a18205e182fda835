// System → System Settings → Basic Information: what deviceInfo says.
import { isapi, textOf } from "../isapi.js";

const FIELDS = [
  ["deviceName", "Device Name"],
  ["model", "Model"],
  ["serialNumber", "Serial No."],
  ["firmwareVersion", "Firmware Version"],
  ["encoderVersion", "Encoding Version"],
  ["macAddress", "MAC Address"],
];

export default {
  id: "basicInformation",
  group: "System",
  title: "Basic Information",
  async render(container) {
    const reply = await isapi("GET", "/ISAPI/System/deviceInfo");
    const panel = document.createElement("section");
    panel.className = "panel";
    const table = document.createElement("table");
    for (const [name, label] of FIELDS) {
      const row = table.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      row.append(th);
      const cell = row.insertCell();
      cell.textContent = textOf(reply.doc, name) ?? "";
      cell.dataset.field = name;
    }
    panel.append(table);
    container.append(panel);
  },
};
