/* Bio Partnering service worker: served at /sw.js (summit.core.pwa) so that its scope covers
   every page. At a venue with bad Wi-Fi it keeps what a participant needs to find their tables:
   pages that the server marks with "Summit-Offline: keep" (the agenda, today's meetings with
   their check-in codes) are stored when visited and shown from the store when the network
   fails or is too slow; other pages fall back to the offline page. The registration passes the
   static prefix and the offline page's address in the query string (?static=...&offline=...).
   Nothing is stored for anonymous visitors, and logging out empties the store. */
"use strict";

var params = new URL(self.location.href).searchParams;
var STATIC_PREFIX = params.get("static") || "/static/";
var OFFLINE_URL = params.get("offline") || "/offline/";
var VERSION = "summit-v1";
var SHELL_CACHE = VERSION + "-shell";
var PAGES_CACHE = VERSION + "-pages";
var NETWORK_TIMEOUT_MS = 6000;
var SHELL = [
  OFFLINE_URL,
  STATIC_PREFIX + "summit/summit.css",
  STATIC_PREFIX + "summit/summit.js",
  STATIC_PREFIX + "summit/vendor/htmx-2.0.11.min.js",
  STATIC_PREFIX + "summit/icon.svg",
  STATIC_PREFIX + "summit/icon-192.png",
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return cache.addAll(SHELL);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(VERSION) !== 0;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGES_CACHE));
  }
});

/* The network's answer, or a rejection after NETWORK_TIMEOUT_MS (a venue's Wi-Fi that
   accepts the connection and then stalls is worse than none). */
function fromNetwork(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () {
      reject(new Error("network timeout"));
    }, NETWORK_TIMEOUT_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      resolve(response);
    }, function (error) {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function keepPage(request, response) {
  if (response.ok && !response.redirected && response.headers.get("Summit-Offline") === "keep") {
    var copy = response.clone();
    caches.open(PAGES_CACHE).then(function (cache) {
      cache.put(request, copy);
    });
  }
  return response;
}

function page(request) {
  return fromNetwork(request).then(function (response) {
    return keepPage(request, response);
  }).catch(function () {
    return caches.match(request, { cacheName: PAGES_CACHE }).then(function (kept) {
      return kept || caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
    });
  });
}

/* Static files: the stored copy at once, refreshed in the background. */
function staticFile(request) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request).then(function (stored) {
      var refreshed = fetch(request).then(function (response) {
        if (response.ok) {
          cache.put(request, response.clone());
        }
        return response;
      });
      if (stored) {
        refreshed.catch(function () {});
        return stored;
      }
      return refreshed;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(staticFile(request));
  }
});
