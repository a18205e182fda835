import type { Measured, ThroughputOptions } from "./throughput.js";

interface CaseLike {
  readonly label: string;
  readonly baseline?: string;
}

const spread = (values: readonly number[], digits: number): string => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const fmt = (v: number) => v.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return sorted.length > 1 ? `${fmt(median)} (${fmt(sorted[0]!)}–${fmt(sorted[sorted.length - 1]!)})` : fmt(median);
};

/** Markdown for the HTTP section: medians with min–max over repetitions, ratios per repetition. */
export function throughputReport(cases: readonly CaseLike[], runs: Map<string, Measured[]>, options: ThroughputOptions): string[] {
  const rows = cases.map((c) => {
    const mine = runs.get(c.label) ?? [];
    const base = c.baseline ? (runs.get(c.baseline) ?? []) : undefined;
    const ratio = (f: (m: Measured) => number) => (base ? spread(mine.map((m, i) => f(m) / f(base[i]!)), 2) : "1.00");
    return `| ${c.baseline ? "" : "baseline: "}${c.label} | ${spread(mine.map((m) => m.rps), 0)} | ${ratio((m) => m.rps)} | ${spread(mine.map((m) => m.p99), 0)} | ${ratio((m) => m.p99 || 1)} | ${spread(mine.map((m) => m.serverMicros), 1)} | ${ratio((m) => m.serverMicros)} | ${spread(mine.map((m) => m.generatorCpu * 100), 0)} % |`;
  });
  const generatorBound = cases.filter((c) => (runs.get(c.label) ?? []).some((m) => m.generatorCpu > 0.9)).map((c) => c.label);
  return [
    `### HTTP hot path (autocannon, ${options.connections} keep-alive connections, ${options.seconds} s a run, ${options.repetitions} interleaved repetition${options.repetitions > 1 ? "s" : ""}; median (min–max))`,
    "",
    "| Request | req/s | ratio to its baseline | p99 ms | p99 ratio | server CPU µs/req | CPU ratio | load generator CPU |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "Each server and the load generator run in processes of their own; server CPU is that process's",
    "user + system time over the run divided by the requests answered. Digest loads take one nonce per",
    "connection and count `nc` up per request (no replays). Baselines serve the very bytes hikemu sends.",
    generatorBound.length > 0
      ? `The load generator used a full core (> 90 %) in: ${generatorBound.join("; ")}. There the generator, not the server, sets req/s, and the server-CPU ratio is the figure to read.`
      : "The load generator stayed below a full core in every run, so req/s is set by the servers.",
  ];
}
