/* Search-as-you-type pickers (summit.core.widgets): an ARIA 1.2 combobox over a listbox whose
 * options come from the server (htmx). The plain <select> stays in the form, hidden, and
 * holds the value; without this script it is shown as it is. */
(function () {
  "use strict";
  if (window.summitPickers) {
    return;
  }
  window.summitPickers = true;

  var DELAY_MS = 200;

  function setup(wrapper) {
    if (wrapper.hasAttribute("data-picker-ready")) {
      return;
    }
    wrapper.setAttribute("data-picker-ready", "");
    var select = wrapper.querySelector("select");
    var combo = wrapper.querySelector(".picker-combo");
    var input = combo.querySelector(".picker-input");
    var listbox = combo.querySelector(".picker-listbox");
    var chips = combo.querySelector(".picker-chips");
    var status = combo.querySelector(".picker-status");
    var url = wrapper.getAttribute("data-search-url");
    var multiple = select.multiple;
    var active = -1;
    var timer = null;

    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = input.id;
    }
    /* A hidden required select would block the form without saying why: the server
     * checks the value, the visible input carries the requirement for the browser. */
    if (select.required) {
      select.required = false;
      if (!multiple) {
        input.required = true;
      }
      input.setAttribute("aria-required", "true");
    }
    select.hidden = true;
    select.tabIndex = -1;
    combo.hidden = false;

    function optionFor(value) {
      for (var i = 0; i < select.options.length; i += 1) {
        if (select.options[i].value === value) {
          return select.options[i];
        }
      }
      return null;
    }

    function chosen() {
      return Array.prototype.filter.call(select.options, function (option) {
        return option.selected && option.value !== "";
      });
    }

    function changed() {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function renderChosen() {
      if (!multiple) {
        var current = chosen()[0];
        input.value = current ? current.text : "";
        return;
      }
      chips.textContent = "";
      var seen = {};
      chosen().forEach(function (option) {
        if (seen[option.value]) {
          return;
        }
        seen[option.value] = true;
        var item = document.createElement("li");
        item.className = "picker-chip";
        var text = document.createElement("span");
        text.textContent = option.text;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "picker-chip-remove";
        remove.setAttribute("aria-label", input.getAttribute("data-remove-label") + ": " + option.text);
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          setSelected(option.value, false);
          renderChosen();
          changed();
          input.focus();
        });
        item.appendChild(text);
        item.appendChild(remove);
        chips.appendChild(item);
      });
    }

    function setSelected(value, selected) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value === value) {
          option.selected = selected;
        }
      });
    }

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll('[role="option"]'));
    }

    function open() {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      items.forEach(function (item, position) {
        item.classList.toggle("picker-active", position === index);
      });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(item) {
      typed = false;
      var value = item.getAttribute("data-value");
      if (multiple) {
        var option = optionFor(value);
        var already = option && option.selected;
        setSelected(value, !already);
        renderChosen();
        input.value = "";
        item.setAttribute("aria-selected", already ? "false" : "true");
        search();
      } else {
        select.value = value;
        renderChosen();
        close();
      }
      changed();
    }

    /* Keep the options the select offers (the endpoint may return a wider set), give them
     * ids for aria-activedescendant and mark the chosen ones. */
    function prepare() {
      var count = 0;
      options().forEach(function (item) {
        var option = optionFor(item.getAttribute("data-value"));
        if (!option || option.value === "") {
          item.remove();
          return;
        }
        item.id = listbox.id + "-" + count;
        item.setAttribute("aria-selected", option.selected ? "true" : "false");
        count += 1;
      });
      if (count === 0 && !listbox.querySelector(".picker-empty")) {
        var empty = document.createElement("li");
        empty.setAttribute("role", "presentation");
        empty.className = "picker-empty";
        empty.textContent = "—";
        listbox.appendChild(empty);
      }
      status.textContent = count + " " + status.getAttribute("data-count-label");
      open();
      highlight(count > 0 ? 0 : -1);
    }

    /* Only the answer to the latest query is shown: an earlier one may come back later. */
    var latest = 0;
    var shownQuery = null;
    /* Enter pressed while the list still shows an earlier query's options: pick the first
     * option of the answer to the current one instead. */
    var pickWhenShown = false;
    /* The text was typed since the last pick (not a chosen value shown in the input). */
    var typed = false;

    function show(html, mine, query) {
      if (mine === latest) {
        listbox.innerHTML = html;
        shownQuery = query;
        prepare();
        var items = options();
        if (pickWhenShown && active >= 0 && items[active]) {
          pickWhenShown = false;
          pick(items[active]);
        }
        pickWhenShown = false;
      }
    }

    function search() {
      window.clearTimeout(timer);
      latest += 1;
      var mine = latest;
      var query = input.value;
      if (window.htmx) {
        window.htmx.ajax("GET", url, {
          target: listbox,
          values: { q: query },
          handler: function (_element, response) {
            show(response.xhr.responseText, mine, query);
          },
        });
      } else {
        fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query), {
          headers: { "HX-Request": "true" },
        })
          .then(function (answer) {
            return answer.text();
          })
          .then(function (html) {
            show(html, mine, query);
          });
      }
    }

    input.addEventListener("input", function () {
      typed = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });
    input.addEventListener("focus", function () {
      if (multiple || input.value === "") {
        search();
      } else {
        input.select(); /* typing replaces the current choice; arrow down lists options */
      }
    });
    input.addEventListener("keydown", function (event) {
      var items = options();
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (listbox.hidden) {
          search();
        } else if (items.length) {
          highlight(Math.min(active + 1, items.length - 1));
        }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (items.length) {
          highlight(Math.max(active - 1, 0));
        }
      } else if (event.key === "Enter") {
        if (typed && shownQuery !== input.value) {
          event.preventDefault();
          pickWhenShown = true;
          search();
        } else if (!listbox.hidden && active >= 0 && items[active]) {
          event.preventDefault();
          pick(items[active]);
        }
      } else if (event.key === "Escape") {
        if (!listbox.hidden) {
          event.preventDefault();
          close();
        } else if (!multiple) {
          renderChosen();
        }
      } else if (event.key === "Backspace" && multiple && input.value === "") {
        var last = chosen().pop();
        if (last) {
          setSelected(last.value, false);
          renderChosen();
          changed();
        }
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(function () {
        if (wrapper.contains(document.activeElement)) {
          return;
        }
        close();
        if (!multiple) {
          if (input.value.trim() === "" && select.value !== "") {
            select.value = "";
            changed();
          }
          renderChosen();
        }
      }, 150);
    });
    /* mousedown, not click: the input keeps the focus. */
    listbox.addEventListener("mousedown", function (event) {
      var item = event.target.closest('[role="option"]');
      if (item) {
        event.preventDefault();
        pick(item);
      }
    });
    renderChosen();
  }

  function init(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-picker]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });
})();
