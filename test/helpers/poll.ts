/**
 * Real-time polling for what another process or socket does (never for device logic, which
 * runs on the virtual clock): checks every `intervalMs` until `done` says so or `timeoutMs`
 * passes; resolves whether it did.
 */
export async function pollUntil(done: () => boolean | Promise<boolean>, timeoutMs = 5000, intervalMs = 20): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (performance.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
