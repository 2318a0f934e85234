/* The coverage map of a zone in the admin: its blocks coloured by who is there.
   No tiles are loaded unless the organization configured its own tile server, so the map
   asks nothing of any other site. The table under the map gives the same figures. */
(function () {
    "use strict";

    var COLOURS = {
        nobody: "#f7fbff",
        members: "#9ecae1",
        responders: "#4292c6",
        captain: "#08519c"
    };

    function start(element) {
        if (typeof L === "undefined") {
            return;
        }
        var labels = JSON.parse(document.getElementById("coverage-map-labels").textContent);
        var blockUrl = element.dataset.blockUrl;
        var map = L.map(element, { attributionControl: false, scrollWheelZoom: false });
        if (element.dataset.tiles) {
            L.tileLayer(element.dataset.tiles, { maxZoom: 19 }).addTo(map);
        }

        function describe(props) {
            return props.name + " — " +
                labels.members + ": " + props.members + ", " +
                labels.responders + ": " + props.responders + ", " +
                labels.captain + ": " + (props.captain ? labels.yes : labels.no);
        }

        fetch(element.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) { return response.json(); })
            .then(function (data) {
                var layer = L.geoJSON(data, {
                    style: function (feature) {
                        return {
                            color: "#1f2d3d",
                            weight: 1,
                            fillColor: COLOURS[feature.properties.level] || COLOURS.nobody,
                            fillOpacity: 0.85
                        };
                    },
                    onEachFeature: function (feature, shape) {
                        shape.bindTooltip(describe(feature.properties));
                        shape.on("click", function () {
                            window.location.href = blockUrl.replace(/\/0\/$/, "/" + feature.properties.id + "/");
                        });
                    }
                }).addTo(map);
                if (layer.getLayers().length) {
                    map.fitBounds(layer.getBounds());
                } else {
                    map.setView([0, 0], 2);
                }
                element.dataset.loaded = "true";
                element.dataset.levels = data.features.map(function (f) {
                    return f.properties.code + ":" + f.properties.level;
                }).join(" ");
            });
    }

    document.addEventListener("DOMContentLoaded", function () {
        var element = document.getElementById("coverage-map");
        if (element) {
            start(element);
        }
    });
})();
