// Security → Reserved E-mail (ISAPI developer guide §5.2): the address a password-reset code is
// mailed to, GET/PUT /ISAPI/Security/email/parameter?format=json. The device shows it masked.
import { isapi } from "../isapi.js";
import { element, field, textInput, pageError, panel, offered, savingForm } from "./form.js";

const PARAMETER = "/ISAPI/Security/email/parameter?format=json";

/** The masked address the device shows, or "" when none is set. */
export async function reservedEmail() {
  const reply = await isapi("GET", PARAMETER);
  return reply.json?.SecurityEmail?.SecurityInformation?.[0]?.emailAddress ?? "";
}

/** Address, and the admin password unless `withPassword` is false; `read(password?)` gives the PUT body. */
export function emailForm(withPassword = true) {
  const address = field("E-mail Address", textInput("emailAddress", "", "email", { maxLength: 64, autocomplete: "email" }));
  const own = field("Admin Password", textInput("password", "", "password", { maxLength: 64, autocomplete: "current-password" }));
  const read = (password = own.input.value) => {
    const value = address.input.value.trim();
    if (value === "") throw pageError("Enter an e-mail address.");
    return JSON.stringify({ SecurityEmail: { password, SecurityInformation: [{ emailAddress: value }] } });
  };
  const filled = () => address.input.value.trim() !== "";
  return { nodes: withPassword ? [address.row, own.row] : [address.row], read, filled };
}

export function saveEmail(body) {
  return isapi("PUT", PARAMETER, { body });
}

export default {
  id: "reservedEmail",
  group: "Security",
  title: "Reserved E-mail",
  available() {
    return offered("isSupportSecurityEmail", "/ISAPI/Security/email/parameter?format=json");
  },
  async render(container) {
    const current = element("p", { className: "hint" });
    const show = (masked) => {
      current.textContent = masked ? `Reserved e-mail: ${masked}` : "No reserved e-mail is set.";
      current.dataset.email = masked;
    };
    show(await reservedEmail());
    const form = emailForm();
    const formNode = savingForm(form.nodes, async () => {
      await saveEmail(form.read());
      show(await reservedEmail());
    });
    container.append(panel(undefined, [current, formNode]));
  },
};
