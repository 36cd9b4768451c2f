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
