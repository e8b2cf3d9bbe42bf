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
})();
