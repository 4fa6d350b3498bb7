// BIG5: progressive enhancement only; every page works without this file.
// 1. Scoring: show one level at a time, starting at 5: "Does this fit?" — yes picks it, no steps down.
// 2. The printable plan: a Print button.
(function () {
  "use strict";

  function stepDown(fieldset) {
    var options = Array.prototype.slice.call(fieldset.querySelectorAll(".big5-option"));
    if (!options.length || fieldset.querySelector("input:checked")) { return; }
    var list = fieldset.querySelector(".big5-options");
    var lang = document.documentElement.lang || "nl";
    var words = lang.indexOf("en") === 0
      ? { fits: "Yes, this fits", lower: "No, lower", all: "Show all levels" }
      : { fits: "Ja, dit past", lower: "Nee, lager", all: "Toon alle niveaus" };
    var index = 0;
    var stepper = document.createElement("div");
    stepper.className = "big5-stepper";
    function button(text, cls) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button " + cls;
      b.textContent = text;
      stepper.appendChild(b);
      return b;
    }
    var fits = button(words.fits, "primary");
    var lower = button(words.lower, "");
    var all = button(words.all, "linklike");
    function show() {
      options.forEach(function (o, i) { o.hidden = i !== index; });
      lower.hidden = index >= options.length - 1;
    }
    function showAll() {
      options.forEach(function (o) { o.hidden = false; });
      stepper.hidden = true;
    }
    fits.addEventListener("click", function () {
      var input = options[index].querySelector("input");
      input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      showAll();
      input.focus();
    });
    lower.addEventListener("click", function () {
      index = Math.min(index + 1, options.length - 1);
      show();
      fits.focus();
    });
    all.addEventListener("click", showAll);
    list.parentNode.insertBefore(stepper, list.nextSibling);
    show();
  }

  document.querySelectorAll("fieldset.big5-scale[data-stepdown]").forEach(stepDown);

  document.querySelectorAll(".big5-print-button").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
