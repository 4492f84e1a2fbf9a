/* Lounge grid: drag a meeting to another cell (slot × table) to move it.
 *
 * The server checks the move with the scheduling engine's validator and answers JSON:
 * {ok: true, message} or {ok: false, problems: [...]} (409). Everything is wired by event
 * delegation on the document, so htmx can swap the polled grid without rebinding; polling
 * pauses while a meeting is being dragged. No inline JS anywhere (strict CSP).
 * Keyboard users move a meeting with the form on its page.
 */
(function () {
  "use strict";

  var dragging = null;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function showStatus(text, ok, problems) {
    var box = document.getElementById("lounge-status");
    if (!box) return;
    box.textContent = text;
    box.classList.toggle("lounge-status-error", !ok);
    box.classList.toggle("lounge-status-ok", !!ok);
    if (problems && problems.length) {
      var list = document.createElement("ul");
      problems.forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      box.appendChild(list);
    }
  }

  function refreshGrid() {
    var grid = document.getElementById("lounge-grid");
    if (grid && window.htmx) window.htmx.trigger(grid, "lounge:refresh");
  }

  function cellOf(target) {
    return target && target.closest ? target.closest("td.lounge-cell") : null;
  }

  function clearDropTargets() {
    document.querySelectorAll("td.lounge-drop").forEach(function (cell) {
      cell.classList.remove("lounge-drop");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var meeting = event.target.closest && event.target.closest(".lounge-meeting[draggable]");
    if (!meeting) return;
    dragging = meeting;
    meeting.classList.add("lounge-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", meeting.dataset.moveUrl);
  });

  document.addEventListener("dragend", function () {
    if (dragging) dragging.classList.remove("lounge-dragging");
    dragging = null;
    clearDropTargets();
  });

  document.addEventListener("dragover", function (event) {
    var cell = cellOf(event.target);
    if (!dragging || !cell || cell.contains(dragging)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!cell.classList.contains("lounge-drop")) {
      clearDropTargets();
      cell.classList.add("lounge-drop");
    }
  });

  document.addEventListener("drop", function (event) {
    var cell = cellOf(event.target);
    if (!dragging || !cell || cell.contains(dragging)) return;
    event.preventDefault();
    var meeting = dragging;
    var box = document.getElementById("lounge-status");
    var texts = box ? box.dataset : {};
    clearDropTargets();
    var body = new FormData();
    body.append("slot", cell.dataset.slot);
    body.append("table", cell.dataset.table);
    showStatus((texts.moving || "Moving…") + " " + meeting.dataset.name + " → " + cell.dataset.label, true);
    fetch(meeting.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { ok: false, problems: [response.status + " " + response.statusText] };
        });
      })
      .then(function (answer) {
        if (answer.ok) {
          showStatus(answer.message, true);
        } else {
          showStatus((texts.refused || "The meeting cannot move there:") + " " + meeting.dataset.name, false, answer.problems);
        }
        refreshGrid();
      })
      .catch(function () {
        showStatus(texts.failed || "The move could not be sent; check the connection.", false);
      });
  });

  // No poll swaps the grid while a meeting is in the air.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (dragging && !document.body.contains(dragging)) dragging = null;  // swapped out mid-drag
    if (dragging && event.detail && event.detail.elt && event.detail.elt.id === "lounge-grid") {
      event.preventDefault();
    }
  });
})();
