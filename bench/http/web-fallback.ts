/**
 * Issue #12: the web admin sits behind the fleet handler for paths outside the device API, so
 * the ISAPI hot path must not pay for it. Two emulator processes that differ only in that (web
 * admin mounted or not) answer the same requests, interleaved within each repetition; ratios
 * are taken within a repetition, whose order alternates. For information, the cost of a page of
 * the web admin.
 */
import { loadavg } from "node:os";
import { request } from "urllib";
import { PASSWORD, ServerProcess, measure, type Case, type Measured, type ThroughputOptions } from "./throughput.js";
import { median, spread } from "./report.js";

const INFO = "/ISAPI/System/deviceInfo";
const STATUS = "/SDK/activateStatus";
const PAGE = "/doc/page/login.asp";

export async function webFallbackBench(options: ThroughputOptions): Promise<string[]> {
  const bare = await ServerProcess.start({ mode: "hikemu", address: "127.47.0.20", password: PASSWORD, web: false });
  const web = await ServerProcess.start({ mode: "hikemu", address: "127.47.0.21", password: PASSWORD, web: true });
  // A second emulator without the web admin: the A/A pair shows the noise floor of this machine.
  const twin = await ServerProcess.start({ mode: "hikemu", address: "127.47.0.22", password: PASSWORD, web: false });
  // Pages on an emulator of their own: thousands of pages served leave a heap that slows the
  // next runs of the same process, which would blur the A/B above.
  const pages = await ServerProcess.start({ mode: "hikemu", address: "127.47.0.23", password: PASSWORD, web: true });
  const cases: Case[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  try {
    // Both answer the device API alike; only the one with the web admin serves pages.
    const [a, b] = await Promise.all([bare, web].map((s) => request(`${s.base}${INFO}`, { digestAuth: `admin:${PASSWORD}`, dataType: "text" })));
    if (a?.status !== 200 || b?.status !== 200 || String(a.data) !== String(b.data)) throw new Error("the two emulators answer deviceInfo differently");
    const [pageOff, pageOn] = await Promise.all([bare, web].map(async (s) => (await fetch(`${s.base}${PAGE}`)).status));
    if (pageOff === 200 || pageOn !== 200) throw new Error(`web admin mounted only on one: ${pageOff} / ${pageOn}`);

    const noWebInfo = "`GET /ISAPI/System/deviceInfo` (Digest), no web admin";
    const noWebStatus = "`GET /SDK/activateStatus` (no auth), no web admin";
    const webStatus = "`GET /SDK/activateStatus` (no auth), web admin mounted";
    const pagesStatus = "`GET /SDK/activateStatus` (no auth), the emulator that serves the page below";
    cases.push(
      { label: noWebInfo, server: bare, path: INFO, digest: true },
      { label: "`GET /ISAPI/System/deviceInfo` (Digest), web admin mounted", server: web, path: INFO, digest: true, baseline: noWebInfo },
      { label: "`GET /ISAPI/System/deviceInfo` (Digest), a second emulator without web admin (A/A control)", server: twin, path: INFO, digest: true, baseline: noWebInfo },
      { label: noWebStatus, server: bare, path: STATUS, digest: false },
      { label: webStatus, server: web, path: STATUS, digest: false, baseline: noWebStatus },
      { label: pagesStatus, server: pages, path: STATUS, digest: false },
      { label: `\`GET ${PAGE}\` (the login page, express static), for information`, server: pages, path: PAGE, digest: false, baseline: pagesStatus },
    );
    const runs = new Map<string, Measured[]>(cases.map((c) => [c.label, []]));
    // Every other repetition runs the list backwards, so neither server always goes first
    // (a run right after another one inherits its warm or cold state).
    for (let rep = 0; rep < options.repetitions; rep++) {
      for (const c of rep % 2 === 0 ? cases : [...cases].reverse()) runs.get(c.label)!.push(await measure(c, options));
    }
    return report(cases, runs, options, [loadBefore, loadavg()[0] ?? 0]);
  } finally {
    for (const server of [bare, web, twin, pages]) server.stop();
  }
}

function report(cases: readonly Case[], runs: Map<string, Measured[]>, options: ThroughputOptions, load: readonly number[]): string[] {
  const rows = cases.map((c) => {
    const mine = runs.get(c.label) ?? [];
    const base = c.baseline ? (runs.get(c.baseline) ?? []) : undefined;
    const ratio = (f: (m: Measured) => number) => (base ? spread(mine.map((m, i) => f(m) / f(base[i]!)), 2) : "1.00");
    return `| ${c.baseline ? "" : "baseline: "}${c.label} | ${spread(mine.map((m) => m.rps), 0)} | ${ratio((m) => m.rps)} | ${spread(mine.map((m) => m.serverMicros), 1)} | ${ratio((m) => m.serverMicros)} | ${spread(mine.map((m) => m.generatorCpu * 100), 0)} % |`;
  });
  const generatorBound = cases.filter((c) => (runs.get(c.label) ?? []).some((m) => m.generatorCpu > 0.9)).map((c) => c.label);
  const cpuRatio = (label: string) => {
    const c = cases.find((x) => x.label === label)!;
    const base = runs.get(c.baseline!) ?? [];
    return median((runs.get(label) ?? []).map((m, i) => m.serverMicros / base[i]!.serverMicros));
  };
  const verdicts = cases
    .filter((c) => c.label.endsWith("web admin mounted"))
    .map((c) => {
      const r = cpuRatio(c.label);
      return `- ${c.label}: server CPU per request ${r.toFixed(2)}× the same emulator without the web admin.`;
    });
  return [
    `### Web admin mounted: the ISAPI hot path (issue #12; autocannon, ${options.connections} keep-alive connections, ${options.seconds} s a run, ${options.repetitions} interleaved repetition${options.repetitions > 1 ? "s" : ""}; median (min–max))`,
    "",
    "| Request | req/s | ratio to its baseline | server CPU µs/req | CPU ratio | load generator CPU |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    "Every server is the emulator with one activated camera, in a process of its own; the pair compared differs only in",
    "whether the fleet handler has the web admin (one express app) as its fallback for paths outside",
    "`/ISAPI` and `/SDK`. The route table answers the device API before the fallback is considered, so",
    "its requests never enter express. The login page is measured on an emulator of its own with the web admin.",
    `One-minute load average of the machine before and after this section: ${load.map((l) => l.toFixed(1)).join(" / ")} (other work on the machine moves single runs; the min–max shows by how much).`,
    generatorBound.length > 0
      ? `The load generator used a full core (> 90 %) in: ${generatorBound.join("; ")}. There req/s is the generator's limit; read the server-CPU ratio.`
      : "The load generator stayed below a full core in every run, so req/s is set by the servers; server CPU per request agrees.",
    "",
    ...verdicts,
    `- A/A control, two emulators both without the web admin: ${cpuRatio(cases[2]!.label).toFixed(2)}× — differences of that size are this machine's noise, not the web admin.`,
    `- The login page through express costs ${cpuRatio(cases[6]!.label).toFixed(2)}× the server CPU of \`/SDK/activateStatus\` on the same emulator (a browser loads it once per visit).`,
  ];
}
