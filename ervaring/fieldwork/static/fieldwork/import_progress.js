/* Keeps the import's progress bar up to date while the page is open (progressive
 * enhancement): every two seconds it asks how far the import is and moves the bar; the status
 * line, which screen readers read aloud, changes only at every tenth; once the import is done
 * it loads the page again, which then shows the result. Without JavaScript the "Voortgang
 * bijwerken" link does the same by hand. */
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  var bar = document.getElementById("import-bar");
  var text = document.getElementById("import-text");
  if (!box || !bar || !text || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var step = null;

  function show(state) {
    if (state.finished) { window.location.reload(); return; }
    if (state.max) {
      bar.max = state.max;
      bar.value = state.value;
    } else {
      bar.removeAttribute("value");  // an indeterminate bar: the total is not known
    }
    bar.textContent = state.text;
    if (state.step !== step) {
      step = state.step;
      text.textContent = state.text;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) { if (state) { show(state); } })
      .catch(function () { /* offline for a moment: try again next time */ })
      .then(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 2000);
})();
