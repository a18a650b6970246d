/* Answers that survive model upgrades, in the browser: answers made on an older model version are
 * carried over along the model's changes log (the page's data.changes, oldest first).
 *
 * The rules, their order and the sentences are those of generator/assessment/migration.py; the
 * rules contract (tests/contract/) checks that both agree. Mapping keys are taken in sorted order, as there, because a JSON object
 * keeps keys such as "2024" out of the order they were written in.
 */
(function () {
  "use strict";

  /* Maps without a prototype, read by own property only: see shared.js. */
  var shared = window.PlaybookShared;
  var newMap = shared.newMap, has = shared.has, sortedKeys = shared.sortedKeys;

  function start(changes, currentVersion, version) {
    if (version === currentVersion) return changes.length;
    for (var i = 0; i < changes.length; i++) {
      if (changes[i].previous === version) return i;
    }
    var known = changes.map(function (change) { return change.previous; }).concat([currentVersion]);
    throw new Error("the model's changes log has no version " + version + " to start from: give the version " +
                    "these answers were made for (" + known.join(", ") + ")");
  }

  /* An answer's value: the answer itself, or the `value` of an answer kept with its note. */
  function valueOf(entry) {
    return entry !== null && typeof entry === "object" ? entry.value : entry;
  }

  /* One log entry applied to `answers` (in place), all of it at once; returns the items to answer
     again (those of `again`, by their new ids, then this entry's). An answer is a value or
     {value, note, evidence}: a note goes where its answer goes, and a merged item keeps the first
     part's note when its parts were answered alike. */
  function carry(change, answers, changed, again) {
    var mergedInto = newMap();
    sortedKeys(change.merged).forEach(function (id) {
      change.merged[id].forEach(function (old) { mergedInto[old] = id; });
    });
    function successors(id) {
      if (has(change.renamed, id)) return [change.renamed[id]];
      if (has(change.split, id)) return change.split[id];
      if (has(mergedInto, id)) return [mergedInto[id]];
      return change.retired.indexOf(id) >= 0 ? [] : [id];
    }
    var still = [];
    again.forEach(function (id) { still.push.apply(still, successors(id)); });
    var taken = newMap(), placed = newMap();
    Object.keys(change.renamed).concat(Object.keys(change.split), Object.keys(mergedInto), change.retired)
      .forEach(function (old) {
        if (has(answers, old)) { taken[old] = answers[old]; delete answers[old]; }
      });
    sortedKeys(change.renamed).forEach(function (old) {
      if (!has(taken, old)) return;
      placed[change.renamed[old]] = taken[old];
      changed.push(old + " is now " + change.renamed[old]);
    });
    sortedKeys(change.split).forEach(function (old) {
      if (!has(taken, old)) return;
      var parts = change.split[old];
      parts.forEach(function (part) { placed[part] = taken[old]; });
      still.push.apply(still, parts);
      changed.push(old + " was split into " + parts.join(", ") + ": check the answer carried to each");
    });
    sortedKeys(change.merged).forEach(function (id) {
      var parts = change.merged[id];
      var entries = parts.filter(function (old) { return has(taken, old); }).map(function (old) { return taken[old]; });
      var values = entries.map(valueOf);
      var alike = values.every(function (value) { return value === values[0]; });
      if (values.length && values.length === parts.length && values[0] !== null && values[0] !== undefined && alike) {
        placed[id] = entries[0];
        changed.push(parts.join(", ") + " became " + id + ", with the answer they shared");
      } else if (values.length) {
        still.push(id);
        changed.push(parts.join(", ") + " became " + id + "; they were not all answered alike, so answer it again");
      }
    });
    change.retired.forEach(function (old) {
      if (has(taken, old)) changed.push(old + " was retired; its answer is dropped");
    });
    Object.keys(placed).forEach(function (id) { answers[id] = placed[id]; });
    sortedKeys(change.rescaled).forEach(function (id) {
      var mapping = change.rescaled[id], entry = has(answers, id) ? answers[id] : undefined, value = valueOf(entry);
      if (typeof value === "string" && has(mapping, value)) {
        answers[id] = entry !== null && typeof entry === "object"
          ? { value: mapping[value], note: entry.note, evidence: entry.evidence } : mapping[value];
        changed.push(id + ": '" + value + "' is now '" + mapping[value] + "'");
      }
    });
    var seen = newMap();
    return still.filter(function (id) { var first = !has(seen, id); seen[id] = true; return first; });
  }

  /* `answers` ({item id: value or {value, note, evidence}}) made on `version`, carried over to `currentVersion`:
     {answers, changed: [sentences], answerAgain: [item ids]}. */
  function migrate(changes, currentVersion, answers, version) {
    var carried = newMap(), changed = [], again = [];
    Object.keys(answers).forEach(function (id) { carried[id] = answers[id]; });
    changes.slice(start(changes, currentVersion, version)).forEach(function (change) {
      again = carry(change, carried, changed, again);
    });
    return { answers: carried, changed: changed, answerAgain: again };
  }

  window.PlaybookMigration = { migrate: migrate };
})();
