// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Close an open header menu when tapping elsewhere.
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });

  // Live updates for signed-in pages: the unread badge, and the open
  // conversation, which reloads its messages (marking them read).
  var live = document.body.getAttribute("data-live");
  if (live && window.EventSource) {
    var source = new EventSource(live);
    source.addEventListener("update", function (e) {
      var u;
      try { u = JSON.parse(e.data); } catch (err) { return; }
      var badge = document.getElementById("unread-badge");
      if (badge) {
        badge.textContent = String(u.unread);
        badge.hidden = u.unread === 0;
      }
      var thread = document.getElementById("thread");
      if (thread && (u.conversation === "" || thread.getAttribute("data-thread") === u.conversation)) {
        fetch(thread.getAttribute("data-src"), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            if (html === null) return;
            thread.innerHTML = html;
            var latest = document.getElementById("latest");
            if (latest) latest.scrollIntoView({ block: "end" });
          });
      }
    });
  }

  // Leads board: drag a card to another lane to move it. The card's own
  // form (a select and a button) does the same without JavaScript.
  var dragged = null;
  document.querySelectorAll(".lead-card[draggable]").forEach(function (card) {
    card.addEventListener("dragstart", function () { dragged = card; });
  });
  document.querySelectorAll(".lane").forEach(function (lane) {
    lane.addEventListener("dragover", function (e) { e.preventDefault(); lane.classList.add("drop"); });
    lane.addEventListener("dragleave", function () { lane.classList.remove("drop"); });
    lane.addEventListener("drop", function (e) {
      e.preventDefault();
      lane.classList.remove("drop");
      if (!dragged) return;
      var form = dragged.querySelector("form.stage-form");
      var select = form && form.querySelector("select[name=stage]");
      if (!select || select.value === lane.getAttribute("data-stage")) return;
      select.value = lane.getAttribute("data-stage");
      form.submit();
    });
  });
})();
