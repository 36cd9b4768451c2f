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
