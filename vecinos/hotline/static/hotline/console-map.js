/* The incident's map in the console: its block in red, the blocks of the responders asked in
   blue, drawn from our own shapes (no map tiles). */
(function () {
  "use strict";
  var holder = document.getElementById("incident-map");
  if (!holder || !window.L) { return; }
  var source = document.getElementById(holder.dataset.source);
  var data = JSON.parse(source.textContent);
  if (!data.features.length && !data.point) { holder.hidden = true; return; }
  var map = L.map(holder);
  var layer = L.geoJSON(data, {
    style: function (feature) {
      return { className: "hotline-block-" + feature.properties.kind };
    }
  });
  // The view is set before anything is drawn: Leaflet cannot place a shape on a map without one.
  if (data.features.length) { map.fitBounds(layer.getBounds()); } else {
    map.setView(data.point, 16);
  }
  layer.addTo(map);
  if (data.point) {
    L.circleMarker(data.point, { radius: 7, className: "hotline-block-incident" }).addTo(map);
  }
}());
