// config.asp: Configuration, one section per `#id` (left menu grouped as on the devices:
// System, Network, Security). Each section module renders into the content area and talks to
// the device only through ISAPI (isapi.js).
import { isapi, textOf } from "./isapi.js";
import { requireSession, startHeartbeat, logOut } from "./session.js";
import { SECTIONS, GROUPS } from "./config/sections.js";
import { offerRecoverySetup } from "./config/recovery-setup.js";

const $ = (id) => document.getElementById(id);

async function deviceInfo() {
  const reply = await isapi("GET", "/ISAPI/System/deviceInfo");
  const field = (name) => textOf(reply.doc, name) ?? "";
  return { model: field("model"), serialNumber: field("serialNumber"), deviceName: field("deviceName"), firmwareVersion: field("firmwareVersion"), deviceType: field("deviceType"), macAddress: field("macAddress") };
}

function buildMenu(sections, current) {
  const side = $("side");
  side.replaceChildren();
  for (const group of GROUPS) {
    const inGroup = sections.filter((s) => s.group === group);
    if (inGroup.length === 0) continue;
    const heading = document.createElement("h2");
    heading.textContent = group;
    side.append(heading);
    for (const section of inGroup) {
      const link = document.createElement("a");
      link.href = `#${section.id}`;
      link.textContent = section.title;
      if (section.id === current) link.setAttribute("aria-current", "page");
      side.append(link);
    }
  }
}

async function main() {
  const session = requireSession();
  if (!session) return;
  const heartbeat = startHeartbeat();
  $("user").textContent = session.user;
  $("logout").addEventListener("click", () => logOut());
  const device = await deviceInfo();
  $("device-model").textContent = device.model;
  const context = { device, session, heartbeat };
  const available = [];
  for (const section of SECTIONS) if (!section.available || (await section.available(context))) available.push(section);

  const render = async () => {
    const id = location.hash.slice(1) || available[0].id;
    const section = available.find((s) => s.id === id) ?? available[0];
    buildMenu(available, section.id);
    const content = $("content");
    content.replaceChildren();
    content.dataset.section = section.id;
    delete content.dataset.ready;
    const title = document.createElement("h1");
    title.textContent = section.title;
    content.append(title);
    document.title = `${section.title} - Configuration`;
    // Every page switch also tells whether the session is still alive.
    await heartbeat.beat();
    await section.render(content, context);
    content.dataset.ready = "true";
  };
  window.addEventListener("hashchange", () => void render());
  await render();
  // `data-offer`: pending → open (the recovery setup dialog shows) → done, or pending → done.
  document.body.dataset.offer = "pending";
  document.body.dataset.ready = "true";
  await offerRecoverySetup(context, () => (document.body.dataset.offer = "open"));
  document.body.dataset.offer = "done";
}

main();
