/* The report form's map: the organized blocks drawn from our own GeoJSON, no map tiles from
   anyone. Tapping sets the hidden latitude/longitude fields and picks the block in the list.
   Leaflet is fetched only when the person presses "Show the map" (vecinos/map-on-demand.js),
   so the form stays light on a phone with little data. Without JavaScript the button and the
   map stay hidden and the cross streets and block list do the work. */
(function () {
  "use strict";
  var holder = document.getElementById("report-map");
  var button = document.querySelector("[data-show-map]");
  if (!holder || !button || !window.fetch || !window.Promise || !window.vecinosLoadLeaflet) {
    return;
  }
  var latitude = document.getElementById(holder.dataset.latitude);
  var longitude = document.getElementById(holder.dataset.longitude);
  var blockList = document.getElementById(holder.dataset.block);
  var help = document.getElementById("report-map-help");
  var buttonRow = button.parentNode;
  var map = null;
  var marker = null;

  function place(latlng) {
    latitude.value = latlng.lat.toFixed(5);
    longitude.value = latlng.lng.toFixed(5);
    if (marker) { marker.setLatLng(latlng); } else {
      marker = L.circleMarker(latlng, { radius: 9, className: "report-map-marker" }).addTo(map);
    }
  }

  function giveUp() {
    holder.hidden = true;
    if (help) { help.hidden = true; }
    buttonRow.hidden = false;
    button.disabled = false;
  }

  function draw(data) {
    holder.hidden = false;
    if (help) { help.hidden = false; }
    map = L.map(holder, { attributionControl: true });
    if (holder.dataset.tiles) {
      L.tileLayer(holder.dataset.tiles, {
        maxZoom: 19, attribution: holder.dataset.tilesAttribution || ""
      }).addTo(map);
    }
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
    map.on("click", function (event) { place(event.latlng); });
    if (latitude.value && longitude.value) {
      place(L.latLng(parseFloat(latitude.value), parseFloat(longitude.value)));
    }
  }

  function showMap() {
    if (map) { return; }
    button.disabled = true;
    var shapes = fetch(holder.dataset.blocks, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
    Promise.all([shapes, window.vecinosLoadLeaflet(holder)])
      .then(function (loaded) {
        buttonRow.hidden = true;
        draw(loaded[0]);
      })
      .catch(giveUp);
  }

  button.addEventListener("click", showMap);
  buttonRow.hidden = false;
  // A form sent back with a point already chosen on the map: the person asked for it before.
  if (latitude.value && longitude.value) { showMap(); }
}());
