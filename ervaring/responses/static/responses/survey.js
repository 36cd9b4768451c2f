/* Respondent pages: small improvements on top of pages that work fully without JavaScript.

   Conditional "Anders, namelijk" boxes (the GOV.UK Frontend pattern): without JavaScript every
   box stays visible and the server reads it as usual. With JavaScript a box shows only while
   its option is chosen; a hidden box is also disabled, so text left in it is not sent (the
   server would otherwise take the text as a choice of "Anders"). */
(function () {
  "use strict";

  function syncConditionals(form) {
    form.querySelectorAll("input[data-reveals]").forEach(function (input) {
      var box = document.getElementById(input.getAttribute("data-reveals"));
      if (!box) { return; }
      box.hidden = !input.checked;
      box.querySelectorAll("input, textarea").forEach(function (field) {
        field.disabled = !input.checked;
      });
    });
  }

  function setUpConditionals() {
    document.querySelectorAll("form").forEach(function (form) {
      var triggers = form.querySelectorAll("input[data-reveals]");
      if (!triggers.length) { return; }
      triggers.forEach(function (input) {
        input.setAttribute("aria-controls", input.getAttribute("data-reveals"));
      });
      syncConditionals(form);
      /* A radio is unchosen without its own change event: listen on the whole form. */
      form.addEventListener("change", function (event) {
        if (event.target.type === "radio" || event.target.type === "checkbox") {
          syncConditionals(form);
        }
      });
    });
  }

  setUpConditionals();
}());

/* The error summary (GOV.UK Frontend and NL Design System): the page that comes back after a
   failed submit puts focus on the summary (`autofocus`, repeated here for browsers that only
   honour it on form fields), so a screen reader reads it first. A link in it moves focus to
   the field itself and scrolls its question into view, so the question is read as well; the
   address stays without a fragment. Without JavaScript the links are ordinary anchors. */
(function () {
  "use strict";

  var summary = document.querySelector(".error-summary");
  if (!summary) { return; }
  if (document.activeElement === document.body || document.activeElement === null) {
    summary.focus();
  }

  /* What to bring into view: the question (legend) of an option, else the field's label. */
  function questionOf(field) {
    var fieldset = field.closest("fieldset");
    if ((field.type === "radio" || field.type === "checkbox") && fieldset) {
      return fieldset.querySelector("legend") || field;
    }
    return document.querySelector("label[for='" + field.id + "']") || field;
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    questionOf(field).scrollIntoView();
    if (field.getBoundingClientRect().bottom > window.innerHeight) {
      field.scrollIntoView({ block: "center" });
    }
    field.focus({ preventScroll: true });
  });
}());

/* "Lees voor" (read aloud): the browser's own speech (speechSynthesis), so nothing leaves the
   device and no outside service is used. The buttons come with the page hidden; they are only
   shown here, and only where the browser can speak, so without JavaScript or without a voice
   nothing is offered that does not work. A press reads the question, its hint and its answer
   options in the page's language; a second press stops. */
(function () {
  "use strict";

  var buttons = document.querySelectorAll("button[data-read-aloud]");
  if (!buttons.length || !("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) {
    return;
  }
  var speaking = null;

  function clean(text) { return text.replace(/\s+/g, " ").trim(); }

  /* Parts are read as sentences: a pause after each, without doubling a full stop. */
  function sentences(parts) {
    return parts.filter(Boolean).map(function (part) {
      return /[.?!:]$/.test(part) ? part : part + ".";
    }).join(" ");
  }

  /* What is read: the question text, the hint, then each answer option. */
  function textOf(question) {
    var parts = [];
    var heading = question.querySelector(".question-text");
    if (heading) { parts.push(clean(heading.textContent)); }
    question.querySelectorAll(".hint, .option label").forEach(function (element) {
      parts.push(clean(element.textContent));
    });
    return sentences(parts);
  }

  function reset() {
    if (speaking) {
      speaking.textContent = speaking.getAttribute("data-start-label");
    }
    speaking = null;
  }

  buttons.forEach(function (button) {
    button.setAttribute("data-start-label", button.textContent);
    button.hidden = false;
    button.addEventListener("click", function () {
      var wasThis = speaking === button;
      window.speechSynthesis.cancel();
      reset();
      if (wasThis) { return; }
      var question = document.getElementById(button.getAttribute("data-read-aloud"));
      if (!question) { return; }
      var utterance = new window.SpeechSynthesisUtterance(textOf(question));
      utterance.lang = document.documentElement.lang || "nl";
      utterance.onend = function () { if (speaking === button) { reset(); } };
      utterance.onerror = utterance.onend;
      speaking = button;
      button.textContent = button.getAttribute("data-stop-label");
      window.speechSynthesis.speak(utterance);
    });
  });
}());
