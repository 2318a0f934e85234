// The proof of work of privacy/floods.js, solved away from the page so that it keeps drawing
// and answering taps while the phone works: told {seed, bits}, it finds a nonce such that
// SHA-256(seed + nonce) starts with that many zero bits and answers {nonce, tries, ms}.
"use strict";
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

async function solve(seed, bits) {
  for (var next = 0; ; next += BATCH) {
    var tries = [];
    for (var i = 0; i < BATCH; i++) {
      tries.push(crypto.subtle.digest("SHA-256", encoder.encode(seed + (next + i))));
    }
    var digests = await Promise.all(tries);
    for (var j = 0; j < digests.length; j++) {
      if (zeroBits(digests[j]) >= bits) return next + j;
    }
  }
}

self.onmessage = function (event) {
  var started = performance.now();
  solve(event.data.seed, event.data.bits).then(function (nonce) {
    self.postMessage({
      nonce: String(nonce),
      tries: nonce + 1,
      ms: Math.round(performance.now() - started),
    });
  });
};
