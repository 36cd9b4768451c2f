/* Security keys and passkeys (WebAuthn): add one on Mijn gegevens, log in with one.
   A form with data-webauthn="register" or "authenticate" is shown only where the browser
   can use keys; without JavaScript or support, the authenticator app remains. The server
   sends and receives the WebAuthn JSON forms (base64url); this file converts them. */
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }

  function decode(text) {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
  }

  function encode(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(options) {
    options.challenge = decode(options.challenge);
    options.user.id = decode(options.user.id);
    (options.excludeCredentials || []).forEach((c) => { c.id = decode(c.id); });
    return options;
  }

  function requestOptions(options) {
    options.challenge = decode(options.challenge);
    (options.allowCredentials || []).forEach((c) => { c.id = decode(c.id); });
    return options;
  }

  function credentialJSON(credential) {
    const r = credential.response;
    const out = {
      id: credential.id,
      rawId: encode(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: encode(r.clientDataJSON) },
    };
    if (r.attestationObject) {
      out.response.attestationObject = encode(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = encode(r.authenticatorData);
      out.response.signature = encode(r.signature);
      if (r.userHandle) { out.response.userHandle = encode(r.userHandle); }
    }
    return JSON.stringify(out);
  }

  async function post(url, form, extra) {
    const data = new FormData(form);
    Object.keys(extra).forEach((name) => data.append(name, extra[name]));
    const answer = await fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const body = await answer.json().catch(() => ({ error: "Het lukte niet. Probeer het opnieuw." }));
    if (!answer.ok) { throw new Error(body.error || "Het lukte niet. Probeer het opnieuw."); }
    return body;
  }

  document.querySelectorAll("[data-webauthn-unsupported]").forEach((el) => { el.hidden = true; });
  document.querySelectorAll("form[data-webauthn]").forEach((form) => {
    form.hidden = false;
    const status = form.querySelector("[data-webauthn-status]");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      status.textContent = "Volg de aanwijzingen van uw browser of sleutel.";
      try {
        const options = await post(form.dataset.options, form, {});
        const credential = form.dataset.webauthn === "register"
          ? await navigator.credentials.create({ publicKey: creationOptions(options) })
          : await navigator.credentials.get({ publicKey: requestOptions(options) });
        const result = await post(form.action, form, { credential: credentialJSON(credential) });
        window.location.assign(result.next);
      } catch (error) {
        status.textContent = error && error.name === "NotAllowedError"
          ? "Geannuleerd, of de tijd was om. Probeer het opnieuw."
          : (error && error.message) || "Het lukte niet. Probeer het opnieuw.";
      }
    });
  });
})();
