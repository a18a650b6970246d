/* Scrolling regions a keyboard can reach (WCAG 2.1.1): a table too wide for the screen scrolls
 * inside the theme's wrapper, which the keyboard scrolls only once it can take the focus. Each
 * wrapper that scrolls gets tabindex="0", role="region" and, as its name, the table's caption or
 * the heading before it. Checked again when the page or the window's width changes, and when a
 * private page is unlocked: its tables arrive after the theme wrapped the page's, so they are
 * wrapped here as the theme wraps them.
 */
(function () {
  "use strict";

  function nameOf(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var node = wrap.closest(".md-typeset__scrollwrap"); node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.trim();
    }
    var heading = document.querySelector(".md-content h1");
    return heading ? heading.textContent.trim() : document.title;
  }

  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", nameOf(wrap));
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }

  function wrapTables() {
    document.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
      if (table.parentElement.classList.contains("md-typeset__table")) return;
      var wrap = document.createElement("div"), inner = document.createElement("div");
      wrap.className = "md-typeset__scrollwrap";
      inner.className = "md-typeset__table";
      table.replaceWith(wrap);
      wrap.appendChild(inner);
      inner.appendChild(table);
    });
    mark();
  }
  document.addEventListener("playbook:unlocked", wrapTables);

  // The theme wraps tables as it shows a page (also after instant navigation): mark after it.
  function soon() { window.setTimeout(mark, 0); }
  if (typeof window.document$ !== "undefined") window.document$.subscribe(soon);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", soon);
  else soon();
  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(mark, 200);
  });
})();
