// twitchcheck's service worker: the app shell (styles, scripts, icons, the offline page) is cached so that a
// page opened without a network says so plainly. Pages themselves are never cached: they may be someone's
// journal (the server sends them with Cache-Control: no-store). Logging offline is static/offline.js's work.
"use strict";
var CACHE = "twitchcheck-shell-v3";  // v2: the offline page holds the check-in form; v3: one status box there
var SHELL = [
  "/offline",
  "/static/site.css",
  "/static/site.js",
  "/static/offline.js",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png"
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }  // posts go to the network; offline.js keeps them when it is down
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    // A page: always from the network (never stored); without one, the offline page.
    event.respondWith(fetch(request).catch(function () { return caches.match("/offline"); }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    // Static files: the network first, so that updates arrive; the cached copy when it is down.
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && SHELL.indexOf(url.pathname) !== -1) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(request).then(function (cached) { return cached || Response.error(); });
      })
    );
  }
});
