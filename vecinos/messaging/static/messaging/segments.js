// Live SMS segment counter for compose forms.
//
// A textarea with data-segment-counter="<id>" updates the element with that id as the text
// changes. That element carries the translated labels in data attributes (the server renders
// them in the page's language, with the first count already filled in), so this file holds no
// words of its own. The counting mirrors vecinos/messaging/sms_length.py, and the text is
// counted as it will be sent: `fold` mirrors rendering.sms_text, the one rule for accents
// in every SMS (á, í, ó, ú written as a, i, o, u; é, ñ, ü kept).
(function () {
  "use strict";

  var BASIC =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[~]|€";

  var LOOKALIKES = {
    "\u2018": "'", "\u2019": "'", "\u201c": "\"", "\u201d": "\"", "\u2013": "-",
    "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u00ba": "o", "\u00aa": "a"
  };

  function inGsm(ch) {
    return BASIC.indexOf(ch) !== -1 || EXTENSION.indexOf(ch) !== -1;
  }

  function fold(text) {
    return Array.from(text).map(function (ch) {
      if (Object.prototype.hasOwnProperty.call(LOOKALIKES, ch)) {
        return LOOKALIKES[ch];
      }
      if (inGsm(ch)) {
        return ch;
      }
      var base = ch.normalize("NFD").replace(/\p{M}/gu, "");
      var plain = base && Array.from(base).every(function (c) { return BASIC.indexOf(c) !== -1; });
      return plain ? base : ch;
    }).join("");
  }

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
      var info = count(fold(textarea.value));
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

  window.vecinosSegments = { count: count, fold: fold };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
