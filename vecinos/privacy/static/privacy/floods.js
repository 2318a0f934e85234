// During a flood, a guarded form carries a signed seed and a difficulty (bits). Find a nonce
// such that SHA-256(seed + nonce) starts with that many zero bits, put it in the form, then
// let the form go. A form on a page that is the same for everyone carries an empty seed and
// the address of a fresh one (data-pow-url), asked for when someone starts filling the form
// in: a 204 there means no flood, and nothing to solve. Without JavaScript (or Web Crypto) the
// form still goes, and is held for review instead of acting at once.
(function () {
  "use strict";
  var seedInput = document.querySelector("[data-pow-bits]");
  var nonceInput = document.querySelector("[data-pow-nonce]");
  if (!seedInput || !nonceInput || !window.crypto || !window.crypto.subtle) return;
  var form = seedInput.form;
  var status = form.querySelector("[data-pow-status]");
  var url = seedInput.getAttribute("data-pow-url");
  var encoder = new TextEncoder();
  var BATCH = 512;

  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer);
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { count++; b <<= 1; }
      return count;
    }
    return count;
  }

  function solve(seed, bits) {
    var started = performance.now();
    var next = 0;
    function batch() {
      var tries = [];
      for (var i = 0; i < BATCH; i++) {
        tries.push(crypto.subtle.digest("SHA-256", encoder.encode(seed + (next + i))));
      }
      var first = next;
      next += BATCH;
      return Promise.all(tries).then(function (digests) {
        for (var j = 0; j < digests.length; j++) {
          if (zeroBits(digests[j]) >= bits) {
            // How long it took and how many hashes: read by the browser tests.
            form.setAttribute("data-pow-tries", String(first + j + 1));
            form.setAttribute("data-pow-ms", String(Math.round(performance.now() - started)));
            return String(first + j);
          }
        }
        return batch();
      });
    }
    return batch();
  }

  // The challenge of the page itself, or one asked for; null when there is nothing to solve.
  function challenge() {
    if (!url) {
      return Promise.resolve({
        seed: seedInput.getAttribute("data-pow-seed"),
        bits: parseInt(seedInput.getAttribute("data-pow-bits"), 10),
      });
    }
    return fetch(url, { credentials: "omit", cache: "no-store" })
      .then(function (response) {
        if (response.status !== 200) return null;
        return response.json().then(function (found) {
          seedInput.value = found.token;
          return found;
        });
      })
      .catch(function () { return null; });
  }

  var solution = null;
  function start() {
    if (!solution) {
      solution = challenge().then(function (found) {
        form.setAttribute("data-pow-asked", found ? "challenge" : "none");
        if (!found) return "";
        return solve(found.seed, found.bits).then(function (nonce) {
          nonceInput.value = nonce;
          return nonce;
        });
      });
    }
    return solution;
  }

  if (url) form.addEventListener("focusin", start, { once: true });
  else start();

  var sending = false;
  form.addEventListener("submit", function (event) {
    if (nonceInput.value || sending) return;
    event.preventDefault();
    sending = true;
    if (status && (!url || seedInput.value)) {
      status.textContent = status.getAttribute("data-working");
      status.hidden = false;
    }
    // requestSubmit keeps the button that was pressed (its name and value go with the form).
    var submitter = event.submitter;
    function send() {
      if (form.requestSubmit) form.requestSubmit(submitter || undefined);
      else form.submit();
    }
    // Later than the promise alone: one already settled would call send() while this submit
    // event is still being handled, and the browser ignores a submission asked for then.
    function later() { setTimeout(send, 0); }
    start().then(later, later);
  });
})();
