/* The report form's map: the organized blocks drawn from our own GeoJSON, no map tiles from
   anyone. Tapping sets the hidden latitude/longitude fields and picks the block in the list.
   Without JavaScript the map stays hidden and the cross streets and block list do the work. */
(function () {
  "use strict";
  var holder = document.getElementById("report-map");
  if (!holder || !window.L) { return; }
  var latitude = document.getElementById(holder.dataset.latitude);
  var longitude = document.getElementById(holder.dataset.longitude);
  var blockList = document.getElementById(holder.dataset.block);
  holder.hidden = false;
  var help = document.getElementById("report-map-help");
  if (help) { help.hidden = false; }
  var map = L.map(holder, { attributionControl: true });
  var marker = null;
  if (holder.dataset.tiles) {
    L.tileLayer(holder.dataset.tiles, {
      maxZoom: 19, attribution: holder.dataset.tilesAttribution || ""
    }).addTo(map);
  }

  function place(latlng) {
    latitude.value = latlng.lat.toFixed(5);
    longitude.value = latlng.lng.toFixed(5);
    if (marker) { marker.setLatLng(latlng); } else {
      marker = L.circleMarker(latlng, { radius: 9, className: "report-map-marker" }).addTo(map);
    }
  }

  fetch(holder.dataset.blocks, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function () { return { className: "report-map-block" }; },
        onEachFeature: function (feature, shape) {
          shape.on("click", function (event) {
            place(event.latlng);
            if (blockList) { blockList.value = String(feature.properties.id); }
          });
        }
      }).addTo(map);
      if (data.features.length) { map.fitBounds(layer.getBounds()); } else {
        map.setView([39.95, -75.16], 13);
      }
      map.attributionControl.addAttribution("Abaca Labs, CC BY 4.0");
    })
    .catch(function () { holder.hidden = true; });

  map.on("click", function (event) { place(event.latlng); });
  if (latitude.value && longitude.value) {
    place(L.latLng(parseFloat(latitude.value), parseFloat(longitude.value)));
  }
}());
