<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Login</title>
<link rel="icon" href="/doc/images/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/doc/css/web.css">
<script src="/doc/script/lib/forge.min.js"></script>
<script type="module" src="/doc/script/login.js"></script>
</head>
<body class="login-page">
<header class="brand"><span class="brand-mark" aria-hidden="true"></span><span>hikemu</span></header>
<main class="login-box">
  <p id="notice" role="status"></p>

  <section id="login-view" aria-labelledby="login-title" hidden>
    <h1 id="login-title">Login</h1>
    <form id="login-form" novalidate>
      <label for="user-name">User Name</label>
      <input id="user-name" name="userName" autocomplete="username" required maxlength="32">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="64">
      <button id="login-button" type="submit">Login</button>
      <p id="login-message" class="message" role="alert"></p>
    </form>
    <p><a id="forgot-password" href="/doc/page/forgotPassword.asp">Forgot Password?</a></p>
  </section>

  <section id="activate-view" aria-labelledby="activate-title" hidden>
    <h1 id="activate-title">Activation</h1>
    <p>This device is not activated. Create the admin password to activate it.</p>
    <form id="activate-form" novalidate>
      <label for="activate-user">User Name</label>
      <input id="activate-user" value="admin" readonly>
      <label for="activate-password">Password</label>
      <input id="activate-password" type="password" autocomplete="new-password" required maxlength="64" aria-describedby="rules">
      <div class="strength"><meter id="strength" min="0" max="4" low="2" high="3" optimum="4" value="0" aria-label="Password strength"></meter> <span id="strength-label" aria-live="polite"></span></div>
      <p id="rules" class="hint"></p>
      <label for="activate-confirm">Confirm</label>
      <input id="activate-confirm" type="password" autocomplete="new-password" required maxlength="64">
      <button id="activate-button" type="submit">OK</button>
      <p id="activate-message" class="message" role="alert"></p>
    </form>
  </section>
</main>
</body>
</html>
