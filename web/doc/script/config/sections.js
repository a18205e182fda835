// The Configuration menu: one entry per section module, in menu order within its group.
// A section is { id, group, title, render(container, context), available?(context) }.
import deviceInformation from "./device-information.js";

export const GROUPS = ["System", "Network", "Security"];

export const SECTIONS = [
  deviceInformation,
];
