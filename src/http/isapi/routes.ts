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
import { firmwareRoutes } from "./firmware.js";

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
    ...networkRoutes,
    ...ipFilterRoutes,
    ...firmwareRoutes,
    ...upnpRoutes,
  );
}
