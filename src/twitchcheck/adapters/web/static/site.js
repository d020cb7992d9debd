// Progressive enhancement: forms marked data-enhance are posted with fetch and the changing part of the
// page is swapped in, without a full reload. The server decides everything; without this script the same
// forms work as plain multi-step forms.
(function () {
  "use strict";
  function target(form) {
    return form.closest("[aria-live]") || document.getElementById("main");
  }
  // The person's emergency number: typed once, it is carried to every check form on the page (the questions
  // and the description) and remembered (localStorage, and a cookie the server reads for the next forms);
  // a common number chosen on an emergency result is remembered the same way.
  var NUMBER_KEY = "twitchcheck.emergency_number";
  function remember(number) {
    try { window.localStorage.setItem(NUMBER_KEY, number); } catch (e) { /* storage off: the cookie still works */ }
    document.cookie = "emergency_number=" + encodeURIComponent(number) + "; path=/; max-age=31536000; SameSite=Lax";
  }
  function remembered() {
    try { return window.localStorage.getItem(NUMBER_KEY) || ""; } catch (e) { return ""; }
  }
  function carry(root, number) {
    root.querySelectorAll("input[name=emergency_number]").forEach(function (input) { input.value = number; });
  }
  function numbers(root) {
    var typed = document.getElementById("emergency_number");
    if (typed && !typed.dataset.carried) {
      typed.dataset.carried = "1";
      if (!typed.value && remembered()) { carry(document, remembered()); }
      typed.addEventListener("input", function () {
        var number = typed.value.trim();
        carry(document, number);
        if (/^\+?[0-9][0-9 ()-]*$/.test(number)) { remember(number); }
      });
    }
    root.querySelectorAll("[data-call-choice]").forEach(function (choice) {
      var mine = remembered();
      choice.querySelectorAll("[data-emergency-number]").forEach(function (link) {
        if (link.dataset.emergencyNumber === mine) {
          link.classList.add("chosen");
          var item = link.closest("li");
          if (item && item.parentNode) { item.parentNode.insertBefore(item, item.parentNode.firstChild); }
        }
        link.addEventListener("click", function () { remember(link.dataset.emergencyNumber); });
      });
    });
    // A citation opens the folded sources it points to.
    root.querySelectorAll("a.cite").forEach(function (link) {
      link.addEventListener("click", function () {
        var sources = document.getElementById("sources");
        if (sources) { sources.open = true; }
      });
    });
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
          numbers(area);
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
    numbers(document);
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
