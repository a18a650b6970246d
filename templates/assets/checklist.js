/* The interactive checklist page: answers, notes and evidence kept in localStorage, results updated
 * live (window.PlaybookScoring), answers files exported and imported (window.PlaybookAnswers):
 * one file after a preview of what it changes, with one level of undo; several at once as
 * their merged view. A client's site starts empty: the team's latest answers show beside each
 * item on request ("Compare with the team") and become the respondent's only when they ask.
 *
 * The rules and items come from the JSON the build writes into the page (data-pb-model), what is
 * the client's own (where answers are stored, the team's answers) from data-pb-client.
 */
(function () {
  "use strict";

  /* Maps without a prototype, read by own property only: see shared.js. */
  var shared = window.PlaybookShared;
  var newMap = shared.newMap, has = shared.has, lookup = shared.lookup, copy = shared.copy;

  var MAX_IMPORT_BYTES = 2000000;  /* as for every YAML file `playbook` reads */

  function setup(root) {
    var scoring = window.PlaybookScoring, files = window.PlaybookAnswers;
    var data = JSON.parse(root.dataset.pbModel), own = JSON.parse(root.dataset.pbClient);
    ["storageKey", "client", "clientName", "team"].forEach(function (name) { if (has(own, name)) data[name] = own[name]; });
    var banner = root.querySelector("[data-pb-team]");
    banner.querySelector("[data-pb-team-text]").textContent = banner.dataset.pbClientTeam;
    var say = function (key, values) { return scoring.say(data, key, values || {}); };
    var key = data.storageKey;
    var state = load(key, data, files);
    /* While imported files show merged: { respondents, result }. The page's own answers stay as they are. */
    var merged = null;
    /* An import waiting for confirmation ({ file, imported, result }), and the page as it was before
       the last import applied (until the next change). */
    var pending = null, undo = null;
    /* The item the reader was last in: "Next unanswered" goes on from there. */
    var lastItem = null;
    root.addEventListener("focusin", function (event) {
      var item = event.target.closest && event.target.closest("[data-pb-fieldset]");
      if (item) lastItem = item;
    });

    function stored() {
      try { return localStorage.getItem(key); } catch (e) { return null; }
    }
    function save() {
      var record = { answers: state.answers, notes: state.notes, respondent: state.respondent };
      try { localStorage.setItem(key, JSON.stringify(record)); } catch (e) { /* private mode: keep going */ }
    }
    function forget() {
      try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
    }
    /* A message, and the changes an import made on the way (as a list under it). */
    function message(text, isError, changes) {
      var box = root.querySelector("[data-pb-message]"), list = root.querySelector("[data-pb-changes]");
      box.textContent = text;
      box.classList.toggle("pb-error", !!isError);
      list.replaceChildren.apply(list, (changes || []).map(function (change) { return element("li", change); }));
    }
    function each(selector, action) { root.querySelectorAll(selector).forEach(action); }
    function show(selector, visible) { root.querySelector(selector).hidden = !visible; }
    /* The page's own answers and notes; none, and nothing to edit, while the merged view shows. */
    function showAnswers() {
      var shownAnswers = merged ? newMap() : state.answers, shownNotes = merged ? newMap() : state.notes;
      each("input[type=radio][data-pb-item]", function (input) {
        input.checked = lookup(shownAnswers, input.dataset.pbItem) === input.value;
        input.disabled = !!merged;
      });
      each("[data-pb-fieldset]", function (set) {
        set.classList.toggle("pb-answered", has(shownAnswers, set.dataset.pbFieldset));
      });
      each("[data-pb-note-for]", function (box) {
        var note = lookup(shownNotes, box.dataset.pbNoteFor);
        box.querySelector("[data-pb-note]").value = note ? note.note : "";
        box.querySelector("[data-pb-evidence]").value = note ? note.evidence.join("\n") : "";
        box.querySelectorAll("textarea").forEach(function (field) { field.disabled = !!merged; });
        showNote(root, box.dataset.pbNoteFor, note);
      });
      each("[data-pb-respondent]", function (input) { input.value = state.respondent[input.dataset.pbRespondent] || ""; });
      showMergedAnswers(root, data, scoring, merged && merged.respondents, say);
    }
    function showMerged() {
      show("[data-pb-merged]", !!merged);
      show("[data-pb-disagreement]", !!merged);
      if (!merged) return;
      root.querySelector("[data-pb-merged-title]").textContent = say("merged", { count: String(merged.respondents.length) });
      renderDisagreement(root, data, scoring, merged.respondents, say);
    }
    function update(result) {
      result = result || (merged ? merged.result : scoring.score(data, state.answers));
      render(root, data, result, say);
      renderSections(root, merged ? mergedAnswers(merged.respondents) : state.answers, say);
    }
    /* The results once the answer itself has painted (clicks within one frame share one update),
       so that a click on a long checklist shows at once; data-pb-updating marks the wait. */
    function updateSoon() {
      if (root.hasAttribute("data-pb-updating")) return;
      root.setAttribute("data-pb-updating", "");
      requestAnimationFrame(function () {
        setTimeout(function () { root.removeAttribute("data-pb-updating"); update(); }, 0);
      });
    }
    function showAll(result) { showMerged(); showAnswers(); update(result); }
    /* The user changed the page's own answers: the last import can no longer be undone. */
    function edited() {
      undo = null;
      show("[data-pb-undo]", false);
      save();
    }
    /* Closes the preview; keyboard focus in it goes on to `next`. */
    function closePreview(next) {
      var box = root.querySelector("[data-pb-preview]"), focused = box.contains(document.activeElement);
      pending = null;
      box.hidden = true;
      if (focused && next) next.focus();
    }

    /* Import one file: at once when the page holds nothing to lose, else after a preview. */
    function importOne(file, imported) {
      var result;
      try {
        result = scoring.score(data, imported.answers);
      } catch (error) {
        message(say("not imported", { file: file, error: error.message }), true);
        return;
      }
      if (!Object.keys(state.answers).length && !Object.keys(state.notes).length) {
        apply(file, imported, result);
        return;
      }
      pending = { file: file, imported: imported, result: result };
      renderPreview(root, data, state, file, imported, say);
      show("[data-pb-preview]", true);
      message("");
      root.querySelector("[data-pb-apply]").focus();
    }
    function apply(file, imported, result) {
      undo = { answers: state.answers, notes: state.notes, respondent: state.respondent, stored: stored() };
      state = { answers: imported.answers, notes: imported.notes,
                respondent: imported.respondent && imported.respondent.name ? imported.respondent : state.respondent };
      merged = null;
      show("[data-pb-undo]", true);
      closePreview(root.querySelector("[data-pb-undo]"));
      save();
      var count = String(Object.keys(state.answers).length);
      try {
        showAll(result);
        message(say("imported", { count: count, file: file }) + carried(imported.migration, say), false,
                imported.migration && imported.migration.changed);
      } catch (error) {
        message(say("not shown", { count: count, file: file, error: error.message }), true);
      }
    }
    function importMerged(names, imported) {
      var seen = newMap(), respondents = [], result;
      for (var i = 0; i < names.length; i++) {
        var name = imported[i].respondent && imported[i].respondent.name || names[i].replace(/\.ya?ml$/i, "");
        var folded = name.toLowerCase();
        if (has(seen, folded)) {
          message(say("same respondent", { name: name, first: seen[folded], second: names[i] }), true);
          return;
        }
        seen[folded] = names[i];
        respondents.push({ name: name, answers: imported[i].answers, notes: imported[i].notes });
      }
      try {
        result = scoring.scoreCredits(data, scoring.mergeCredits(data, respondents.map(function (r) { return r.answers; })));
      } catch (error) {
        message(say("not imported", { file: names.join(", "), error: error.message }), true);
        return;
      }
      merged = { respondents: respondents, result: result };
      closePreview();
      try {
        showAll();
        var summary = [], changes = [];
        imported.forEach(function (one, i) {
          if (!one.migration) return;
          summary.push(names[i] + ":" + carried(one.migration, say));
          one.migration.changed.forEach(function (change) { changes.push(names[i] + ": " + change); });
        });
        message(summary.join(" "), false, changes);
      } catch (error) {
        message(say("not shown", { count: String(result.answered), file: names.join(", "), error: error.message }), true);
      }
    }

    root.addEventListener("change", function (event) {
      var input = event.target;
      if (input.dataset && input.dataset.pbItem && !merged) {
        state.answers[input.dataset.pbItem] = input.value;
        input.closest("[data-pb-fieldset]").classList.add("pb-answered");  /* only this item changed */
        edited(); updateSoon();
      }
    });
    root.addEventListener("input", function (event) {
      var field = event.target, box = field.closest("[data-pb-note-for]");
      if (field.dataset.pbRespondent) {
        state.respondent[field.dataset.pbRespondent] = files.cleanLine(field.value);
        edited();
      }
      if (!box || merged) return;
      var id = box.dataset.pbNoteFor, limit = files.NOTE_LIMIT, most = files.EVIDENCE_LIMIT;
      var note = files.noteOf(box.querySelector("[data-pb-note]").value, box.querySelector("[data-pb-evidence]").value.split("\n"));
      if (note && (note.evidence.length > most || note.evidence.some(function (p) { return p.length > limit; }))) {
        note.evidence = note.evidence.slice(0, most).map(function (piece) { return Array.from(piece).slice(0, limit).join(""); });
        message(say("evidence limit", { count: String(most), limit: String(limit) }), true);
      }
      if (note) state.notes[id] = note;
      else delete state.notes[id];
      edited();
      showNote(root, id, note);
    });
    root.querySelector("[data-pb-export]").addEventListener("click", function () {
      var date = files.today();
      var text = files.exportAnswers(data, state.answers, state.notes, state.respondent, date);
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "application/x-yaml" }));
      link.download = files.exportName(data, state.respondent, date);
      document.body.appendChild(link); link.click(); link.remove();
      message(say("exported", { count: String(Object.keys(state.answers).length) }));
    });
    root.querySelector("[data-pb-import]").addEventListener("change", function (event) {
      var chosen = Array.prototype.slice.call(event.target.files);
      event.target.value = "";
      for (var i = 0; i < chosen.length; i++) {
        if (chosen[i].size > MAX_IMPORT_BYTES) {
          message(say("too big", { file: chosen[i].name, limit: String(MAX_IMPORT_BYTES) }), true);
          return;
        }
      }
      if (!chosen.length) return;
      closePreview();
      Promise.all(chosen.map(function (file) { return file.text(); })).then(function (texts) {
        // Nothing changes until every file has parsed and scored: a failure leaves the page as it was.
        var imported = [];
        for (var i = 0; i < chosen.length; i++) {
          try {
            imported.push(files.parseAnswers(data, texts[i]));
          } catch (error) {
            message(say("not imported", { file: chosen[i].name, error: error.message }), true);
            return;
          }
        }
        if (chosen.length === 1) importOne(chosen[0].name, imported[0]);
        else importMerged(chosen.map(function (file) { return file.name; }), imported);
      });
    });
    root.querySelector("[data-pb-apply]").addEventListener("click", function () {
      if (pending) apply(pending.file, pending.imported, pending.result);
    });
    root.querySelector("[data-pb-cancel]").addEventListener("click", function () {
      closePreview(root.querySelector("[data-pb-import]"));
      message(say("import cancelled"));
    });
    root.querySelector("[data-pb-undo]").addEventListener("click", function () {
      if (!undo) return;
      var before = undo.stored;
      state = { answers: undo.answers, notes: undo.notes, respondent: undo.respondent };
      undo = null;
      merged = null;
      try {
        if (before === null) localStorage.removeItem(key);
        else localStorage.setItem(key, before);
      } catch (e) { /* private mode: keep going */ }
      show("[data-pb-undo]", false);
      showAll();
      message(say("import undone"));
    });
    root.querySelector("[data-pb-next-open]").addEventListener("click", function () {
      var shown = merged ? mergedAnswers(merged.respondents) : state.answers;
      var next = nextOpen(root, shown, lastItem);
      if (!next) {
        message(say("all answered"));
        return;
      }
      next.scrollIntoView({ block: "center" });
      next.querySelector("input[type=radio]").focus({ preventScroll: true });
    });
    root.querySelector("[data-pb-back]").addEventListener("click", function () {
      merged = null;
      showAll();
      message("");
    });
    /* Replace the page's own answers (the merged view and the last import's undo end with it);
       a page with nothing of the reader's keeps nothing in the browser. */
    function replaceAnswers(next, text) {
      state = next;
      merged = null;
      undo = null;
      closePreview();
      show("[data-pb-undo]", false);
      var kept = [next.answers, next.notes, next.respondent].some(function (map) { return Object.keys(map).length; });
      if (kept) save();
      else forget();
      showAll();
      message(text);
    }
    root.querySelector("[data-pb-reset]").addEventListener("click", function () {
      if (window.confirm(say("reset?"))) replaceAnswers({ answers: newMap(), notes: newMap(), respondent: {} }, say("cleared"));
    });
    /* The team's answers: beside each item while comparing; the respondent's own only on request
       (after asking, when that replaces answers of their own), their notes and name kept. */
    root.querySelector("[data-pb-compare]").addEventListener("click", function (event) {
      var on = !root.classList.contains("pb-comparing");
      if (on && !root.querySelector("[data-pb-team-answer]")) showTeam(root, data, say);
      root.classList.toggle("pb-comparing", on);
      event.currentTarget.setAttribute("aria-pressed", String(on));
      event.currentTarget.classList.toggle("md-button--primary", on);
    });
    root.querySelector("[data-pb-from-team]").addEventListener("click", function () {
      if (Object.keys(state.answers).length && !window.confirm(say("from team?"))) return;
      var answers = copy(data.team.answers);
      replaceAnswers({ answers: answers, notes: state.notes, respondent: state.respondent },
                     say("from team", { count: String(Object.keys(answers).length) }));
    });
    each("[data-pb-note]", function (field) { field.maxLength = files.NOTE_LIMIT; });
    /* A printed checklist carries the scores in detail too. */
    window.addEventListener("beforeprint", function () { root.querySelector("[data-pb-details]").open = true; });
    showAll();
  }

  /* What carrying a file over from an older model version did, as a sentence ("" for none). */
  function carried(migration, say) {
    if (!migration) return "";
    var values = {
      version: migration.from,
      changes: say("changes", { count: migration.changed.length }),
      items: say("items", { count: migration.answerAgain.length }) + " (" + migration.answerAgain.join(", ") + ")"
    };
    return " " + say(migration.answerAgain.length ? "carried over, answer again" : "carried over", values);
  }

  /* The stored answers, notes and respondent, as far as they are valid for the model (before
     notes, the stored value was the map of answers itself). A record marked `started: true` holds
     what a client's site once filled in from the team's answers and showed as the reader's own,
     edited since: it loads as theirs, as they last saw it. */
  function load(key, data, files) {
    var saved = { answers: newMap(), notes: newMap(), respondent: {} };
    var isMap = function (value) { return value !== null && typeof value === "object"; };
    var isText = function (value) { return typeof value === "string"; };
    var text = null;
    try { text = localStorage.getItem(key); } catch (e) { /* no storage: start empty */ }
    try {
      var stored = JSON.parse(text || "{}");
      if (!isMap(stored)) return saved;
      var nested = isMap(lookup(stored, "answers"));
      var answers = nested ? lookup(stored, "answers") : stored;
      var notes = nested && isMap(lookup(stored, "notes")) ? lookup(stored, "notes") : newMap();
      var person = nested && isMap(lookup(stored, "respondent")) ? lookup(stored, "respondent") : newMap();
      data.items.forEach(function (item) {
        var values = window.PlaybookScoring.scaleOf(data, item).map(function (a) { return a.value; });
        var value = lookup(answers, item.id), note = lookup(notes, item.id);
        if (isText(value) && values.indexOf(value) >= 0) saved.answers[item.id] = value;
        if (isMap(note) && isText(lookup(note, "note")) && Array.isArray(lookup(note, "evidence"))) {
          var kept = files.noteOf(note.note, note.evidence.filter(isText));
          if (kept) saved.notes[item.id] = kept;
        }
      });
      ["name", "role"].forEach(function (field) {
        if (isText(lookup(person, field))) saved.respondent[field] = files.cleanLine(person[field]);
      });
    } catch (e) { /* unreadable storage: start empty */ }
    return saved;
  }

  /* Every item any of `respondents` answered ({id: true}). */
  function mergedAnswers(respondents) {
    var all = newMap();
    respondents.forEach(function (r) { Object.keys(r.answers).forEach(function (id) { all[id] = true; }); });
    return all;
  }

  /* Each section's own progress ("3 of 12 answered"), in its heading and in the list of sections. */
  function renderSections(root, answers, say) {
    root.querySelectorAll("[data-pb-section]").forEach(function (section) {
      var items = section.querySelectorAll("[data-pb-fieldset]"), count = 0;
      items.forEach(function (item) { if (has(answers, item.dataset.pbFieldset)) count += 1; });
      var words = say("progress", { count: String(count), total: String(items.length) });
      root.querySelectorAll("[data-pb-section-count='" + section.dataset.pbSection + "']").forEach(function (node) {
        node.textContent = words;
        node.classList.toggle("pb-section-done", count === items.length);
      });
    });
  }

  /* The first unanswered item after `current` (the reader's last; without one, after the top of
     the screen), from the top again at the end; null when every item is answered. */
  function nextOpen(root, answers, current) {
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-pb-fieldset]:not([hidden])"));  /* filters hide */
    var start = current && items.indexOf(current) >= 0 ? items.indexOf(current) + 1 : items.findIndex(function (item) { return item.getBoundingClientRect().top > 0; });
    if (start < 0) start = 0;
    for (var step = 0; step < items.length; step++) {
      var item = items[(start + step) % items.length];
      if (!has(answers, item.dataset.pbFieldset)) return item;
    }
    return null;
  }

  function byId(list, id) { return list.find(function (e) { return e.id === id; }); }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /* The team's answer in each item, under the respondent's own options (shown while comparing). */
  function showTeam(root, data, say) {
    var scoring = window.PlaybookScoring, differ = newMap();
    data.team.differ.forEach(function (id) { differ[id] = true; });
    data.items.forEach(function (item) {
      var value = lookup(data.team.answers, item.id);
      var option = value === undefined ? null : scoring.scaleOf(data, item).find(function (o) { return o.value === value; });
      var text = option ? say("team answer", { answer: option.label })
        : say(has(differ, item.id) ? "team differs" : "team not answered");
      var line = element("p", text, "pb-team-answer");
      line.setAttribute("data-pb-team-answer", "");
      root.querySelector("[data-pb-fieldset='" + item.id + "'] .pb-options").after(line);
    });
  }

  /* An item's note and evidence where the printed page shows them (empty when there is none). */
  function showNote(root, id, note) {
    root.querySelector("[data-pb-note-for='" + id + "']").classList.toggle("pb-noted", !!note);
    var print = root.querySelector("[data-pb-note-print='" + id + "']");
    print.replaceChildren();
    if (!note) return;
    if (note.note) print.appendChild(element("p", note.note));
    if (note.evidence.length) {
      var list = document.createElement("ul");
      note.evidence.forEach(function (piece) { list.appendChild(element("li", piece)); });
      print.appendChild(list);
    }
  }

  /* What importing a file would do to the page's answers (`before`): counts of answers and notes
     added, changed and removed, then each change item by item (under a fold). */
  function renderPreview(root, data, before, file, imported, say) {
    var changes = window.PlaybookAnswers.changesOf(data, before, imported);
    var label = function (item, value) {
      var option = window.PlaybookScoring.scaleOf(data, item).find(function (o) { return o.value === value; });
      return option ? option.label : "";
    };
    var counts = function (found) {
      return { added: String(found.added.length), changed: String(found.changed.length), removed: String(found.removed.length) };
    };
    var lines = [say("answers changed", counts(changes.answers)), say("notes changed", counts(changes.notes))];
    if (imported.client && data.client && imported.client !== data.client) {
      lines.push(say("other client", { client: imported.client, name: data.clientName }));
    }
    var rows = [];
    ["added", "changed", "removed"].forEach(function (kind) {
      changes.answers[kind].forEach(function (id) {
        var item = byId(data.items, id);
        rows.push(say("answer " + kind, { id: id, from: label(item, lookup(before.answers, id)),
                                          to: label(item, lookup(imported.answers, id)) }));
      });
    });
    ["added", "changed", "removed"].forEach(function (kind) {
      changes.notes[kind].forEach(function (id) { rows.push(say("note " + kind, { id: id })); });
    });
    var fill = function (selector, texts) {
      var list = root.querySelector(selector);
      list.replaceChildren.apply(list, texts.map(function (line) { return element("li", line); }));
    };
    root.querySelector("[data-pb-preview-title]").textContent = say("import?", { file: file });
    fill("[data-pb-preview-summary]", lines);
    fill("[data-pb-preview-list]", rows);
    root.querySelector("[data-pb-preview-details]").hidden = !rows.length;
  }

  /* Under each item while the merged view shows, what the merge made of it and what each gave:
     "Merged: Partly (Yes 2, No 1)"; the merged credit is named by the answer nearest to it (the
     lower of two as near). Nothing without `respondents`. */
  function showMergedAnswers(root, data, scoring, respondents, say) {
    var credits = respondents ? scoring.mergeCredits(data, respondents.map(function (r) { return r.answers; })) : null;
    root.querySelectorAll("[data-pb-merged-for]").forEach(function (line) {
      line.hidden = !credits;
      line.textContent = "";
      if (!credits) return;
      var item = byId(data.items, line.dataset.pbMergedFor), scale = scoring.scaleOf(data, item);
      var counts = scale.map(function (option) {
        return respondents.filter(function (r) { return lookup(r.answers, item.id) === option.value; }).length;
      });
      var spread = scale.map(function (option, i) { return counts[i] ? say("answer count", { answer: option.label, count: String(counts[i]) }) : ""; })
        .filter(Boolean);
      var silent = respondents.length - counts.reduce(function (a, b) { return a + b; }, 0);
      if (silent) spread.push(say("answer count", { answer: say("not answered"), count: String(silent) }));
      if (!has(credits, item.id)) { line.textContent = say("merged alone", { answer: say("not answered") }); return; }
      var credit = credits[item.id], nearest = null;
      scale.forEach(function (option) {
        if ((option.credit === null) !== (credit === null)) return;
        var off = credit === null ? 0 : Math.abs(option.credit - credit);
        if (!nearest || off < nearest.off || (off === nearest.off && option.credit < nearest.option.credit)) nearest = { option: option, off: off };
      });
      line.textContent = say("merged answer", { answer: nearest.option.label, spread: spread.join(", ") });
    });
  }

  /* Where respondents disagree: each item with every respondent's answer and note side by side. */
  function renderDisagreement(root, data, scoring, respondents, say) {
    var rows = scoring.disagreement(data, respondents), list = root.querySelector("[data-pb-disagreement-list]");
    root.querySelector("[data-pb-agreement]").hidden = rows.length > 0;
    list.replaceChildren();
    rows.forEach(function (row) {
      var li = document.createElement("li"), title = document.createElement("p"), side = element("div", "", "pb-side-by-side");
      li.dataset.pbDisagree = row.item.id;
      title.append(element("code", row.item.id), " " + row.item.text);
      respondents.forEach(function (r) {
        var value = lookup(r.answers, row.item.id), note = lookup(r.notes, row.item.id);
        var option = value === undefined ? null : scoring.scaleOf(data, row.item).find(function (o) { return o.value === value; });
        var cell = element("div", "", "pb-respondent");
        cell.append(element("strong", r.name), element("span", option ? option.label : say("not answered")));
        if (note && note.note) cell.appendChild(element("p", note.note, "pb-why"));
        side.appendChild(cell);
      });
      li.append(title, side);
      list.appendChild(li);
    });
  }

  /* Where a chart position (0-100, the threshold at 50) is drawn on the matrix: inside its
     quadrant's cell, below the band that holds the cell's name (as partials/matrix.svg.j2's
     matrix_x and matrix_y). */
  function matrixPoint(x, y) {
    return { x: 76 + (x >= 50 ? 166 + (x - 50) / 50 * 136 : x / 50 * 136),
             y: 157 + (y >= 50 ? (50 - y) / 50 * 87 : 161 - y / 50 * 87) };
  }

  /* Numbers as people read them: whole percentages, one decimal on a 0..N score, in the page's language. */
  function shownPercent(data, value) { return window.PlaybookShared.formatPercent(data.language, value); }
  /* What the progress bar names once the result is ready: what the model's headline leads with (the
     maturity score, the range of the pillars' levels, or the stage and position). */
  function leadResult(data, result, stageAndPosition, node) {
    if (data.headline === "score") return node.dataset.pbScoreLabel + ": " + shownScore(data, result.maturity_overall);
    if (data.headline !== "levels") return stageAndPosition.join(" · ");
    var order = data.stages.map(function (s) { return s.id; });
    var ranks = Object.keys(result.levels).map(function (p) { return order.indexOf(result.levels[p]); });
    var low = data.stages[Math.min.apply(null, ranks)].name, high = data.stages[Math.max.apply(null, ranks)].name;
    return low === high ? low : low + " – " + high;
  }
  function shownScore(data, value) { return window.PlaybookShared.formatNumber(data.language, value, 1); }
  var PERCENT_GROUPS = ["axes", "pillars", "stages"];

  /* The results panel and the progress bar: the verdict's sentences and the next steps first, the
     numbers in the details; before the result is ready, no stage, position or next steps. */
  function render(root, data, result, say) {
    var text = function (selector, value) { root.querySelectorAll(selector).forEach(function (n) { n.textContent = value; }); };
    var ready = result.ready, counts = { count: String(result.answered), total: String(result.total) };
    var stage = ready ? byId(data.stages, result.stage).name : say("not yet");
    var quadrant = ready && result.quadrant ? byId(data.quadrants, result.quadrant).name : say("not yet");
    text("[data-pb-verdict-text]", result.verdict.join(" "));
    text("[data-pb-stage]", stage);
    text("[data-pb-quadrant]", quadrant);
    text("[data-pb-answered]", say("count of", counts));
    text("[data-pb-maturity]", shownScore(data, result.maturity_overall));
    text("[data-pb-progress-count]", say("progress", counts));
    root.querySelectorAll("[data-pb-progress-result]").forEach(function (node) {
      node.textContent = ready ? leadResult(data, result, [stage].concat(result.quadrant ? [quadrant] : []), node) : say("keep answering");
    });
    var meter = root.querySelector("[data-pb-progress] progress");
    meter.max = result.total;
    meter.value = result.answered;
    root.querySelector("[data-pb-verdict]").hidden = !ready;
    ["axes", "pillars", "stages", "maturity", "groups"].forEach(function (group) {
      Object.keys(result[group] || {}).forEach(function (id) {
        var bar = root.querySelector("[data-pb-bar='" + group + ":" + id + "']");
        if (!bar) return;
        var value = result[group][id];
        bar.querySelector("[data-pb-value]").textContent = PERCENT_GROUPS.indexOf(group) >= 0 ? shownPercent(data, value) : shownScore(data, value);
        bar.querySelector("meter").value = value;
      });
    });
    /* The completion heatmap (partials/completion.md.j2): each cell's percentage, and its shade from the share. */
    Object.keys(result.completion).forEach(function (pillar) {
      Object.keys(result.completion[pillar]).forEach(function (stage) {
        var cell = root.querySelector("[data-pb-completion='" + pillar + ":" + stage + "']"), share = result.completion[pillar][stage];
        if (!cell) return;
        cell.textContent = share === null ? "\u2013" : shownPercent(data, share * 100);
        if (share === null) cell.style.removeProperty("--pb-share");
        else cell.style.setProperty("--pb-share", String(share));
      });
    });
    Object.keys(result.levels).forEach(function (id) {
      var cell = root.querySelector("[data-pb-level='" + id + "']");
      if (cell) cell.textContent = ready ? byId(data.stages, result.levels[id]).name : say("not yet");
    });
    var dot = root.querySelector("[data-pb-dot]");
    if (dot) {
      var scores = data.axes.map(function (a) { return a.name + " " + shownPercent(data, result.axes[a.id]); }).join(", ");
      text("[data-pb-position]", say("position", { where: quadrant, scores: scores }));
      var t = data.rules.axisThreshold;
      var place = function (s) { return s < t ? s / t * 50 : 50 + (t < 100 ? (s - t) / (100 - t) * 50 : 50); };
      var x = place(result.raw.axes[data.axes[0].id]), y = place(result.raw.axes[data.axes[1].id]);
      dot.setAttribute("cx", String(matrixPoint(x, y).x));
      dot.setAttribute("cy", String(matrixPoint(x, y).y));
      if (ready) dot.removeAttribute("hidden");
      else dot.setAttribute("hidden", "");
    }
    var base = root.dataset.pbRoot || "";
    /* A step: its first sentence the link, the rest of its text after it, then why. */
    var link = function (href, label, why) {
      var li = document.createElement("li"), a = document.createElement("a"), cut = firstSentenceEnd(label);
      a.href = href;
      a.textContent = label.slice(0, cut);
      li.appendChild(a);
      if (cut < label.length) li.appendChild(element("span", label.slice(cut), "pb-step-more"));
      if (why) li.appendChild(element("span", why, "pb-why"));
      return li;
    };
    var list = function (selector, items) {
      var node = root.querySelector(selector);
      node.replaceChildren.apply(node, items);
    };
    list("[data-pb-finish]", result.finish_first.map(function (item) { return link("#pb-item-" + item.id, item.text); }));
    root.querySelector("[data-pb-finish-first]").hidden = !result.finish_first.length;
    list("[data-pb-steps]", result.next_steps.map(function (step) { return link(base + step.link, step.text, step.why); }));
    root.querySelector("[data-pb-next-steps]").hidden = !result.next_steps.length;  /* all answered met: none */
    list("[data-pb-step-details]", result.next_steps.map(function (step) { return element("li", step.detail); }));
    root.querySelector("[data-pb-step-numbers]").hidden = !result.next_steps.length;
  }

  /* Where the first sentence of `text` ends (after its full stop), or its length. */
  function firstSentenceEnd(text) {
    var ends = [". ", "! ", "? ", "\u3002", "\uff01", "\uff1f"].map(function (mark) { return text.indexOf(mark); })
      .filter(function (at) { return at >= 0 && at + 1 < text.length; });
    return ends.length ? Math.min.apply(null, ends) + 1 : text.length;
  }

  /* The page needs both libraries, which may load after this script (assets load in name order). */
  function start() {
    var root = document.getElementById("pb-checklist");
    if (!root || root.pbReady || !window.PlaybookScoring || !window.PlaybookAnswers) return;
    root.pbReady = true;
    setup(root);
  }
  // Material's instant navigation swaps pages without a reload and announces each on document$;
  // the first page may already be in place when this script runs, so try once now as well.
  if (typeof window.document$ !== "undefined") window.document$.subscribe(start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
