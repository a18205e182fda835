<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Forgot Password</title>
<link rel="icon" href="/doc/images/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/doc/css/web.css">
<script src="/doc/script/lib/forge.min.js"></script>
<script type="module" src="/doc/script/forgot-password.js"></script>
</head>
<body class="login-page">
<header class="brand"><span class="brand-mark" aria-hidden="true"></span><span>hikemu</span></header>
<main class="login-box forgot-box">
  <h1>Forgot Password</h1>
  <p id="notice" role="status"></p>

  <form id="reset-form" novalidate hidden>
    <fieldset id="modes">
      <legend>Verification Mode</legend>
      <div class="mode" id="mode-questions-row" hidden>
        <input type="radio" name="mode" id="mode-questions" value="questions">
        <label for="mode-questions">Security Question</label>
        <p id="mode-questions-hint" class="hint"></p>
      </div>
      <div class="mode" id="mode-qr-row" hidden>
        <input type="radio" name="mode" id="mode-qr" value="qr">
        <label for="mode-qr">Reserved Email / QR Code</label>
      </div>
      <div class="mode" id="mode-guid-row" hidden>
        <input type="radio" name="mode" id="mode-guid" value="guid">
        <label for="mode-guid">GUID File</label>
      </div>
    </fieldset>

    <section id="questions-view" aria-labelledby="questions-title" hidden>
      <h2 id="questions-title">Security Question</h2>
      <p class="hint">Answer the questions the admin chose. Answers are case-sensitive.</p>
      <div id="questions"></div>
    </section>

    <section id="qr-view" aria-labelledby="qr-title" hidden>
      <h2 id="qr-title">QR Code</h2>
      <p id="qr-hint" class="hint"></p>
      <figure class="qr">
        <img id="qr-image" alt="Password reset QR code">
        <figcaption><label for="qr-text">QR code text</label><textarea id="qr-text" readonly rows="3"></textarea></figcaption>
      </figure>
      <button id="qr-refresh" type="button" class="secondary">Get New QR Code</button>
      <label id="qr-code-label" for="qr-code">Verification Code</label>
      <input id="qr-code" autocomplete="one-time-code" maxlength="32" spellcheck="false">
    </section>

    <section id="guid-view" aria-labelledby="guid-title" hidden>
      <h2 id="guid-title">GUID File</h2>
      <p class="hint">Import the GUID file exported from this device while the password was known. Each export replaces the previous GUID: only the last file works, and only once.</p>
      <label for="guid-file">GUID File</label>
      <input id="guid-file" type="file" accept=".xml,.guid,application/xml,text/xml">
    </section>

    <section id="password-view" aria-labelledby="password-title" hidden>
      <h2 id="password-title">New Password</h2>
      <label for="new-password">New Password</label>
      <input id="new-password" type="password" autocomplete="new-password" maxlength="64" aria-describedby="rules">
      <div class="strength"><meter id="strength" min="0" max="4" low="2" high="3" optimum="4" value="0" aria-label="Password strength"></meter> <span id="strength-label" aria-live="polite"></span></div>
      <p id="rules" class="hint"></p>
      <label for="confirm-password">Confirm</label>
      <input id="confirm-password" type="password" autocomplete="new-password" maxlength="64">
      <button id="reset-button" type="submit">OK</button>
    </section>
    <p id="reset-message" class="message" role="alert"></p>
  </form>

  <p class="hint">Key-file export and import, and the security code of older firmware, are done with SADP Tool.</p>
  <p><a href="/doc/page/login.asp">Back to Login</a></p>
</main>
</body>
</html>
