import { RouteTable } from "../router.js";
import { activationRoutes } from "./activation.js";
import { systemRoutes } from "./system.js";
import { securityRoutes } from "./security.js";
import { maintenanceRoutes } from "./maintenance.js";
import { upnpRoutes } from "../upnp-description.js";
import { networkRoutes } from "./network.js";
import { userRoutes } from "./users.js";
import { sessionRoutes } from "./session.js";
import { illegalLoginLockRoutes } from "./illegal-login-lock.js";
import { securityAuthRoutes } from "./security-auth.js";
import { ipFilterRoutes } from "./ip-filter.js";
import { configurationDataRoutes } from "./configuration-data.js";
import { resourceRoutes } from "./resources.js";
import { motionDetectionRoutes } from "./motion-detection.js";
import { httpHostRoutes } from "./http-hosts.js";
import { logSearchRoutes } from "./log-search.js";
import { pictureRoutes } from "./picture.js";
import { alertStreamRoutes } from "./alert-stream.js";
import { systemTimeRoutes } from "./system-time.js";
import { systemStatusRoutes } from "./system-status.js";
import { systemCapabilitiesRoutes } from "./system-capabilities.js";
import { networkInterfaceRoutes } from "./network-interfaces.js";
import { firmwareRoutes } from "./firmware.js";
import { guidQuestionRoutes } from "./recovery-guid-questions.js";
import { recoveryEmailRoutes } from "./recovery-email.js";

/** Every ISAPI resource hikemu serves, and the UPnP description SSDP points at; one table for the fleet. */
export function isapiRoutes(): RouteTable {
  return new RouteTable().add(
    ...activationRoutes,
    ...systemRoutes,
    ...securityRoutes,
    ...securityAuthRoutes,
    ...sessionRoutes,
    ...userRoutes,
    ...illegalLoginLockRoutes,
    ...maintenanceRoutes,
    ...configurationDataRoutes,
    ...networkRoutes,
    ...ipFilterRoutes,
    ...resourceRoutes,
    ...motionDetectionRoutes,
    ...httpHostRoutes,
    ...logSearchRoutes,
    ...pictureRoutes,
    ...alertStreamRoutes,
    // Issue #10 system resources: the device clock, status, capabilities, network interfaces.
    ...systemTimeRoutes,
    ...systemStatusRoutes,
    ...systemCapabilitiesRoutes,
    ...networkInterfaceRoutes,
    ...firmwareRoutes,
    // Issue #11: security questions and the GUID file.
    ...guidQuestionRoutes,
    // Issue #11: reserved e-mail and the QR forgot-password path.
    ...recoveryEmailRoutes,
    ...upnpRoutes,
  );
}
