/* The small helpers the page's scripts share; loaded before them (generator/build/pipeline.py puts
 * it first). Exposed as window.PlaybookShared.
 */
(function () {
  "use strict";

  /* Ids and answer values index maps without a prototype (and objects that come from outside
     are read by own property only): an item called `constructor`, or an imported answer
     `__proto__` or `toString`, is then only ever itself. */
  var own = Object.prototype.hasOwnProperty;
  function newMap() { return Object.create(null); }
  function has(map, key) { return own.call(map, key); }
  function lookup(map, key) { return own.call(map, key) ? map[key] : undefined; }
  function copy(map) { var out = newMap(); Object.keys(map).forEach(function (k) { out[k] = map[k]; }); return out; }
  function sortedKeys(map) { return Object.keys(map).sort(); }

  /* An item's answer scale: its own named one, else the model's default (""). */
  function scaleOf(data, item) { return lookup(data.rules.scales, item.scale || ""); }

  /* A number in the page's language ("0,8" in Norwegian), with at most `decimals` decimals. */
  function formatNumber(language, value, decimals) {
    return new Intl.NumberFormat(language || "en", { maximumFractionDigits: decimals }).format(value);
  }
  /* A score of 0-100 as a whole percentage in the page's language ("57 %" in Norwegian). */
  function formatPercent(language, value) {
    return new Intl.NumberFormat(language || "en", { style: "percent", maximumFractionDigits: 0 }).format(value / 100);
  }

  window.PlaybookShared = { newMap: newMap, has: has, lookup: lookup, copy: copy, sortedKeys: sortedKeys,
                            scaleOf: scaleOf, formatNumber: formatNumber, formatPercent: formatPercent };
})();
