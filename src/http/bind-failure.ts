/** Why binding an address failed, in a listing's words. */
export function bindFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRNOTAVAIL") return "not an address of this host";
  if (code === "EADDRINUSE") return "address and port in use by another program";
  if (code === "EACCES") return "a privileged port this process may not bind";
  return code ?? (error as Error).message;
}
