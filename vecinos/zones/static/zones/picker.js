/* The block picker: a map of the chosen neighbourhood's blocks above the block list.
 *
 * The page works without this script: the zone and block lists, with a "Show the blocks"
 * button that asks the server for the zone's blocks. The script adds the map (Leaflet, from
 * our own static files, fetched only once a neighbourhood is chosen, so a phone on little
 * data pays for it only when it is used), fills the block list from the zone's shapes, and
 * offers "use my location". Texts come from the page (data-text-* attributes), already in its language.
 * The position found by "use my location" goes to the server once, in a POST, and is kept
 * nowhere.
 */
(function () {
  "use strict";

  var BLOCK_STYLE = { color: "#8a1538", weight: 1, fillColor: "#8a1538", fillOpacity: 0.08 };
  var CHOSEN_STYLE = { color: "#1a5fb4", weight: 3, fillColor: "#1a5fb4", fillOpacity: 0.45 };
  // Leaflet's stylesheet and script come once, for every picker on the page
  // (vecinos/map-on-demand.js, shared with the other public maps).
  function loadLeaflet(root) {
    return window.vecinosLoadLeaflet(root);
  }

  function setUp(root) {
    var form = root.closest("form");
    var zoneSelect = root.querySelector("select[name$=zone]");
    var blockSelect = root.querySelector("select[name$=block]");
    var mapWrap = root.querySelector("[data-map-wrap]");
    var mapElement = root.querySelector("[data-map]");
    var attribution = root.querySelector("[data-attribution-text]");
    var status = root.querySelector("[data-status]");
    var showBlocksRow = root.querySelector("[data-show-blocks-row]");
    var locateButton = root.querySelector("[data-locate]");
    var text = root.dataset;
    var map = null;
    var shapes = null;
    var layers = {};
    // Which zone request is the latest: an answer to an earlier one is ignored.
    var latest = 0;

    if (!zoneSelect || !blockSelect || !mapElement) {
      return;
    }
    // The lists now update themselves: the server round trip is not needed.
    showBlocksRow.hidden = true;

    function say(message) {
      status.textContent = message || "";
    }

    function ensureMap() {
      if (map) {
        return map;
      }
      map = L.map(mapElement, {
        attributionControl: false,
        scrollWheelZoom: false,
        zoomSnap: 0.25,
      });
      if (text.tilesUrl) {
        L.tileLayer(text.tilesUrl, { maxZoom: 19 }).addTo(map);
      }
      return map;
    }

    function highlight() {
      Object.keys(layers).forEach(function (id) {
        layers[id].setStyle(id === blockSelect.value ? CHOSEN_STYLE : BLOCK_STYLE);
        if (id === blockSelect.value) {
          layers[id].bringToFront();
        }
      });
    }

    function choose(id) {
      blockSelect.value = id;
      highlight();
      var option = blockSelect.options[blockSelect.selectedIndex];
      if (option && layers[id]) {
        say(text.textChosen + " " + option.textContent);
      }
    }

    function fillBlocks(features, keep) {
      var unknown = new Option(text.textUnknown, "unknown");
      blockSelect.replaceChildren(new Option(text.textChoose, ""), unknown);
      features
        .slice()
        .sort(function (a, b) {
          return a.properties.name.localeCompare(b.properties.name, undefined, { numeric: true });
        })
        .forEach(function (feature) {
          blockSelect.add(new Option(feature.properties.name, String(feature.properties.id)));
        });
      blockSelect.value = keep;
      if (blockSelect.value !== keep) {
        blockSelect.value = "";
      }
    }

    function draw(data) {
      ensureMap();
      if (shapes) {
        shapes.remove();
      }
      layers = {};
      shapes = L.geoJSON(data, {
        style: function () {
          return BLOCK_STYLE;
        },
        onEachFeature: function (feature, layer) {
          var id = String(feature.properties.id);
          layers[id] = layer;
          layer.options.className = "zone-block block-" + id;
          layer.bindTooltip(feature.properties.name, { sticky: true });
          layer.on("click", function () {
            choose(id);
          });
        },
      }).addTo(map);
      map.invalidateSize();
      map.fitBounds(shapes.getBounds(), { padding: [8, 8] });
      highlight();
    }

    function loadZone() {
      var option = zoneSelect.options[zoneSelect.selectedIndex];
      var url = option && option.dataset.shapes;
      if (!url) {
        mapWrap.hidden = true;
        blockSelect.replaceChildren(new Option(blockSelect.options[0].textContent, ""));
        return Promise.resolve();
      }
      attribution.textContent = option.dataset.attribution || "";
      say("");
      var shapesLoaded = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      });
      var request = ++latest;
      return Promise.all([shapesLoaded, loadLeaflet(root)])
        .then(function (loaded) {
          if (request !== latest) {
            return;
          }
          var data = loaded[0];
          mapWrap.hidden = false;
          // The choice as it is when the shapes arrive: a person who picked a block while
          // they loaded keeps it.
          fillBlocks(data.features, blockSelect.value);
          draw(data);
        })
        .catch(function () {
          // Without the shapes, the server can still list the blocks.
          mapWrap.hidden = true;
          showBlocksRow.hidden = false;
          say(text.textMapFailed);
        });
    }

    function locate() {
      say(text.textLocating);
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var body = new FormData();
          body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
          body.append("latitude", position.coords.latitude);
          body.append("longitude", position.coords.longitude);
          fetch(text.locateUrl, { method: "POST", body: body, credentials: "same-origin" })
            .then(function (response) {
              return response.json();
            })
            .then(function (answer) {
              if (!answer.block) {
                say(answer.error || text.textNotFound);
                return;
              }
              zoneSelect.value = answer.block.zone;
              loadZone().then(function () {
                choose(String(answer.block.id));
              });
            })
            .catch(function () {
              say(text.textNotFound);
            });
        },
        function () {
          say(text.textNoLocation);
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    }

    zoneSelect.addEventListener("change", loadZone);
    blockSelect.addEventListener("change", function () {
      highlight();
      say("");
    });
    if (navigator.geolocation && locateButton) {
      locateButton.hidden = false;
      locateButton.addEventListener("click", locate);
    }
    if (zoneSelect.value) {
      loadZone();
    }
  }

  function start() {
    if (!window.fetch || !window.Promise || !window.vecinosLoadLeaflet) {
      return;
    }
    document.querySelectorAll("[data-block-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
