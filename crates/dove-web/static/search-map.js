// The results map: Leaflet, loaded only on the map view. Markers that sit
// close together at the current zoom are drawn as one numbered cluster.
// "Search this area" puts the map's box into the URL and reloads.
(function () {
  "use strict";
  var el = document.getElementById("results-map");
  if (!el) return;
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = el.dataset.leafletCss;
  document.head.appendChild(css);
  var js = document.createElement("script");
  js.src = el.dataset.leafletJs;
  js.onload = function () {
    var L = window.L;
    var points = JSON.parse(el.dataset.points || "[]");
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
    var layer = L.layerGroup().addTo(map);
    function draw() {
      layer.clearLayers();
      var cell = 360 / Math.pow(2, map.getZoom()) / 6;
      var groups = {};
      points.forEach(function (p) {
        var key = Math.floor(p.lat / cell) + ":" + Math.floor(p.lng / cell);
        (groups[key] = groups[key] || []).push(p);
      });
      Object.keys(groups).forEach(function (key) {
        var g = groups[key];
        var lat = 0, lng = 0;
        g.forEach(function (p) { lat += p.lat; lng += p.lng; });
        lat /= g.length; lng /= g.length;
        if (g.length === 1) {
          var p = g[0];
          var a = document.createElement("a");
          a.href = p.url;
          a.textContent = p.title + " · " + p.price;
          L.circleMarker([lat, lng], { radius: 8, color: "#0b6e4f", fillOpacity: 0.9 }).bindPopup(a).addTo(layer);
        } else {
          var icon = L.divIcon({ className: "cluster", html: String(g.length), iconSize: [34, 34] });
          L.marker([lat, lng], { icon: icon }).on("click", function () { map.setView([lat, lng], map.getZoom() + 2); }).addTo(layer);
        }
      });
    }
    if (points.length) {
      map.fitBounds(points.map(function (p) { return [p.lat, p.lng]; }), { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([-1.286, 36.817], 11);
    }
    map.on("zoomend", draw);
    draw();
    var area = document.querySelector("[data-search-area]");
    if (area) {
      area.hidden = false;
      area.addEventListener("click", function () {
        var b = map.getBounds();
        var url = new URL(window.location.href);
        url.searchParams.set("bbox", [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map(function (v) { return v.toFixed(4); }).join(","));
        url.searchParams.delete("page");
        window.location.href = url.toString();
      });
    }
  };
  document.head.appendChild(js);
})();
