// During a flood, a guarded form carries a signed seed and a difficulty (bits). Find a nonce
// such that SHA-256(seed + nonce) starts with that many zero bits, put it in the form, then
// let the form go. A form on a page that is the same for everyone carries an empty seed and
// the address of a fresh one (data-pow-url), asked for when someone starts filling the form
// in: a 204 there means no flood, and nothing to solve. Without JavaScript (or Web Crypto and
// workers) the form still goes, and is held for review instead of acting at once.
(function () {
  "use strict";
  var seedInput = document.querySelector("[data-pow-bits]");
  var nonceInput = document.querySelector("[data-pow-nonce]");
  if (!seedInput || !nonceInput || !window.crypto || !window.crypto.subtle || !window.Worker) {
    return;
  }
  var form = seedInput.form;
  var status = form.querySelector("[data-pow-status]");
  var url = seedInput.getAttribute("data-pow-url");
  var workerUrl = seedInput.getAttribute("data-pow-worker");

  // The hashing runs in a worker (privacy/floods-worker.js): on the page itself it would keep
  // the phone from drawing or answering taps until it is done. A browser that cannot start
  // one sends the form without a solution, and the post is held as with JavaScript off.
  function solve(seed, bits) {
    return new Promise(function (resolve, reject) {
      var worker = new Worker(workerUrl);
      worker.onmessage = function (event) {
        worker.terminate();
        // How long it took and how many hashes: read by the browser tests.
        form.setAttribute("data-pow-tries", String(event.data.tries));
        form.setAttribute("data-pow-ms", String(event.data.ms));
        resolve(event.data.nonce);
      };
      worker.onerror = function () {
        worker.terminate();
        reject(new Error("proof of work failed"));
      };
      worker.postMessage({ seed: seed, bits: bits });
    });
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
