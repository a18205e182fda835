// A modal confirmation (<dialog>, showModal): resolves true for OK, false for Cancel or Escape.
let count = 0;

export function confirmDialog(parent, { title, text, ok = "OK" }) {
  const dialog = document.createElement("dialog");
  const id = `confirm-title-${++count}`;
  dialog.setAttribute("aria-labelledby", id);
  const heading = document.createElement("h2");
  heading.id = id;
  heading.textContent = title;
  const body = document.createElement("p");
  body.textContent = text;
  const buttons = document.createElement("div");
  buttons.className = "dialog-buttons";
  const yes = document.createElement("button");
  yes.type = "button";
  yes.textContent = ok;
  const no = document.createElement("button");
  no.type = "button";
  no.className = "secondary";
  no.textContent = "Cancel";
  buttons.append(yes, no);
  dialog.append(heading, body, buttons);
  parent.append(dialog);
  return new Promise((resolve) => {
    const finish = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    yes.addEventListener("click", () => finish(true));
    no.addEventListener("click", () => finish(false));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      finish(false);
    });
    dialog.showModal();
    no.focus();
  });
}
