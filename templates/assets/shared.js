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

  /* How each language writes numbers shown to people, and which plural form a count takes: the
     twin of generator/formatting.py (see there for the rule of each language). A language
     without a rule writes as English does; digits are not grouped. */
  var STYLES = {
    en: { decimal: ".", percent: "{number}%", singularOne: true },
    nb: { decimal: ",", percent: "{number}\u00a0%", singularOne: true },
    zh: { decimal: ".", percent: "{number}%", singularOne: false }
  };
  function styleOf(language) { return own.call(STYLES, language) ? STYLES[language] : STYLES.en; }

  /* `value` rounded half up to at most `decimals` decimals (undefined or null: as it is), without
     trailing zeros, in the language's decimal sign: formatNumber("nb", 0.84, 1) is "0,8". */
  function formatNumber(language, value, decimals) {
    if (decimals !== undefined && decimals !== null) {
      var scale = Math.pow(10, decimals);
      value = Math.round(value * scale) / scale;
    }
    return String(value).replace(".", styleOf(language).decimal);
  }

  /* A percentage (0 to 100), whole unless `decimals` says otherwise (null: as it is):
     formatPercent("nb", 56.4) is "56 %" (a no-break space), formatPercent("en", 56.4) "56%". */
  function formatPercent(language, value, decimals) {
    var number = formatNumber(language, value, decimals === undefined ? 0 : decimals);
    return styleOf(language).percent.replace("{number}", number);
  }

  /* The CLDR plural category of `count` in `language`: "one" or "other". */
  function pluralOf(language, count) { return Number(count) === 1 && styleOf(language).singularOne ? "one" : "other"; }

  window.PlaybookShared = { newMap: newMap, has: has, lookup: lookup, copy: copy, sortedKeys: sortedKeys,
                            scaleOf: scaleOf, formatNumber: formatNumber, formatPercent: formatPercent,
                            pluralOf: pluralOf };
})();
