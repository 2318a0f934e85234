/* The incident's map in the console: its block in red, the blocks of the responders asked in
   blue, drawn from our own shapes (no map tiles). */
(function () {
  "use strict";
  var holder = document.getElementById("incident-map");
  if (!holder || !window.L) { return; }
  var source = document.getElementById(holder.dataset.source);
  var data = JSON.parse(source.textContent);
  var map = L.map(holder);
  var layer = L.geoJSON(data, {
    style: function (feature) {
      return { className: "hotline-block-" + feature.properties.kind };
    }
  }).addTo(map);
  if (data.point) {
    L.circleMarker(data.point, { radius: 7, className: "hotline-block-incident" }).addTo(map);
  }
  if (data.features.length) { map.fitBounds(layer.getBounds()); } else if (data.point) {
    map.setView(data.point, 16);
  } else { holder.hidden = true; }
}());
