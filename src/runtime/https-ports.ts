import type { FleetConfig } from "../config/fleet-config.js";
import type { HttpsPorts } from "../http/tls-listener.js";

/** The HTTPS port of the captures (adminAccesses HTTPS portNo 443, hik-protocols.md §0). */
const HTTPS_PORT = 443;
/** Where HTTPS goes when 443 is refused (no privileges), beside HTTP's 8080 (our choice). */
const HTTPS_FALLBACK_PORT = 8443;

/**
 * The HTTPS port the fleet gives every device until it sets its own (issue #10): the fleet file's
 * `https.port` / `https.fallbackPort`; otherwise 443 and 8443 — and the OS's pick (0) where HTTP
 * takes the OS's pick too, so a fleet on port 0 (tests) never binds a fixed port.
 */
export function fleetHttpsPorts(config: Pick<FleetConfig, "httpPort" | "httpFallbackPort" | "httpsPort" | "httpsFallbackPort">): HttpsPorts {
  return {
    preferred: config.httpsPort ?? (config.httpPort === 0 ? 0 : HTTPS_PORT),
    fallback: config.httpsFallbackPort ?? (config.httpFallbackPort === 0 || config.httpPort === 0 ? 0 : HTTPS_FALLBACK_PORT),
  };
}
