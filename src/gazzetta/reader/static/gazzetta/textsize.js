// Text-size control without a reload; the form still works when this file does not run.
(function () {
  "use strict";
  var COOKIE = "gazzetta_textsize";
  var YEAR = 365 * 24 * 3600;

  function currentStep(root) {
    var match = /(?:^|\s)ts-(\d+)(?:\s|$)/.exec(root.className);
    return match ? parseInt(match[1], 10) : 0;
  }

  function nextStep(step, action, count) {
    if (action === "larger") { return Math.min(step + 1, count - 1); }
    if (action === "smaller") { return Math.max(step - 1, 0); }
    return 0;
  }

  function apply(form, action) {
    var root = document.documentElement;
    var steps = form.getAttribute("data-steps").split(",");
    var step = nextStep(currentStep(root), action, steps.length);
    root.className = root.className.replace(/(?:^|\s)ts-\d+/g, "").trim() + " ts-" + step;
    document.cookie = COOKIE + "=" + step + "; Max-Age=" + YEAR + "; Path=/; SameSite=Lax";
    var output = form.querySelector("output");
    if (output) { output.textContent = steps[step] + " %"; }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("textsize") || !event.submitter) { return; }
    event.preventDefault();
    apply(form, event.submitter.value);
  });
})();
