/* Passkey ceremonies for the staff admin: register, second factor, and sign-in alone.
 *
 * Each <form data-passkey="register|verify|sign-in"> names the URLs it talks to in
 * data-options-url and data-url; every message shown comes from the page, already translated.
 */
(function () {
  "use strict";

  function toBytes(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) {
      base64 += "=";
    }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function supported() {
    return Boolean(
      window.PublicKeyCredential && navigator.credentials && navigator.credentials.create
    );
  }

  function post(form, url, body) {
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var next = form.querySelector("[name=next]");
    if (next && next.value) {
      url += (url.indexOf("?") === -1 ? "?" : "&") + "next=" + encodeURIComponent(next.value);
    }
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          throw new Error(data.error || form.dataset.failed);
        }
        return data;
      });
    });
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBytes(item.id), transports: item.transports };
    });
  }

  // What the server's library reads: the credential with every binary part in base64url.
  function serialize(credential, response) {
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response,
    };
  }

  function create(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    return navigator.credentials.create({ publicKey: options }).then(function (credential) {
      var response = credential.response;
      return serialize(credential, {
        clientDataJSON: toBase64url(response.clientDataJSON),
        attestationObject: toBase64url(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : [],
      });
    });
  }

  function get(options) {
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    return navigator.credentials.get({ publicKey: options }).then(function (credential) {
      var response = credential.response;
      return serialize(credential, {
        clientDataJSON: toBase64url(response.clientDataJSON),
        authenticatorData: toBase64url(response.authenticatorData),
        signature: toBase64url(response.signature),
        userHandle: response.userHandle ? toBase64url(response.userHandle) : null,
      });
    });
  }

  function setUp(form) {
    var status = form.querySelector("[data-passkey-status]");
    var button = form.querySelector("button[type=submit]");
    function say(message) {
      status.textContent = message;
      status.hidden = !message;
    }
    if (!supported()) {
      say(form.dataset.unsupported);
      button.disabled = true;
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var nameField = form.querySelector("[name=name]");
      if (nameField && !nameField.value.trim()) {
        say(form.dataset.nameMissing);
        nameField.focus();
        return;
      }
      button.disabled = true;
      say(form.dataset.waiting);
      var ceremony = form.dataset.passkey === "register" ? create : get;
      post(form, form.dataset.optionsUrl)
        .then(ceremony)
        .then(function (credential) {
          var body = { credential: credential };
          if (nameField) {
            body.name = nameField.value;
          }
          return post(form, form.dataset.url, body);
        })
        .then(function (data) {
          window.location.assign(data.redirect);
        })
        .catch(function (error) {
          button.disabled = false;
          // The browser's own errors (cancelled, timed out) are in English and technical.
          say(error && error.name === "Error" ? error.message : form.dataset.cancelled);
        });
    });
  }

  document.querySelectorAll("form[data-passkey]").forEach(setUp);
})();
