/** hikemu's own look: slate bar, teal accent, plain table. No vendor colours or marks. */
export const CONSOLE_CSS = String.raw`
:root { --ink: #17202a; --muted: #5d6b78; --line: #d5dce3; --paper: #f4f6f8; --card: #fff;
  --accent: #0f8f7e; --accent-ink: #fff; --warn: #b4540a; --bad: #b3261e; --good: #1b7f3b; --bar: #15222e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--ink); background: var(--paper); }
.bar { display: flex; align-items: center; justify-content: space-between; gap: 1rem;
  padding: .6rem 1.2rem; background: var(--bar); color: #e8eef3; }
.bar h1 { display: flex; align-items: center; gap: .5rem; margin: 0; font-size: 1.25rem; letter-spacing: .02em; }
.bar h1 span { font-weight: 400; color: #9fb3c4; }
.link { margin: 0; font-size: .85rem; }
.link::before { content: ""; display: inline-block; width: .6rem; height: .6rem; margin-right: .4rem; border-radius: 50%; background: #888; }
.link[data-state="live"]::before { background: #3ccf8e; }
.link[data-state="down"]::before { background: #e0714f; }
main { max-width: 1400px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; }
main > * { min-width: 0; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; }
.panel h2 { margin: 0 0 .5rem; font-size: 1rem; display: flex; align-items: center; gap: .6rem; }
.muted { color: var(--muted); font-weight: 400; }
.help { margin: 0 0 .6rem; color: var(--muted); }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 3px; padding: 0 .3rem; font: .8rem ui-monospace, monospace; background: var(--paper); }
code { font: .85rem ui-monospace, monospace; }
.problem { margin: 0; padding: .6rem 1rem; border-radius: 6px; background: #fdecea; color: var(--bad); border: 1px solid #f3c2bd; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 999px; font-size: .8rem; background: #e6ecf1; color: var(--ink); }
.badge.virtual { background: #e3f4f1; color: var(--accent); }
.clock-row { display: flex; align-items: baseline; gap: .8rem; flex-wrap: wrap; }
.clock-now { font: 600 1.6rem ui-monospace, monospace; }
.clock-advance { display: flex; align-items: center; gap: .5rem; flex-wrap: wrap; margin-top: .5rem; }
.inline { display: inline-flex; align-items: center; gap: .4rem; margin: 0; }
.inline input { width: 6rem; }
button { font: inherit; padding: .25rem .7rem; border: 1px solid #b8c3cd; border-radius: 4px; background: #fff; color: var(--ink); cursor: pointer; }
button:hover { background: #eef2f5; }
button:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button:disabled { color: #9aa5af; cursor: not-allowed; background: #f6f7f8; }
button.small { font-size: .75rem; padding: 0 .5rem; }
input { font: inherit; padding: .2rem .4rem; border: 1px solid #b8c3cd; border-radius: 4px; }
.scroll { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4rem .45rem; border-bottom: 1px solid var(--line); vertical-align: middle; white-space: nowrap; }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td small { display: block; color: var(--muted); font-size: .75rem; }
.name { font-weight: 600; }
.state { font-weight: 600; }
.state.off { color: var(--muted); }
.state.booting, .state.rebooting { color: var(--warn); }
.state.running { color: var(--good); }
.yes { color: var(--good); font-weight: 600; }
.no { color: var(--muted); }
.led { display: inline-flex; align-items: center; gap: .4rem; }
.led::before { content: ""; width: .8rem; height: .8rem; border-radius: 50%; border: 1px solid #6b7885; background: transparent; }
.led.steady::before { background: #2fbf71; border-color: #1d8a50; box-shadow: 0 0 4px #2fbf71; }
.led.flashing::before { background: #f0a020; border-color: #b67400; animation: blink .5s steps(1) infinite; }
@keyframes blink { 50% { background: transparent; box-shadow: none; } }
.ircut.click { animation: click 1s ease-out; }
@keyframes click { from { background: #fff3c4; } to { background: transparent; } }
.switch { min-width: 4.2rem; font-weight: 600; }
.switch[aria-checked="true"] { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
.reset { min-width: 8.5rem; user-select: none; touch-action: none; }
.reset[aria-pressed="true"] { background: #fff3c4; border-color: var(--warn); box-shadow: inset 0 2px 4px rgba(0,0,0,.2); }
.hold { display: flex; align-items: center; gap: .4rem; margin-top: .25rem; font: .78rem ui-monospace, monospace; color: var(--muted); }
.hold progress { width: 4.5rem; height: .6rem; }
.log { list-style: none; margin: 0; padding: 0; max-height: 18rem; overflow-y: auto; font: .82rem ui-monospace, monospace; }
.log li { padding: .15rem 0; border-bottom: 1px dotted var(--line); display: grid; grid-template-columns: 6.5rem 9rem 6rem 1fr; gap: .5rem; }
.log time { color: var(--muted); }
.log .dev { font-weight: 600; overflow: hidden; text-overflow: ellipsis; }
.log .type { color: var(--accent); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[hidden] { display: none !important; }
@media (prefers-reduced-motion: reduce) {
  .led.flashing::before { animation: none; background: repeating-linear-gradient(45deg, #f0a020 0 2px, transparent 2px 4px); }
  .ircut.click { animation: none; }
}
`;

/** The console's mark: a lens in a housing, drawn for hikemu. */
export const CONSOLE_ICON = String.raw`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect x="2" y="6" width="28" height="20" rx="5" fill="#0f8f7e"/>
<circle cx="16" cy="16" r="7" fill="#15222e"/>
<circle cx="16" cy="16" r="3.5" fill="#5fd3c1"/>
<circle cx="25" cy="10" r="1.5" fill="#e8eef3"/>
</svg>
`;
