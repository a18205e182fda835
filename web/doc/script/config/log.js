// System → Maintenance → Log: the device log search (POST /ISAPI/ContentMgmt/logSearch,
// src/http/isapi/log-search.ts). Times without a zone are the device's own (its local time).
import { isapi, textOf, elementsOf, xml, XML_HEAD, IsapiError } from "../isapi.js";
import { refusalText } from "../password-rules.js";

const PAGE_SIZE = 100;

const MAJOR_TYPES = [
  ["", "All Types"],
  ["Alarm", "Alarm"],
  ["Exception", "Exception"],
  ["Operation", "Operation"],
  ["Infomation", "Information"],
];

const COLUMNS = ["No.", "Major Type", "Minor Type", "Time", "User", "Remote Host IP", "Parameter Type", "Information"];

function field(parent, id, label, control) {
  const row = document.createElement("div");
  row.className = "row";
  const l = document.createElement("label");
  l.htmlFor = id;
  l.textContent = label;
  control.id = id;
  row.append(l, control);
  parent.append(row);
  return control;
}

function timeInput() {
  const input = document.createElement("input");
  input.type = "datetime-local";
  input.step = "1";
  return input;
}

/** `2026-01-01T12:00` or with seconds, as the device takes it (its own zone). */
function searchTime(value) {
  return value.length === 16 ? `${value}:00` : value;
}

/** A GUID as the devices' own page sends (crypto.randomUUID needs a secure context; plain HTTP is not one). */
function searchId() {
  const hex = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export default {
  id: "log",
  group: "System",
  title: "Log",
  async render(container) {
    const form = document.createElement("form");
    form.className = "panel";
    form.setAttribute("aria-label", "Log search");
    const major = document.createElement("select");
    for (const [value, label] of MAJOR_TYPES) major.append(new Option(label, value));
    field(form, "log-major", "Major Type", major);
    const start = field(form, "log-start", "Start Time", timeInput());
    const end = field(form, "log-end", "End Time", timeInput());
    const search = document.createElement("button");
    search.type = "submit";
    search.textContent = "Search";
    form.append(search);
    const message = document.createElement("p");
    message.className = "message";
    message.setAttribute("role", "alert");
    form.append(message);
    container.append(form);

    const results = document.createElement("section");
    results.className = "panel log-results";
    results.setAttribute("aria-label", "Log results");
    const summary = document.createElement("p");
    summary.setAttribute("role", "status");
    summary.id = "log-summary";
    const table = document.createElement("table");
    table.id = "log-table";
    const caption = table.createCaption();
    caption.textContent = "Log";
    const head = table.createTHead().insertRow();
    for (const name of COLUMNS) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.append(th);
    }
    const body = table.createTBody();
    const more = document.createElement("button");
    more.type = "button";
    more.className = "secondary";
    more.textContent = "More";
    more.hidden = true;
    results.append(summary, table, more);
    container.append(results);

    // Today on the device's clock: 00:00:00 to 23:59:59 (as the devices' own log page starts).
    try {
      const time = await isapi("GET", "/ISAPI/System/time");
      const day = (textOf(time.doc, "localTime") ?? "").slice(0, 10);
      if (/^\d{4}-\d{2}-\d{2}$/.test(day)) {
        start.value = `${day}T00:00:00`;
        end.value = `${day}T23:59:59`;
      }
    } catch {
      // No time resource: the range stays open (any time).
    }

    let query;
    const fetchPage = async (position) => {
      const spans = query.start || query.end ? [xml("timeSpanList", [xml("timeSpan", [["startTime", searchTime(query.start || "1970-01-01T00:00:00")], ["endTime", searchTime(query.end || "2037-12-31T23:59:59")]])])] : [];
      const request =
        XML_HEAD +
        xml(
          "CMSearchDescription",
          [["searchID", query.id], ...spans, ["maxResults", String(PAGE_SIZE)], ["searchResultPostion", String(position)], ["metaId", query.major ? `log.std-cgi.com/${query.major}` : "log.std-cgi.com"]],
          'version="1.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"',
        );
      const reply = await isapi("POST", "/ISAPI/ContentMgmt/logSearch", { body: request });
      const items = elementsOf(reply.doc, "logDescriptor");
      for (const item of items) {
        const row = body.insertRow();
        const [, majorType = "", minorType = ""] = (textOf(item, "metaId") ?? "").split("/");
        const values = [String(body.rows.length), majorType === "Infomation" ? "Information" : majorType, minorType, textOf(item, "StartDateTime"), textOf(item, "userName"), textOf(item, "ipAddress"), textOf(item, "paraType"), textOf(item, "additionInformation")];
        values.forEach((value, i) => {
          const cell = row.insertCell();
          cell.textContent = value ?? "";
          cell.dataset.column = ["number", "major", "minor", "time", "user", "ip", "paraType", "info"][i];
        });
      }
      const status = textOf(reply.doc, "responseStatusStrg");
      const total = textOf(reply.doc, "totalMatches");
      query.position = position + items.length;
      more.hidden = status !== "MORE";
      summary.textContent = body.rows.length === 0 ? "No matching log entries." : `${body.rows.length}${total ? ` of ${total}` : ""} log entries${status === "MORE" ? "; more follow" : ""}.`;
    };
    const run = async (position) => {
      message.textContent = "";
      search.disabled = more.disabled = true;
      try {
        await fetchPage(position);
      } catch (error) {
        message.textContent = error instanceof IsapiError ? refusalText(error) : "The device does not answer.";
      } finally {
        search.disabled = more.disabled = false;
        results.dataset.searched = "true";
      }
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      body.replaceChildren();
      delete results.dataset.searched;
      query = { id: searchId(), major: major.value, start: start.value, end: end.value, position: 0 };
      void run(0);
    });
    more.addEventListener("click", () => void run(query.position));
  },
};
