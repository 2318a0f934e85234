// Scan a ticket's QR code with the camera where the browser can (BarcodeDetector), and
// submit it as if it had been typed. Without it, the typed-code form works as it is.
(function () {
  "use strict";
  var button = document.getElementById("scan-button");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var form = document.getElementById("code-form");
  if (!button || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var input = form.querySelector("input[name=code]");
  button.hidden = false;
  var stream = null;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
  }

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        status.textContent = button.dataset.scanning || "";
        // Not waiting for play(): detect() on a video without a frame yet fails, and the
        // loop simply tries again on the next frame.
        video.play().catch(function () {});
        function look() {
          if (!stream) { return; }
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              input.value = codes[0].rawValue;
              stop();
              form.submit();
            } else {
              window.requestAnimationFrame(look);
            }
          }).catch(function () { window.requestAnimationFrame(look); });
        }
        look();
      })
      .catch(function () {
        stop();
        status.textContent = button.dataset.noCamera || "";
      });
  });
})();
