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
        fetch(form.action, {
          method: "POST",
          body: new URLSearchParams(data),
          headers: { "X-Fragment": "1" },
          credentials: "same-origin"
        }).then(function (response) {
          return response.text().then(function (html) { return { ok: response.status < 500, html: html }; });
        }).then(function (result) {
          if (!result.ok) { form.submit(); return; }
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
          form.submit();
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
