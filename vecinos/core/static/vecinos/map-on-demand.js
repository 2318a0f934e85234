/* Load Leaflet (our own copy, from the static files) only when a map is asked for.
 *
 * A page that may show a map puts data-leaflet-js and data-leaflet-css on an element and
 * includes this small script instead of Leaflet itself: a phone on little data pays for the
 * map (about 150 KB) only when the person opens it. vecinosLoadLeaflet(element) returns a
 * Promise that resolves once window.L is there; every map on the page shares one download.
 */
(function () {
  "use strict";
  var loading = null;

  window.vecinosLoadLeaflet = function (element) {
    if (window.L) {
      return Promise.resolve(window.L);
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = element.dataset.leafletCss;
        document.head.appendChild(style);
        var script = document.createElement("script");
        script.src = element.dataset.leafletJs;
        script.onload = function () { resolve(window.L); };
        script.onerror = function () {
          loading = null;
          reject(new Error("Leaflet could not be loaded"));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  };
}());
