// Progressive enhancement: forms marked data-enhance are posted with fetch and the changing part of the
// page is swapped in, without a full reload. The server decides everything; without this script the same
// forms work as plain multi-step forms.
(function () {
  "use strict";
  function target(form) {
    return form.closest("[aria-live]") || document.getElementById("main");
  }
  function enhance(root) {
    root.querySelectorAll("form[data-enhance]").forEach(function (form) {
      if (form.dataset.enhanced) { return; }
      form.dataset.enhanced = "1";
      form.addEventListener("submit", function (event) {
        if (!window.fetch || !window.FormData) { return; }
        event.preventDefault();
        var data = new FormData(form);
        if (event.submitter && event.submitter.name) {
          data.append(event.submitter.name, event.submitter.value);
        }
        var buttons = form.querySelectorAll("button");
        buttons.forEach(function (button) { button.disabled = true; });
        // getAttribute: a button named "action" would shadow form.action
        fetch(form.getAttribute("action"), {
          method: "POST",
          body: new URLSearchParams(data),
          headers: { "X-Fragment": "1" },
          credentials: "same-origin"
        }).then(function (response) {
          return response.text().then(function (html) { // 400 and 422 are this form again, with the problem named; anything else: a plain submit
            return { ok: [200, 400, 422].indexOf(response.status) >= 0, html: html }; });
        }).then(function (result) {
          if (!result.ok) { HTMLFormElement.prototype.submit.call(form); return; }
          var area = target(form);
          area.innerHTML = result.html;
          enhance(area);
          var focus = area.querySelector(".error-summary, .emergency, h1");
          if (focus) {
            if (!focus.hasAttribute("tabindex")) { focus.setAttribute("tabindex", "-1"); }
            focus.focus();
          }
          window.scrollTo(0, 0);
        }).catch(function () {
          buttons.forEach(function (button) { button.disabled = false; });
          HTMLFormElement.prototype.submit.call(form);
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
