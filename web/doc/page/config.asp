<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Configuration</title>
<link rel="icon" href="/doc/images/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/doc/css/web.css">
<script src="/doc/script/lib/forge.min.js"></script>
<script type="module" src="/doc/script/config.js"></script>
</head>
<body class="config-page">
<header class="brand top">
  <span><span class="brand-mark" aria-hidden="true"></span> hikemu <span id="device-model"></span></span>
  <span><span id="user"></span> <button id="logout" type="button" class="secondary">Logout</button></span>
</header>
<div class="layout">
  <nav class="side" id="side" aria-label="Configuration"></nav>
  <main class="content" id="content" tabindex="-1"></main>
</div>
</body>
</html>
