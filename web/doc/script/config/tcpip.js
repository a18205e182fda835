// Network → TCP/IP: the IPv4 settings of the device's one interface (GET/PUT
// /ISAPI/System/Network/interfaces/1, hik-protocols.md §2.7). The device does not reboot for a
// change: it answers at the old address and moves, so the page says where to reconnect.
import { isapi, textOf, xml, XML_HEAD } from "../isapi.js";
import { element, field, textInput, messageLine, say, refusal, panel } from "./form.js";

const INTERFACE = "/ISAPI/System/Network/interfaces/1";

export default {
  id: "tcpip",
  group: "Network",
  title: "TCP/IP",
  async render(container) {
    const reply = await isapi("GET", INTERFACE);
    const doc = reply.doc;
    const dhcp = element("input", { type: "checkbox", name: "dhcp", checked: textOf(doc, "addressingType") === "dynamic" });
    const dhcpField = field("DHCP", dhcp);
    const address = field("IPv4 Address", textInput("ipAddress", textOf(doc, "ipAddress") ?? ""));
    const mask = field("IPv4 Subnet Mask", textInput("subnetMask", textOf(doc, "subnetMask") ?? ""));
    const gatewayNode = doc.getElementsByTagNameNS("*", "DefaultGateway")[0];
    const gateway = field("IPv4 Default Gateway", textInput("gateway", textOf(gatewayNode, "ipAddress") ?? ""));
    const mac = field("MAC Address", textInput("mac", textOf(doc, "MACAddress") ?? "", "text", { readOnly: true }));
    const primaryDns = field("Preferred DNS Server", textInput("primaryDns", textOf(doc.getElementsByTagNameNS("*", "PrimaryDNS")[0], "ipAddress") ?? "", "text", { readOnly: true }));
    const secondaryDns = field("Alternate DNS Server", textInput("secondaryDns", textOf(doc.getElementsByTagNameNS("*", "SecondaryDNS")[0], "ipAddress") ?? "", "text", { readOnly: true }));
    const dnsHint = element("p", { className: "hint", textContent: "The DNS servers follow the gateway on this device (not settable)." });
    const sync = () => {
      for (const input of [address.input, mask.input, gateway.input]) input.disabled = dhcp.checked;
    };
    dhcp.addEventListener("change", sync);
    sync();

    const status = messageLine("status");
    const errors = messageLine("alert");
    const save = element("button", { type: "submit", textContent: "Save" });
    const form = element("form", { noValidate: true }, [dhcpField.row, address.row, mask.row, gateway.row, mac.row, primaryDns.row, secondaryDns.row, dnsHint, element("div", { className: "buttons" }, [save]), errors, status]);
    const before = address.input.value;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      say(status, "");
      say(errors, "");
      save.disabled = true;
      const ipFields = dhcp.checked
        ? [["addressingType", "dynamic"]]
        : [
            ["addressingType", "static"],
            ["ipAddress", address.input.value.trim()],
            ["subnetMask", mask.input.value.trim()],
            xml("DefaultGateway", [["ipAddress", gateway.input.value.trim()]]),
          ];
      const body = XML_HEAD + xml("NetworkInterface", [["id", "1"], xml("IPAddress", ipFields)]);
      try {
        await isapi("PUT", INTERFACE, { body });
        const next = dhcp.checked ? undefined : address.input.value.trim();
        if (next && next !== before) {
          const port = location.port ? `:${location.port}` : "";
          const url = `${location.protocol}//${next}${port}/`;
          say(status, `Saved. The device now uses ${next}; reconnect at that address: ${url}`, "info");
          status.dataset.moved = next;
        } else say(status, "Saved.", "info");
      } catch (error) {
        say(errors, refusal(error));
      } finally {
        save.disabled = false;
      }
    });
    container.append(panel(undefined, [form]));
  },
};
