/* Private pages: the locked panel holds the page encrypted (generator/clients/private_pages.py); the
 * reader's passphrase derives the key (PBKDF2-SHA256, AES-256-GCM, with WebCrypto) and the page
 * is put in place of the panel. A key that opened a page is kept for the session, or on this
 * device when the reader asks, so the site's other private pages open at once.
 */
(function () {
  "use strict";

  var bytes = function (b64) { return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); }); };
  var b64 = function (buffer) { return btoa(String.fromCharCode.apply(null, new Uint8Array(buffer))); };
  var storeKey = function (data) { return "playbook:key:" + data.salt; };

  function derive(passphrase, data) {
    var material = new TextEncoder().encode(passphrase);
    return crypto.subtle.importKey("raw", material, "PBKDF2", false, ["deriveBits"]).then(function (key) {
      return crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: bytes(data.salt),
                                        iterations: data.iterations }, key, 512);
    });
  }

  /* Resolves to the page's HTML; rejects with "wrong" (not this site's key) or "damaged". */
  function open(keys, data) {
    var all = new Uint8Array(keys);
    var mac = crypto.subtle.importKey("raw", all.slice(32), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return mac.then(function (k) {
      return crypto.subtle.sign("HMAC", k, new TextEncoder().encode("playbook key check"));
    }).then(function (check) {
      if (b64(check.slice(0, 16)) !== data.check) throw new Error("wrong");
      return crypto.subtle.importKey("raw", all.slice(0, 32), "AES-GCM", false, ["decrypt"]);
    }).then(function (key) {
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes(data.nonce) }, key, bytes(data.ciphertext))
        .catch(function () { throw new Error("damaged"); });
    }).then(function (plain) { return new TextDecoder().decode(plain); });
  }

  function remembered(data) {
    try { return sessionStorage.getItem(storeKey(data)) || localStorage.getItem(storeKey(data)); }
    catch (e) { return null; }
  }

  function show(panel, page) {
    var holder = document.createElement("div");
    holder.innerHTML = page;
    panel.replaceWith.apply(panel, Array.prototype.slice.call(holder.childNodes));
    document.dispatchEvent(new CustomEvent("playbook:unlocked"));
  }

  function setup(panel) {
    var data = JSON.parse(panel.dataset.pbLocked);
    var form = panel.querySelector("form");
    var error = panel.querySelector(".pb-locked-error");
    var say = function (reason) { error.textContent = reason === "wrong" ? panel.dataset.pbWrong : panel.dataset.pbDamaged; };
    var stored = remembered(data);
    if (stored) {
      open(bytes(stored).buffer, data).then(function (page) { show(panel, page); }, function () { form.hidden = false; });
    } else {
      form.hidden = false;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      error.textContent = "";
      derive(form.elements.passphrase.value, data).then(function (keys) {
        return open(keys, data).then(function (page) {
          try {
            (form.elements.remember.checked ? localStorage : sessionStorage).setItem(storeKey(data), b64(keys));
          } catch (e) { /* storage unavailable: the page still opens */ }
          show(panel, page);
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
