/** The console's page: structure only; behaviour in app.js, look in console.css. */
export const CONSOLE_PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hikemu lab console</title>
<link rel="icon" href="/console/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/console/console.css">
<script type="module" src="/console/app.js"></script>
</head>
<body>
<header class="bar">
  <h1><img src="/console/icon.svg" alt="" width="28" height="28"> hikemu <span>lab console</span></h1>
  <p id="link" class="link" role="status" data-state="connecting">connecting…</p>
</header>
<main>
  <section id="token" class="panel token" hidden aria-labelledby="token-title">
    <h2 id="token-title">Control token</h2>
    <p>This control API needs its bearer token (printed by <code>hikemu start</code>). It is kept for this tab only.</p>
    <form id="token-form">
      <label for="token-input">Token</label>
      <input id="token-input" type="password" autocomplete="off" required>
      <button type="submit">Use token</button>
    </form>
  </section>

  <p id="problem" class="problem" role="alert" hidden></p>

  <section class="panel clock" aria-labelledby="clock-title">
    <h2 id="clock-title">Device clock</h2>
    <div class="clock-row">
      <output id="clock-now" class="clock-now" aria-live="off">--:--:--</output>
      <span id="clock-mode" class="badge">…</span>
      <span id="clock-date" class="muted"></span>
    </div>
    <div id="clock-advance" class="clock-advance" hidden>
      <span class="muted">Advance device time:</span>
      <button type="button" data-advance="10" aria-keyshortcuts="A">+10 s</button>
      <button type="button" data-advance="60" aria-keyshortcuts="M">+1 min</button>
      <button type="button" data-advance="600">+10 min</button>
      <form id="advance-form" class="inline">
        <label for="advance-seconds">seconds</label>
        <input id="advance-seconds" type="number" min="1" max="31622400" step="any" value="30" required>
        <button type="submit">Advance</button>
      </form>
    </div>
    <p id="clock-real" class="muted" hidden>Real clock: device time follows the host. Start hikemu with <code>--clock virtual</code> to step it.</p>
  </section>

  <section class="panel" aria-labelledby="fleet-title">
    <h2 id="fleet-title">Fleet <span id="fleet-count" class="muted"></span></h2>
    <p class="help">Power-on reset: press and hold a device's reset button (mouse, or Space on the focused button),
      press <kbd>P</kbd> to switch its power on while holding, advance the clock (<kbd>A</kbd> +10 s, <kbd>M</kbd> +1 min)
      or wait, then let go.</p>
    <div class="scroll">
      <table id="fleet">
        <caption class="sr-only">Devices of the fleet, updated live</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Model</th>
            <th scope="col">IP</th>
            <th scope="col">Power</th>
            <th scope="col">Activated</th>
            <th scope="col">LED</th>
            <th scope="col">IR-cut</th>
            <th scope="col">Power switch</th>
            <th scope="col">Reset button</th>
          </tr>
        </thead>
        <tbody id="fleet-body">
          <tr class="placeholder"><td colspan="9">Loading the fleet…</td></tr>
        </tbody>
      </table>
    </div>
  </section>

  <section class="panel" aria-labelledby="log-title">
    <h2 id="log-title">Events <button type="button" id="log-clear" class="small">Clear</button></h2>
    <ol id="log" class="log" role="log" aria-live="off"></ol>
  </section>
</main>
</body>
</html>
`;
