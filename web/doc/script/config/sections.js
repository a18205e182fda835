// The Configuration menu: one entry per section module, in menu order within its group.
// A section is { id, group, title, render(container, context), available?(context) }.
import deviceInformation from "./device-information.js";
import maintenance from "./maintenance.js";
import log from "./log.js";
import user from "./users.js";
import tcpip from "./tcpip.js";
import port from "./port.js";
import securityQuestion from "./security-question.js";
import reservedEmail from "./reserved-email.js";
import guid from "./guid.js";

export const GROUPS = ["System", "Network", "Security"];

export const SECTIONS = [
  deviceInformation,
  maintenance,
  log,
  user,
  tcpip,
  port,
  securityQuestion,
  reservedEmail,
  guid,
];
