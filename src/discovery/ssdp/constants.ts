/** SSDP's port and IPv4 group (UDA 1.0 §1.1.2), shared by the responder and the discover client. */
export const SSDP_PORT = 1900;
export const SSDP_GROUP = "239.255.255.250";
