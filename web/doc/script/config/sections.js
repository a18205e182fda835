// The Configuration menu: one entry per section module, in menu order within its group.
// A section is { id, group, title, render(container, context), available?(context) }.
import deviceInformation from "./device-information.js";
// Upgrade & Maintenance and Log (issue #12, maintenance helper)
import maintenance from "./maintenance.js";
import log from "./log.js";

export const GROUPS = ["System", "Network", "Security"];

export const SECTIONS = [
  deviceInformation,
  maintenance,
  log,
];
