// System → User Management: the device's users (GET /ISAPI/Security/users, hik-protocols.md
// §2.8) with Add, Modify and Delete. The device decides: only the administrator manages other
// users, `admin` is neither renamed nor deleted, new users are Operators or Viewers, every new
// password meets its rules, and the administrator's own password confirms a change
// (`loginPassword`, where the firmware asks for it). Its refusals are shown as it words them.
import { isapi, elementsOf, textOf, xml, XML_HEAD, toLoginPage } from "../isapi.js";
import { RULES_TEXT, attachMeter } from "../password-rules.js";
import { element, field, textInput, select, messageLine, say, refusal, openDialog, pageError, panel } from "./form.js";

const LEVELS = [
  ["Operator", "Operator"],
  ["Viewer", "Viewer"],
];

async function listUsers() {
  const reply = await isapi("GET", "/ISAPI/Security/users");
  return elementsOf(reply.doc, "User").map((user) => ({ id: textOf(user, "id"), userName: textOf(user, "userName"), level: textOf(user, "userLevel") }));
}

/** Password + confirmation + meter, and the own-password confirmation. */
function passwordFields(userNameOf, { optional = false } = {}) {
  const password = field("Password", textInput("password", "", "password", { maxLength: 64 }));
  const meter = element("meter", { min: 0, max: 4, low: 2, high: 3, optimum: 4, value: 0 });
  meter.setAttribute("aria-label", "Password strength");
  const meterLabel = element("span");
  meterLabel.setAttribute("aria-live", "polite");
  attachMeter(password.input, meter, meterLabel, userNameOf);
  const confirm = field("Confirm", textInput("confirm", "", "password", { maxLength: 64 }));
  const own = field("Admin Password", textInput("loginPassword", "", "password", { maxLength: 64 }));
  own.input.autocomplete = "current-password";
  const hint = element("p", { className: "hint", textContent: optional ? `Leave the password empty to keep it. ${RULES_TEXT}` : RULES_TEXT });
  const nodes = [password.row, element("div", { className: "strength" }, [meter, meterLabel]), hint, confirm.row, own.row];
  const read = () => {
    if (password.input.value !== confirm.input.value) throw pageError("The passwords do not match.");
    if (!optional && password.input.value === "") throw pageError("Enter a password.");
    return { password: password.input.value, loginPassword: own.input.value };
  };
  return { nodes, read };
}

function userBody(fields) {
  return XML_HEAD + xml("User", fields.filter(([, value]) => value !== undefined && value !== ""));
}

function addDialog(refresh) {
  const name = field("User Name", textInput("userName", "", "text", { maxLength: 32 }));
  const level = field("Level", select("userLevel", LEVELS, "Operator"));
  const passwords = passwordFields(() => name.input.value);
  return openDialog("Add User", [name.row, level.row, ...passwords.nodes], async () => {
    const { password, loginPassword } = passwords.read();
    await isapi("POST", "/ISAPI/Security/users", { body: userBody([["userName", name.input.value.trim()], ["password", password], ["userLevel", level.input.value], ["loginPassword", loginPassword]]) });
    await refresh(`User ${name.input.value.trim()} added.`);
  });
}

function modifyDialog(user, refresh, self) {
  const name = field("User Name", textInput("userName", user.userName, "text", { maxLength: 32 }));
  if (user.userName === "admin") name.input.readOnly = true;
  const levels = user.level === "Administrator" ? [["Administrator", "Administrator"]] : LEVELS;
  const level = field("Level", select("userLevel", levels, user.level));
  if (user.level === "Administrator") level.input.disabled = true;
  const passwords = passwordFields(() => name.input.value, { optional: true });
  return openDialog(`Modify User ${user.userName}`, [name.row, level.row, ...passwords.nodes], async () => {
    const { password, loginPassword } = passwords.read();
    const newName = name.input.value.trim();
    await isapi("PUT", `/ISAPI/Security/users/${encodeURIComponent(user.id)}`, {
      body: userBody([["id", user.id], ["userName", newName], ["password", password], ["userLevel", level.input.value], ["loginPassword", loginPassword]]),
    });
    // The device ended this user's sessions: one's own new password means logging in again.
    if (self && password) toLoginPage("passwordReset");
    else await refresh(`User ${newName} modified.`);
  });
}

function deleteDialog(user, refresh) {
  const text = element("p", { textContent: `Delete the user ${user.userName}?` });
  return openDialog("Delete User", [text], async () => {
    await isapi("DELETE", `/ISAPI/Security/users/${encodeURIComponent(user.id)}`);
    await refresh(`User ${user.userName} deleted.`);
  }, "Delete");
}

export default {
  id: "user",
  group: "System",
  title: "User Management",
  async render(container, context) {
    const status = messageLine("status");
    const table = element("table", { className: "users" });
    const add = element("button", { type: "button", textContent: "Add" });
    container.append(panel(undefined, [element("div", { className: "buttons" }, [add]), table, status]));

    const refresh = async (notice) => {
      let users;
      try {
        users = await listUsers();
      } catch (error) {
        say(status, refusal(error));
        return;
      }
      const me = users.find((u) => u.userName === context.session.user);
      const administrator = me?.level === "Administrator";
      add.hidden = !administrator;
      table.replaceChildren();
      const head = table.createTHead().insertRow();
      for (const text of ["No.", "User Name", "Level", ""]) head.append(element("th", { scope: "col", textContent: text }));
      const body = table.createTBody();
      users.forEach((user, index) => {
        const row = body.insertRow();
        row.dataset.user = user.userName;
        row.insertCell().textContent = String(index + 1);
        row.insertCell().textContent = user.userName;
        row.insertCell().textContent = user.level;
        const actions = row.insertCell();
        const modify = element("button", { type: "button", className: "secondary", textContent: "Modify" });
        modify.setAttribute("aria-label", `Modify ${user.userName}`);
        modify.addEventListener("click", () => void modifyDialog(user, refresh, user.userName === context.session.user));
        actions.append(modify);
        if (administrator && user.userName !== "admin") {
          const remove = element("button", { type: "button", className: "danger", textContent: "Delete" });
          remove.setAttribute("aria-label", `Delete ${user.userName}`);
          remove.addEventListener("click", () => void deleteDialog(user, refresh));
          actions.append(" ", remove);
        }
      });
      if (notice) say(status, notice, "info");
      else say(status, "");
    };
    add.addEventListener("click", () => void addDialog(refresh));
    await refresh();
  },
};
