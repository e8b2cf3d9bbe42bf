// Listing page: copy link, and the map loaded only when asked for, so a
// phone on a metered connection does not pay for Leaflet and tiles unless
// the buyer wants them. Without JavaScript the text location stands alone.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var input = document.getElementById(btn.dataset.copy);
      var done = function () { btn.textContent = btn.dataset.copied; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
      } else {
        input.select();
        document.execCommand("copy");
        done();
      }
    });
  });

  var map = document.getElementById("map");
  if (!map) return;
  var button = map.querySelector("[data-show-map]");
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = map.dataset.leafletCss;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = map.dataset.leafletJs;
    js.onload = function () {
      button.remove();
      map.classList.add("shown");
      var lat = parseFloat(map.dataset.lat), lng = parseFloat(map.dataset.lng);
      var m = window.L.map(map, { scrollWheelZoom: false }).setView([lat, lng], 15);
      window.L.tileLayer(map.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" }).addTo(m);
      if (map.dataset.exact === "true") {
        window.L.circleMarker([lat, lng], { radius: 9, color: "#0b6e4f", fillOpacity: 0.9 }).addTo(m);
      } else {
        window.L.circle([lat, lng], { radius: parseFloat(map.dataset.radius), color: "#0b6e4f", fillOpacity: 0.15 }).addTo(m);
      }
    };
    document.head.appendChild(js);
  });
})();
