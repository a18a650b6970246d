/* The checklist's filters (checklist.filters): one list per meta key. An item shows when, for every
 * list set to a value, its facts (data-pb-facts, {key: [texts]}) hold that value; a section or a
 * stream's heading with no item left showing hides too. Filters only hide: answers, results and
 * scores stay as they are, and "Next" passes hidden items by.
 */
(function () {
  "use strict";

  var has = window.PlaybookShared.has;

  function setup(root) {
    var box = root.querySelector("[data-pb-filters]");
    if (!box) return;
    var selects = Array.prototype.slice.call(box.querySelectorAll("[data-pb-filter]"));
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-pb-facts]"));
    var facts = items.map(function (item) { return JSON.parse(item.dataset.pbFacts); });

    function matches(itemFacts) {
      return selects.every(function (select) {
        var key = select.dataset.pbFilter;
        return !select.value || (has(itemFacts, key) && itemFacts[key].indexOf(select.value) >= 0);
      });
    }
    function apply() {
      var shown = 0;
      items.forEach(function (item, i) {
        item.hidden = !matches(facts[i]);
        if (!item.hidden) shown += 1;
      });
      root.querySelectorAll("[data-pb-section]").forEach(function (section) {
        section.hidden = !section.querySelector("[data-pb-facts]:not([hidden])");
      });
      root.querySelectorAll(".pb-stream").forEach(function (heading) {  /* a stream's heading, its items after it */
        var next = heading.nextElementSibling, any = false;
        for (; next && !next.classList.contains("pb-stream"); next = next.nextElementSibling) {
          if (next.dataset.pbFacts !== undefined && !next.hidden) any = true;
        }
        heading.hidden = !any;
      });
      box.querySelector("[data-pb-filter-count]").textContent =
        box.dataset.pbShowing.replace("{shown}", shown).replace("{total}", items.length);
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    apply();  /* a value the browser restored on going back */
  }

  /* As checklist.js starts: on Material's instant navigation (document$) and on a page's first load. */
  function start() {
    var root = document.getElementById("pb-checklist");
    if (!root || root.pbFiltersReady) return;
    root.pbFiltersReady = true;
    setup(root);
  }
  if (typeof window.document$ !== "undefined") window.document$.subscribe(start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
