/**
 * MAC notations: the core keeps `aa:bb:cc:dd:ee:ff` (ISAPI macAddress), SADP writes
 * `aa-bb-cc-dd-ee-ff` (hik-protocols.md §1.4). Input may come in either, in any case.
 */
export function canonicalMac(mac: string): string {
  return mac.trim().toLowerCase().replaceAll("-", ":");
}

export function sadpMac(mac: string): string {
  return canonicalMac(mac).replaceAll(":", "-");
}
