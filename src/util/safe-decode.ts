/**
 * `decodeURIComponent` that does not throw: malformed percent-encoding (`%zz`, a cut-off
 * `%E0%A4%A`) gives `undefined`, and each caller decides what that means (keep the raw
 * text, skip the entry, refuse the request).
 */
export function safeDecodeURIComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
