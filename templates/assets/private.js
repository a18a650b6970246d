/* Private pages: the locked panel holds the page encrypted (generator/clients/private_pages.py); the
 * reader's passphrase derives the keys (one PBKDF2-SHA256 block expanded with HKDF-SHA256; the page
 * is AES-256-GCM, with WebCrypto) and the page is put in place of the panel. A key that opened a page is kept for the session, or on this
 * device when the reader asks, so the site's other private pages open at once.
 */
(function () {
  "use strict";

  var bytes = function (b64) { return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); }); };
  var b64 = function (buffer) { return btoa(String.fromCharCode.apply(null, new Uint8Array(buffer))); };
  var storeKey = function (data) { return "playbook:key:" + data.salt; };
  var REMEMBER_DAYS = 30;  /* as the panel's "Remember on this device for 30 days" says */

  /* Resolves to the 32-byte PBKDF2 block that every key of the site comes from. */
  function derive(passphrase, data) {
    var material = new TextEncoder().encode(passphrase);
    return crypto.subtle.importKey("raw", material, "PBKDF2", false, ["deriveBits"]).then(function (key) {
      return crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: bytes(data.salt),
                                        iterations: data.iterations }, key, 256);
    });
  }

  /* A 32-byte key for one purpose, as private_pages._expand makes it. */
  function expand(master, info) {
    return crypto.subtle.importKey("raw", master, "HKDF", false, ["deriveBits"]).then(function (key) {
      return crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0),
                                        info: new TextEncoder().encode(info) }, key, 256);
    });
  }

  /* Resolves to the page's HTML; rejects with "wrong" (not this site's key) or "damaged". */
  function open(master, data) {
    return expand(master, "playbook hmac").then(function (macKey) {
      return crypto.subtle.importKey("raw", macKey, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    }).then(function (k) {
      return crypto.subtle.sign("HMAC", k, new TextEncoder().encode("playbook key check"));
    }).then(function (check) {
      if (b64(check.slice(0, 16)) !== data.check) throw new Error("wrong");
      return expand(master, "playbook aes-256-gcm");
    }).then(function (aesKey) {
      return crypto.subtle.importKey("raw", aesKey, "AES-GCM", false, ["decrypt"]);
    }).then(function (key) {
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes(data.nonce) }, key, bytes(data.ciphertext))
        .catch(function () { throw new Error("damaged"); });
    }).then(function (plain) {  /* less the padding that hides its size (private_pages.padded) */
      return new TextDecoder().decode(plain).replace(/<!--pb-padding *-->$/, "");
    });
  }

  /* The key kept for this site: for the session, or on this device until it expires. */
  function remembered(data) {
    try {
      var session = sessionStorage.getItem(storeKey(data));
      if (session) return session;
      var kept = JSON.parse(localStorage.getItem(storeKey(data)) || "null");
      if (kept && kept.expires > Date.now()) return kept.key;
      localStorage.removeItem(storeKey(data));
    } catch (e) { /* storage unavailable or not ours: ask */ }
    return null;
  }

  function keep(data, master, onDevice) {
    try {
      var key = b64(master);
      sessionStorage.setItem(storeKey(data), key);
      if (onDevice) {
        localStorage.setItem(storeKey(data), JSON.stringify({ key: key, expires: Date.now() + REMEMBER_DAYS * 864e5 }));
      }
    } catch (e) { /* storage unavailable: the page still opens */ }
  }

  function forget(data) {
    try { sessionStorage.removeItem(storeKey(data)); localStorage.removeItem(storeKey(data)); } catch (e) { /* nothing kept */ }
  }

  /* The page in place of the panel, then a button that forgets the key on this device. */
  function show(panel, page, data) {
    var holder = document.createElement("div");
    holder.innerHTML = page;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button pb-locked-forget";
    button.textContent = panel.dataset.pbForget;
    button.addEventListener("click", function () { forget(data); location.reload(); });
    holder.appendChild(button);
    panel.replaceWith.apply(panel, Array.prototype.slice.call(holder.childNodes));
    document.dispatchEvent(new CustomEvent("playbook:unlocked"));
  }

  function setup(panel) {
    var data = JSON.parse(panel.dataset.pbLocked);
    var form = panel.querySelector("form");
    var error = panel.querySelector(".pb-locked-error");
    var say = function (reason) { error.textContent = reason === "wrong" ? panel.dataset.pbWrong : panel.dataset.pbDamaged; };
    if (!window.crypto || !crypto.subtle) {  /* plain http: browsers give WebCrypto to secure pages only */
      panel.querySelector(".pb-locked-insecure").hidden = false;
      return;
    }
    var stored = remembered(data);
    if (stored) {
      open(bytes(stored).buffer, data).then(function (page) { show(panel, page, data); }, function () { form.hidden = false; });
    } else {
      form.hidden = false;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      error.textContent = "";
      derive(form.elements.passphrase.value, data).then(function (master) {
        return open(master, data).then(function (page) {
          keep(data, master, form.elements.remember.checked);
          show(panel, page, data);
        });
      }).catch(function (reason) { say(reason.message); });
    });
  }

  function start() {
    document.querySelectorAll("[data-pb-locked]").forEach(function (panel) {
      if (!panel.pbReady) { panel.pbReady = true; setup(panel); }
    });
  }
  if (typeof window.document$ !== "undefined") window.document$.subscribe(start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
