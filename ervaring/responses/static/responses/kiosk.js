// Tablet mode: back to the neutral start screen after the idle time. Optional comfort only:
// the server refuses the old response after the same time, with or without this script.
(function () {
  "use strict";
  var script = document.currentScript;
  var seconds = parseInt(script.getAttribute("data-idle-seconds"), 10) || 180;
  var home = script.getAttribute("data-home") || "/kiosk/";
  var timer;
  function restart() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { window.location.replace(home); }, seconds * 1000);
  }
  ["keydown", "pointerdown", "input"].forEach(function (name) {
    document.addEventListener(name, restart, { passive: true });
  });
  restart();
})();
