// Logging without a network. Every <form data-offline> is posted normally when the phone is online. When it
// is not, its fields are kept in IndexedDB on this device, the person is told so (with how many entries are
// waiting), and they are sent when the browser is back online (the `online` event, and on every page load).
// Each form carries a `client_id` the server turns into the event's id, so an entry sent twice is stored
// once. An entry the server refuses (422: a mistake in the form) stays kept, with the server's message.
// Entries are kept per account (the page's twitchcheck-account) and sent only while that account is in.
// The offline page (/offline, the same for everyone) knows no account: an entry made there is kept for the
// account last seen signed in on this device (remembered in localStorage by every online page), or, with none
// known, for "" like any entry on a single-user server. It has no CSRF token either: before sending an entry
// without one, or again after a 403 (an expired token), a fresh token is taken from this page or from /today.
// Also registers the service worker (/sw.js). No framework, nothing from another site.
(function () {
  "use strict";
  var DB = "twitchcheck-offline";
  var STORE = "entries";
  var OFFSETS = { "-30m": 30, "-1h": 60, "-2h": 120, "-4h": 240 };
  var LAST_ACCOUNT = "twitchcheck-last-account";
  var sending = false;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* works without it */ });
  }

  function account() {
    var meta = document.querySelector("meta[name=twitchcheck-account]");
    return meta ? meta.getAttribute("content") || "" : null;  // null: a page that does not know (offline page)
  }
  function remembered() {
    try { return window.localStorage.getItem(LAST_ACCOUNT) || ""; } catch (e) { return ""; }
  }
  // Only a signed-in account is remembered: signing out does not hand the phone's entries to no one.
  function remember(me) {
    if (!me) { return; }
    try { window.localStorage.setItem(LAST_ACCOUNT, me); } catch (e) { /* storage off */ }
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "client_id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function transact(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function all() { return transact("readonly", function (store) { return store.getAll(); }); }
  function put(entry) { return transact("readwrite", function (store) { store.put(entry); }); }
  function remove(id) { return transact("readwrite", function (store) { store["delete"](id); }); }

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function localMinute(date) {
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + "T" + two(date.getHours()) + ":" + two(date.getMinutes());
  }
  function localDay(date) { return localMinute(date).slice(0, 10); }

  // The form's fields, with "now" (and "1 hour ago"...) fixed to the moment it was kept, not when it is sent.
  function fields(form) {
    var pairs = [];
    var when = null;
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string") { return; }
      if (name === "when") { when = value; return; }
      if (name === "at") { return; }
      pairs.push([name, value]);
    });
    var at = form.querySelector("[name=at]");
    var now = new Date();
    if (when === null) {
      if (at) { pairs.push(["at", at.value]); }
    } else if (when === "now" || when in OFFSETS) {
      pairs.push(["when", "custom"], ["at", localMinute(new Date(now.getTime() - (OFFSETS[when] || 0) * 60000))]);
    } else if (when === "today" || when === "yesterday") {
      pairs.push(["when", "custom"], ["at", localDay(new Date(now.getTime() - (when === "yesterday" ? 86400000 : 0)))]);
    } else {
      pairs.push(["when", when], ["at", at ? at.value : ""]);
    }
    return pairs;
  }

  function status() {
    var box = document.getElementById("offline-status");
    if (!box) {
      box = document.createElement("div");
      box.id = "offline-status";
      box.className = "flash offline-status";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      var main = document.getElementById("main");
      if (!main) { return null; }
      var heading = main.querySelector("h1");
      if (heading && heading.nextSibling) { main.insertBefore(box, heading.nextSibling); } else { main.appendChild(box); }
    }
    return box;
  }
  // Lines of text; a line may be {text, entry}: an entry the server refused, with a button that puts it
  // back in its form (and takes it off the phone's list) so that the person can correct it.
  function say(lines) {
    var box = status();
    if (!box) { return; }
    box.textContent = "";
    box.classList.remove("offline-problem");
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = typeof line === "string" ? line : line.text;
      box.appendChild(p);
      if (typeof line !== "string") {
        box.classList.add("offline-problem");
        var form = formFor(line.entry);
        if (form) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "secondary";
          button.textContent = "Put it back in the form to correct it";
          button.addEventListener("click", function () { restore(line.entry, form, p, button); });
          box.appendChild(button);
        }
      }
    });
    box.hidden = lines.length === 0;
  }

  function formFor(entry) {
    var found = null;
    document.querySelectorAll("form[data-offline]").forEach(function (form) {
      if (form.getAttribute("action") === entry.action) { found = form; }
    });
    return found;
  }

  function restore(entry, form, line, button) {
    var values = {};
    entry.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.name === "csrf_token" || !(input.name in values)) { return; }
      if (input.type === "checkbox" || input.type === "radio") {
        input.checked = values[input.name].indexOf(input.value) !== -1;
      } else {
        input.value = values[input.name][0];
      }
    });
    var details = form.closest("details");
    if (details) { details.open = true; }
    remove(entry.client_id).then(function () {
      line.textContent = entry.title + " is back in its form, no longer kept on this device: correct it and log it again.";
      button.remove();
      var first = form.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    });
  }
  function waiting(count) {
    return count === 1 ? "1 entry is waiting to be sent." : count + " entries are waiting to be sent.";
  }

  function keep(form) {
    var entry = {
      client_id: form.elements.client_id.value,
      action: form.getAttribute("action"),
      title: form.getAttribute("aria-label") || "An entry",
      fields: fields(form),
      account: account() === null ? remembered() : account(),
      kept: new Date().toISOString(),
      problem: ""
    };
    return put(entry).then(function () {
      form.reset();
      form.elements.client_id.value = newId();  // the next entry is a new one
      if (form.elements.checkin_id) { form.elements.checkin_id.value = newId(); }  // and the next check-in too
      return all();
    }).then(function (entries) {
      var kept = "You are offline: this entry is kept on this device and will be sent when you are back online.";
      // The offline page keeps its own count below (showWaiting); elsewhere the count goes with the message.
      say(document.getElementById("offline-waiting") ? [kept] : [kept, waiting(entries.length)]);
      showWaiting();
    }, function () {
      say(["You are offline, and this browser could not keep the entry (storage is off): it was not logged."]);
    });
  }

  function problemsIn(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var items = doc.querySelectorAll(".error-summary li");
    return Array.prototype.map.call(items, function (li) { return li.textContent.replace(/\s+/g, " ").trim(); }).join("; ");
  }

  function tokenOf(entry) {
    var found = "";
    entry.fields.forEach(function (pair) { if (pair[0] === "csrf_token") { found = pair[1]; } });
    return found;
  }
  // A CSRF token of the session signed in now: from a form on this page, else from the /today page.
  function freshToken() {
    var input = document.querySelector("input[name=csrf_token]");
    if (input && input.value) { return Promise.resolve(input.value); }
    return fetch("/today", { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      var field = html ? new DOMParser().parseFromString(html, "text/html").querySelector("input[name=csrf_token]") : null;
      return field ? field.value : "";
    });
  }
  function withToken(entry, token) {
    var pairs = entry.fields.filter(function (pair) { return pair[0] !== "csrf_token"; });
    pairs.push(["csrf_token", token]);
    entry.fields = pairs;
  }
  function post(entry) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(entry.action, { method: "POST", body: body, credentials: "same-origin", redirect: "follow" });
  }

  function send(entry) {
    var first = tokenOf(entry) ? Promise.resolve() : freshToken().then(function (token) { withToken(entry, token); });
    return first.then(function () { return post(entry); }).then(function (response) {
      if (response.status !== 403) { return response; }
      // The token it was kept with has expired (or belongs to an earlier session): once more with a fresh one.
      return freshToken().then(function (token) {
        if (!token || token === tokenOf(entry)) { return response; }
        withToken(entry, token);
        return post(entry);
      });
    }).then(function (response) {
      var signIn = response.redirected && new URL(response.url).pathname === "/signin";
      if (response.ok && !signIn) { return remove(entry.client_id).then(function () { return "sent"; }); }
      return response.text().then(function (text) {
        entry.problem = signIn
          ? "no one is signed in: sign in on this phone and it will be sent"
          : response.status === 403
          ? "the page's form has expired: open the journal while signed in and it will be sent"
          : (problemsIn(text) || "the server refused it (" + response.status + ")");
        return put(entry).then(function () { return "refused"; });
      });
    }, function () { return "offline"; });
  }

  function sync() {
    var me = account();
    if (sending || !navigator.onLine) { return Promise.resolve(); }
    sending = true;
    return all().then(function (entries) {
      var mine = me === null ? [] : entries.filter(function (e) { return e.account === me; });
      var sent = 0;
      var refused = [];
      var chain = Promise.resolve();
      mine.forEach(function (entry) {
        chain = chain.then(function () {
          return send(entry).then(function (outcome) {
            if (outcome === "sent") { sent += 1; }
            if (outcome === "refused") { refused.push(entry); }
          });
        });
      });
      return chain.then(function () {
        return all().then(function (left) {
          var lines = [];
          if (sent) {
            lines.push("Back online: " + (sent === 1 ? "the entry" : sent + " entries") + " kept on this device " + (sent === 1 ? "was" : "were") + " sent to your journal. Reload the page to see " + (sent === 1 ? "it." : "them."));
          }
          refused.forEach(function (entry) {
            lines.push({ entry: entry, text: entry.title + " (kept " + new Date(entry.kept).toLocaleString() + ") was not logged: " + entry.problem + ". It is still kept on this device." });
          });
          if (left.length && (!sent && !refused.length)) { lines.push(waiting(left.length)); }
          if (lines.length) { say(lines); }
        });
      });
    }).catch(function () { /* IndexedDB off: nothing was kept */ }).then(function () {
      sending = false;
      document.documentElement.setAttribute("data-offline-synced", String(Date.now()));  // for tests
    });
  }

  function showWaiting() {
    var place = document.getElementById("offline-waiting");
    if (!place) { return; }
    all().then(function (entries) {
      place.textContent = entries.length ? waiting(entries.length) : "Nothing is waiting to be sent.";
    }, function () {});
  }

  function setUp() {
    remember(account());
    document.querySelectorAll("form[data-offline]").forEach(function (form) {
      // The offline page's check-in form comes without an id or a day: this phone's today, a new check-in.
      if (form.elements.checkin_id && !form.elements.checkin_id.value) { form.elements.checkin_id.value = newId(); }
      if (form.elements.day && !form.elements.day.value) {
        form.elements.day.value = localDay(new Date());
        var shown = form.querySelector("[data-day]");
        if (shown) { shown.textContent = form.elements.day.value; }
      }
      if (!form.elements.client_id) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "client_id";
        form.appendChild(input);
      }
      if (!form.elements.client_id.value) { form.elements.client_id.value = newId(); }
      form.addEventListener("submit", function (event) {
        if (navigator.onLine) { return; }  // posted as usual
        event.preventDefault();
        keep(form);
      });
    });
    showWaiting();
    sync();
  }

  window.addEventListener("online", function () { sync(); });
  window.addEventListener("offline", function () {
    if (document.querySelector("form[data-offline]")) {
      say(["You are offline: what you log is kept on this phone and sent when you are back online."]);
    }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); } else { setUp(); }
})();
