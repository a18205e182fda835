const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
type Unit = keyof typeof UNIT_SECONDS;
const ORDER: readonly Unit[] = ["d", "h", "m", "s"];

/**
 * Seconds in a duration as people write it: `90s`, `30m`, `1h30m`, `2d`, `1.5h`; a bare
 * number is seconds. Units run from days down to seconds, each at most once.
 */
export function parseDuration(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)];
  const units = parts.map((p) => p[2] as Unit);
  const wellFormed = parts.length > 0 && parts.map((p) => p[0]).join("") === text && units.every((u, i) => i === 0 || ORDER.indexOf(u) > ORDER.indexOf(units[i - 1] as Unit));
  if (!wellFormed) throw new Error(`expected a duration such as 90s, 30m, 1h30m or 2d (a bare number is seconds), got ${JSON.stringify(text)}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2] as Unit], 0);
}

/** `5400` → `1h30m`; the largest units first, seconds with up to three decimals. */
export function formatDuration(seconds: number): string {
  let rest = seconds;
  let text = "";
  for (const unit of ORDER) {
    const size = UNIT_SECONDS[unit];
    const whole = unit === "s" ? Math.round(rest * 1000) / 1000 : Math.floor(rest / size);
    if (whole > 0) text += `${whole}${unit}`;
    rest -= whole * size;
  }
  return text || "0s";
}
