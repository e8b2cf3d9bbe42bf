// Listing editor: fill the map pin from the phone's location, if allowed.
(function () {
  "use strict";
  var btn = document.querySelector("[data-locate]");
  if (!btn || !navigator.geolocation) return;
  btn.hidden = false;
  btn.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("lat").value = pos.coords.latitude.toFixed(6);
      document.getElementById("lng").value = pos.coords.longitude.toFixed(6);
    });
  });
})();
