// Refresh a campaign's bar every 10 seconds while the page is visible. Without JavaScript
// the bar is still there and right as of the page load.
(function () {
  "use strict";
  var bar = document.querySelector("[data-progress-url]");
  if (!bar || !window.fetch) return;
  var url = bar.getAttribute("data-progress-url");
  function refresh() {
    if (document.hidden) return;
    fetch(url, { credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("[data-progress-url]");
        if (fresh && fresh.innerHTML !== bar.innerHTML) {
          bar.innerHTML = fresh.innerHTML;
        }
      })
      .catch(function () {});
  }
  window.setInterval(refresh, 10000);
})();
