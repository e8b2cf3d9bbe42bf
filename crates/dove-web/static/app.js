// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Close an open header menu when tapping elsewhere.
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });
})();
