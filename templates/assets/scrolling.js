/* Scrolling regions a keyboard can reach (WCAG 2.1.1): a table too wide for the screen scrolls
 * inside the theme's wrapper, which the keyboard scrolls only once it can take the focus. Each
 * wrapper that scrolls gets tabindex="0", role="region" and, as its name, the table's caption or
 * the heading before it. A table the theme did not wrap (a private page's, unlocked after the
 * theme ran, or any page opened from a file) scrolls itself: it takes the focus and the name, and
 * keeps its role. Checked again when the page or the window's width changes.
 */
(function () {
  "use strict";

  function nameOf(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var node = wrap.closest(".md-typeset__scrollwrap") || wrap; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.trim();
    }
    var heading = document.querySelector(".md-content h1");
    return heading ? heading.textContent.trim() : document.title;
  }

  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset table:not([class])").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        if (box.tagName !== "TABLE") box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameOf(box));
        box.setAttribute("data-pb-scrolls", "");
      } else if (!scrolls && box.hasAttribute("data-pb-scrolls")) {
        ["tabindex", "role", "aria-label", "data-pb-scrolls"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }

  // The theme wraps tables as it shows a page (also after instant navigation): mark after it.
  function soon() { window.setTimeout(mark, 0); }
  if (typeof window.document$ !== "undefined") window.document$.subscribe(soon);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", soon);
  else soon();
  // A private page's tables arrive when it is unlocked, after the theme wrapped the page's.
  document.addEventListener("playbook:unlocked", soon);
  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(mark, 200);
  });
})();
