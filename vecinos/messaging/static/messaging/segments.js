// Live SMS segment counter for compose forms.
//
// A textarea with data-segment-counter="<id>" updates the element with that id as the text
// changes. That element carries the translated labels in data attributes (the server renders
// them in the page's language, with the first count already filled in), so this file holds no
// words of its own. The counting mirrors vecinos/messaging/sms_length.py.
(function () {
  "use strict";

  var BASIC =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[~]|€";

  function count(text) {
    var chars = Array.from(text);
    var gsm = chars.every(function (ch) {
      return BASIC.indexOf(ch) !== -1 || EXTENSION.indexOf(ch) !== -1;
    });
    var sizes = chars.map(function (ch) {
      if (gsm) {
        return EXTENSION.indexOf(ch) !== -1 ? 2 : 1;
      }
      return ch.codePointAt(0) > 0xffff ? 2 : 1;
    });
    var units = sizes.reduce(function (a, b) { return a + b; }, 0);
    var single = gsm ? 160 : 70;
    if (units <= single) {
      return { gsm: gsm, chars: chars.length, units: units, segments: units ? 1 : 0 };
    }
    var size = gsm ? 153 : 67;
    var segments = 1;
    var used = 0;
    sizes.forEach(function (width) {
      // Phones never split an escape sequence or a surrogate pair across two parts.
      if (used + width > size) {
        segments += 1;
        used = 0;
      }
      used += width;
    });
    return { gsm: gsm, chars: chars.length, units: units, segments: segments };
  }

  function plural(output, name, n) {
    var label = n === 1 ? output.dataset[name + "One"] : output.dataset[name + "Other"];
    return (label || "%(count)s").replace("%(count)s", String(n));
  }

  function render(output, info) {
    return (output.dataset.format || "%(chars)s · %(segments)s · %(encoding)s")
      .replace("%(chars)s", plural(output, "chars", info.chars))
      .replace("%(segments)s", plural(output, "segments", info.segments))
      .replace("%(encoding)s", info.gsm ? output.dataset.gsm : output.dataset.unicode);
  }

  function attach(textarea) {
    var output = document.getElementById(textarea.dataset.segmentCounter);
    if (!output) {
      return;
    }
    var update = function () {
      var info = count(textarea.value);
      output.textContent = render(output, info);
      output.dataset.segments = String(info.segments);
      output.dataset.encoding = info.gsm ? "gsm7" : "ucs2";
    };
    textarea.addEventListener("input", update);
    update();
  }

  function start() {
    document.querySelectorAll("textarea[data-segment-counter]").forEach(attach);
  }

  window.vecinosSegments = { count: count };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
