/** E-mail addresses as the reserved e-mail (issue #11) and the fleet configuration read and show them. */

/**
 * An address as the reserved e-mail accepts it: local@domain.tld, printable ASCII, no spaces,
 * at most 64 characters (our choice; SecurityEmailCap is not captured).
 */
export function isEmailAddress(text: string): boolean {
  return text.length <= 64 && /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(text);
}

/** `a***@example.com`: where a code was sent, without giving the address away. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "***";
  return `${address[0]}***${address.slice(at)}`;
}
