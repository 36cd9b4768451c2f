/* Keeps a dashboard up to date while it is open (progressive enhancement).
 *
 * Every 30 seconds, while the tab is visible, it fetches the live part of the page and
 * replaces it only when the data changed (data-version), and never while focus is inside
 * it (someone typing a note). A polite status line says when new answers were added, and a
 * button stops the updates (WCAG 2.2.2). Without JavaScript the page is a normal page. */
(function () {
  "use strict";
  var live = document.getElementById("live");
  var controls = document.getElementById("live-controls");
  var status = document.getElementById("live-status");
  if (!live || !controls || !window.fetch || !window.DOMParser) { return; }
  var url = live.getAttribute("data-refresh-url") + window.location.search;
  var running = true;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button--secondary";
  button.textContent = "Automatisch bijwerken stoppen";
  button.addEventListener("click", function () {
    running = !running;
    button.textContent = running ? "Automatisch bijwerken stoppen" : "Automatisch bijwerken starten";
    status.textContent = running ? "De cijfers worden elke 30 seconden bijgewerkt." : "Automatisch bijwerken is gestopt.";
  });
  controls.insertBefore(button, status);
  status.textContent = "De cijfers worden elke 30 seconden bijgewerkt.";

  function refresh() {
    if (!running || document.hidden || live.contains(document.activeElement)) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        if (!fresh || fresh.getAttribute("data-version") === live.getAttribute("data-version")) { return; }
        if (live.contains(document.activeElement)) { return; }
        live.innerHTML = fresh.innerHTML;
        live.setAttribute("data-version", fresh.getAttribute("data-version"));
        var now = new Date();
        status.textContent = "Nieuwe antwoorden verwerkt om " + now.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" }) + ".";
      })
      .catch(function () { /* offline or signed out: try again next time */ });
  }
  window.setInterval(refresh, 30000);
})();
