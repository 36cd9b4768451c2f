// Keyboard-only coding: a key per code, Enter/→ next, ← previous, Backspace undo,
// Space accepts the top suggestion, "." the quote, "/" the hide field. Keys typed in a
// text field are left alone (Esc leaves the field). Everything also works without this.
(function () {
  "use strict";
  var form = document.getElementById("coding-form");
  if (!form) { return; }
  var told = document.getElementById("gemeld");
  var answer = document.getElementById("antwoord");
  if (answer) { answer.focus(); }

  function say(text) { if (told) { told.textContent = text; } }
  function toggle(box) {
    box.checked = !box.checked;
    say((box.dataset.label || "Citaat") + (box.checked ? " aangevinkt" : " uitgevinkt"));
  }
  function click(id) { var el = document.getElementById(id); if (el) { el.click(); } }
  function isTyping(target) {
    return target && (target.tagName === "TEXTAREA" ||
      (target.tagName === "INPUT" && target.type !== "checkbox" && target.type !== "radio"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (isTyping(event.target)) {
      if (event.key === "Escape") { event.target.blur(); if (answer) { answer.focus(); } }
      return;
    }
    var key = event.key;
    if (key === "Enter" || key === "ArrowRight") {
      if (event.target.tagName === "BUTTON" || event.target.tagName === "A" || event.target.tagName === "SUMMARY") {
        if (key === "Enter") { return; }
      }
      event.preventDefault(); click("volgende"); return;
    }
    if (key === "ArrowLeft") { event.preventDefault(); click("vorige"); return; }
    if (key === "Backspace") { event.preventDefault(); click("ongedaan"); return; }
    if (key === "/") {
      event.preventDefault();
      var field = document.getElementById("verberg");
      if (field) { field.closest("details").open = true; field.focus(); }
      return;
    }
    if (key === ".") {
      var quote = document.getElementById("quote");
      if (quote) { event.preventDefault(); toggle(quote); }
      return;
    }
    if (key === " ") {
      var top = form.querySelector(".suggestion");
      if (!top) { return; }
      event.preventDefault();
      var box = document.getElementById("code-" + top.dataset.code);
      if (box && !box.checked) { toggle(box); }
      return;
    }
    if (key.length === 1) {
      var match = form.querySelector('input[data-shortcut="' + key.toLowerCase() + '"]');
      if (match) { event.preventDefault(); toggle(match); }
    }
  });
})();
