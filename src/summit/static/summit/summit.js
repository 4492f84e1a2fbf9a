/* Bio Partnering: the event menu (collapsible on phones, grouped drop-downs for organizers)
   and the service worker that keeps agendas readable offline. Loaded from <head> without
   `defer` so the "js" class is set before the first paint (no flash of the open menu). */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function setExpanded(button, expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (target) {
      target.classList.toggle("is-open", expanded);
    }
  }

  function closeGroups(except) {
    document.querySelectorAll(".nav-group-toggle[aria-expanded='true']").forEach(function (button) {
      if (button !== except) {
        setExpanded(button, false);
      }
    });
  }

  /* The link of the page being shown gets aria-current="page" (the longest matching path
     wins, so /e/x/meetings/availability/ marks "Availability", not "My meetings"). */
  function markCurrent(nav) {
    var here = window.location.pathname;
    var best = null;
    var bestLength = 0;
    nav.querySelectorAll("a[href]").forEach(function (link) {
      var path = new URL(link.href, window.location.href).pathname;
      var matches = path === here || (path.length > 1 && path.endsWith("/") && here.indexOf(path) === 0);
      if (matches && path.length > bestLength) {
        best = link;
        bestLength = path.length;
      }
    });
    if (best) {
      best.setAttribute("aria-current", "page");
      var group = best.closest(".nav-group");
      if (group) {
        group.classList.add("is-current");
        /* On phones the opened menu shows the current group unfolded. */
        var toggle = group.querySelector(".nav-group-toggle");
        if (toggle && window.matchMedia("(max-width: 40rem)").matches) {
          toggle.setAttribute("data-start-open", "");
        }
      }
    }
  }

  function initMenu() {
    var nav = document.querySelector(".event-nav");
    if (!nav) {
      return;
    }
    markCurrent(nav);
    nav.querySelectorAll("[data-nav-toggle]").forEach(function (button) {
      button.hidden = false;
      setExpanded(button, button.hasAttribute("data-start-open"));
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        if (button.classList.contains("nav-group-toggle")) {
          closeGroups(button);
        }
        setExpanded(button, open);
      });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest(".nav-group")) {
        closeGroups(null);
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      var open = document.querySelector(".nav-group-toggle[aria-expanded='true']");
      if (open) {
        closeGroups(null);
        open.focus();
      }
    });
  }

  function registerServiceWorker() {
    var url = root.getAttribute("data-service-worker");
    if (!url || !("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      /* An unsupported or refused registration only costs the offline copy. */
    });
  }

  /* Logging out forgets the pages kept for offline use (a shared phone keeps no agenda). */
  function clearOfflineCopiesOnLogout() {
    document.querySelectorAll("form[data-forget-offline]").forEach(function (form) {
      form.addEventListener("submit", function () {
        if (navigator.serviceWorker && navigator.serviceWorker.controller) {
          navigator.serviceWorker.controller.postMessage({ type: "forget-pages" });
        }
      });
    });
  }

  /* The offline page lists the pages kept on this device, titled as they were stored. */
  function listKeptPages() {
    var list = document.querySelector("[data-offline-pages]");
    if (!list || !window.caches) {
      return;
    }
    caches.keys().then(function (names) {
      var pages = names.filter(function (name) { return /-pages$/.test(name); });
      return Promise.all(pages.map(function (name) {
        return caches.open(name).then(function (cache) {
          return cache.keys().then(function (requests) {
            return Promise.all(requests.map(function (request) {
              return cache.match(request).then(function (response) {
                return response.text();
              }).then(function (html) {
                var title = new DOMParser().parseFromString(html, "text/html").title;
                return { url: request.url, title: title || request.url };
              });
            }));
          });
        });
      }));
    }).then(function (groups) {
      var kept = [].concat.apply([], groups || []);
      if (!kept.length) {
        return;
      }
      list.textContent = "";
      kept.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.url;
        link.textContent = entry.title;
        item.appendChild(link);
        list.appendChild(item);
      });
    }).catch(function () {});
  }

  /* A table that scrolls inside itself (phones) must be reachable by keyboard to scroll. */
  function focusableScrollers() {
    document.querySelectorAll(".table:not(.table-cards)").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1 && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
      }
    });
  }

  function init() {
    initMenu();
    focusableScrollers();
    listKeptPages();
    clearOfflineCopiesOnLogout();
    registerServiceWorker();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
