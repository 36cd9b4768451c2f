// Tablet mode: idle time counts from the client's last key, touch or scroll, not from the
// last page sent. Activity is reported to the server with a small keep-alive POST, at most
// once per keep-alive interval (and once more at the end of it, so the server's deadline is
// never earlier than this page's). Before the reset, a "Bent u er nog?" dialog counts down;
// at zero the page goes to the kiosk start, which forgets the client. Without this script
// the server's limit, counted from the last page, still applies.
(function () {
  "use strict";
  var script = document.currentScript;
  var idleMs = (parseInt(script.getAttribute("data-idle-seconds"), 10) || 180) * 1000;
  var warningSeconds = parseInt(script.getAttribute("data-warning-seconds"), 10) || 60;
  var keepAliveMs = (parseInt(script.getAttribute("data-keepalive-seconds"), 10) || 30) * 1000;
  var keepAliveUrl = script.getAttribute("data-keepalive-url");
  var home = script.getAttribute("data-home") || "/kiosk/";
  var announceText = script.getAttribute("data-announce-text") || "";
  var dialog = document.getElementById("kiosk-dialog");
  var countdown = dialog.querySelector("[data-countdown]");
  var announcer = dialog.querySelector("[data-announce]");
  var button = dialog.querySelector("[data-continue]");
  var warnTimer, tickTimer, trailingTimer, returnFocus;
  var lastSent = Date.now(); // the page request itself counted as activity on the server

  function reset() {
    window.clearTimeout(warnTimer);
    window.clearInterval(tickTimer);
    window.location.replace(home);
  }

  function sendKeepAlive() {
    trailingTimer = null;
    lastSent = Date.now();
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    window.fetch(keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      if (response.status === 410) { reset(); } // the server already forgot this client
    }, function () { /* offline: the server's own limit decides */ });
  }

  function reportActivity() {
    if (!keepAliveUrl) { return; }
    var wait = keepAliveMs - (Date.now() - lastSent);
    if (wait <= 0) {
      sendKeepAlive();
    } else if (!trailingTimer) {
      trailingTimer = window.setTimeout(sendKeepAlive, wait);
    }
  }

  function restart() {
    window.clearTimeout(warnTimer);
    warnTimer = window.setTimeout(warn, Math.max(idleMs - warningSeconds * 1000, 0));
  }

  function announce(seconds) {
    announcer.textContent = announceText.replace("{seconds}", seconds);
  }

  function warn() {
    var left = warningSeconds;
    returnFocus = document.activeElement;
    countdown.textContent = left;
    dialog.showModal();
    button.focus();
    announce(left);
    tickTimer = window.setInterval(function () {
      left -= 1;
      if (left <= 0) { reset(); return; }
      countdown.textContent = left;
      if (left % 15 === 0 || left === 10 || left === 5) { announce(left); }
    }, 1000);
  }

  function onActivity() {
    if (dialog.open) { return; } // only the button (or Escape) answers the question
    restart();
    reportActivity();
  }

  dialog.addEventListener("close", function () {
    window.clearInterval(tickTimer);
    announcer.textContent = "";
    restart();
    reportActivity();
    if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
  });
  button.addEventListener("click", function () { dialog.close(); });
  ["keydown", "input", "pointerdown", "wheel", "scroll", "touchstart"].forEach(function (name) {
    document.addEventListener(name, onActivity, { passive: true, capture: true });
  });
  restart();
})();
