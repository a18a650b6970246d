/* The interactive checklist: answers, notes and evidence kept in localStorage, scores and next
 * steps updated live, answers files exported and imported (several at once: their merged view).
 *
 * The rules and items come from the JSON the build writes into the page (data-pb-model); the scoring
 * below mirrors generator/scoring.py step for step (same sums, same order, same rounding), and
 * the test suite checks that both give identical results.
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

  var MAX_IMPORT_BYTES = 2000000;  /* as for every YAML file `playbook` reads */

  var round1 = function (x) { return Math.round(x * 10) / 10; };
  var round3 = function (x) { return Math.round(x * 1000) / 1000; };

  /* ---- scoring: the same rules as generator/scoring.py ------------------------------------ */

  function scaleOf(data, item) { return lookup(data.rules.scales, item.scale || ""); }

  /* {item id: credit} of the answered items (null for an answer that counts for nothing, n/a). */
  function creditsOf(data, answers) {
    var credits = newMap();
    data.items.forEach(function (item) {
      var answer = lookup(answers, item.id);
      if (answer === undefined) return;
      var option = scaleOf(data, item).find(function (o) { return o.value === answer; });
      credits[item.id] = option === undefined ? null : option.credit;
    });
    return credits;
  }

  function score(data, answers) { return scoreCredits(data, creditsOf(data, answers)); }

  /* Several respondents' answers as one credit per item, by the model's merge rule over the
     credits of those who answered it (n/a left out), as generator/merging.py merges them. */
  function mergeCredits(data, answerSets) {
    var sets = answerSets.map(function (answers) { return creditsOf(data, answers); }), merged = newMap();
    data.items.forEach(function (item) {
      var given = sets.filter(function (credits) { return has(credits, item.id); })
        .map(function (credits) { return credits[item.id]; });
      if (!given.length) return;
      var counted = given.filter(function (credit) { return credit !== null; });
      merged[item.id] = counted.length ? merge(data.rules.merge, counted) : null;
    });
    return merged;
  }

  function merge(rule, credits) {
    if (rule === "min") return Math.min.apply(null, credits);
    if (rule === "median") {
      var ordered = credits.slice().sort(function (a, b) { return a - b; }), middle = Math.floor(ordered.length / 2);
      return ordered.length % 2 ? ordered[middle] : (ordered[middle - 1] + ordered[middle]) / 2;
    }
    return credits.reduce(function (a, b) { return a + b; }, 0) / credits.length;
  }

  /* Scores credits ({item id: credit 0..1, null for n/a}; missing ids are unanswered). */
  function scoreCredits(data, answered) {
    var rules = data.rules, credits = newMap(), applicable = newMap();
    var axes = data.axes || [], quadrants = data.quadrants || [];
    data.items.forEach(function (item) {
      var credit = lookup(answered, item.id);
      applicable[item.id] = credit !== null;
      credits[item.id] = credit !== undefined && credit !== null ? credit : 0.0;
    });
    function sums(items) {
      var earned = 0.0, possible = 0.0;
      items.forEach(function (item) {
        if (applicable[item.id]) { earned += item.weight * credits[item.id]; possible += item.weight; }
      });
      return [earned, possible];
    }
    function groupScore(items) { var t = sums(items); return t[1] ? t[0] / t[1] * 100 : 0.0; }
    function completion(items) { var t = sums(items); return items.length ? (t[1] ? t[0] / t[1] * 100 : 0.0) : 100.0; }
    function where(field, id, items) { return (items || data.items).filter(function (i) { return i[field] === id; }); }
    function level(items) {
      var current = 0;
      for (var i = 1; i < data.stages.length; i++) {
        var all = data.stages.slice(0, i + 1).every(function (s) {
          return completion(where("stage", s.id, items)) >= rules.stageThreshold;
        });
        if (!all) break;
        current = i;
      }
      return current;
    }
    function maturityOf(items) {
      var total = 0.0;
      data.stages.forEach(function (s) { var t = sums(where("stage", s.id, items)); total += t[1] ? t[0] / t[1] : 0.0; });
      return total;
    }
    function mean(values) { return values.length ? values.reduce(function (a, b) { return a + b; }, 0) / values.length : 0.0; }
    var axisScores = newMap(), pillars = newMap(), stages = newMap(), levels = newMap(), maturity = newMap(), groups = newMap();
    axes.forEach(function (a) { axisScores[a.id] = groupScore(where("axis", a.id)); });
    data.pillars.forEach(function (p) {
      var own = where("pillar", p.id);
      pillars[p.id] = groupScore(own);
      levels[p.id] = data.stages[level(own)].id;
      maturity[p.id] = maturityOf(own);
    });
    data.stages.forEach(function (s) { stages[s.id] = completion(where("stage", s.id)); });
    data.groups.forEach(function (g) { groups[g.id] = round3(mean(g.pillars.map(function (p) { return maturity[p]; }))); });
    var current = level(data.items);
    var quadrant = quadrants.find(function (q) {
      return axes.every(function (a) { return q.position[a.id] === (axisScores[a.id] >= rules.axisThreshold ? "high" : "low"); });
    }) || null;
    var context = { data: data, answered: answered, applicable: applicable, credits: credits, axes: axisScores,
                    pillars: pillars, stages: stages, current: current, quadrant: quadrant };
    var roundAll = function (o, r) { var out = newMap(); Object.keys(o).forEach(function (k) { out[k] = r(o[k]); }); return out; };
    var result = {
      stage: data.stages[current].id, quadrant: quadrant ? quadrant.id : null,
      axes: roundAll(axisScores, round1), pillars: roundAll(pillars, round1), stages: roundAll(stages, round1),
      levels: levels, maturity: roundAll(maturity, round3),
      maturity_overall: round3(mean(data.pillars.map(function (p) { return maturity[p.id]; })))
    };
    if (data.groups.length) result.groups = groups;
    result.answered = data.items.filter(function (item) { return has(answered, item.id); }).length;
    result.total = data.items.length;
    result.next_steps = nextSteps(context);
    result.raw = { axes: axisScores };
    return result;
  }

  function gap(c, item) {
    return c.applicable[item.id] ? item.weight * (1 - c.credits[item.id]) : 0.0;
  }

  /* A reason in the site's language (data.words, the same texts as scoring.REASONS), filled in. */
  function say(data, key, values) {
    return data.words[key].replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function fill(pattern, values) {
    return pattern.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function keys(kind, ids) { return ids.map(function (id) { return kind + ":" + id; }); }
  function stepOf(data, id) {
    var found = null;
    data.stages.forEach(function (s) { s.steps.forEach(function (st) { if (st.id === id) found = { stage: s, step: st }; }); });
    return found;
  }

  function nextSteps(c) {
    var data = c.data, urls = data.urls, q = c.quadrant, steps = [];
    if (q) {
      var axisText = data.axes.map(function (a) { return a.name + " " + String(round1(c.axes[a.id])); }).join(", ");
      steps.push({ text: q.recommendation, link: fill(urls.quadrant, { id: q.id }), key: "quadrant:" + q.id, requires: [],
                   why: say(data, "quadrant", { quadrant: q.name, scores: axisText, threshold: String(data.rules.axisThreshold) }) });
    }
    var ranked = stageSteps(c).concat(practiceSteps(c));
    ranked.sort(function (a, b) { return b.value - a.value; });
    ranked.forEach(function (step) {
      var kept = steps.find(function (s) { return s.link === step.link; });
      if (kept) kept.why = kept.why + "; " + step.why;
      else steps.push(step);
    });
    return inRequiredOrder(c, steps).slice(0, data.rules.maxNextSteps)
      .map(function (s) { return { text: s.text, why: s.why, link: s.link }; });
  }

  function isOpen(c, key) {
    var kind = key.slice(0, key.indexOf(":")), id = key.slice(key.indexOf(":") + 1);
    return c.data.items.some(function (item) { return item[kind] === id && gap(c, item) > 0; });
  }

  function nameOf(c, key) {
    var kind = key.slice(0, key.indexOf(":")), id = key.slice(key.indexOf(":") + 1);
    if (kind === "practice") return c.data.practices.find(function (p) { return p.id === id; }).name;
    return "'" + stepOf(c.data, id).step.text + "'";
  }

  function requiredStep(c, key, neededBy) {
    var data = c.data, kind = key.slice(0, key.indexOf(":")), id = key.slice(key.indexOf(":") + 1);
    var why = say(c.data, "required", { name: nameOf(c, neededBy.key) });
    if (kind === "practice") {
      var p = data.practices.find(function (e) { return e.id === id; });
      return { text: p.name + ": " + p.summary, why: why, link: fill(data.urls.practice, { id: id }), value: 0.0,
               key: key, requires: keys("practice", p.requires) };
    }
    var found = stepOf(data, id);
    return { text: found.step.text, why: why, link: fill(data.urls.step, { id: found.stage.id, step: id }), value: 0.0,
             key: key, requires: keys("step", found.step.requires) };
  }

  function inRequiredOrder(c, steps) {
    var listed = newMap(), queue = steps.slice();
    steps.forEach(function (s) { listed[s.key] = true; });
    while (queue.length) {
      var step = queue.shift();
      step.requires.forEach(function (key) {
        if (!listed[key] && isOpen(c, key)) {
          var added = requiredStep(c, key, step);
          listed[key] = true;
          steps.push(added);
          queue.push(added);
        }
      });
    }
    var ordered = [], placed = newMap(), remaining = steps.slice();
    while (remaining.length) {
      var index = remaining.findIndex(function (s) {
        return s.requires.every(function (key) { return placed[key] || !isOpen(c, key); });
      });
      var next = remaining.splice(index, 1)[0];
      var before = next.requires.filter(function (key) { return placed[key]; }).map(function (key) { return nameOf(c, key); });
      if (before.length) next.why = say(c.data, "after", { why: next.why, names: before.join(", ") });
      ordered.push(next);
      placed[next.key] = true;
    }
    return ordered;
  }

  function stageSteps(c) {
    var data = c.data, urls = data.urls;
    var last = Math.min(c.current + 1, data.stages.length - 1);
    var inReach = data.stages.slice(0, last + 1).map(function (s) { return s.id; });
    var stageName = newMap(), practiceOf = newMap();
    data.stages.forEach(function (s) { stageName[s.id] = s.name; });
    data.practices.forEach(function (p) { practiceOf[p.id] = p; });
    var groups = new Map();
    data.items.forEach(function (item) {
      if (inReach.indexOf(item.stage) >= 0 && gap(c, item) > 0) {
        var key = item.step ? "step:" + item.step : "item:" + item.id;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(item);
      }
    });
    var steps = [];
    groups.forEach(function (items) {
      var head = items[0];
      var value = items.reduce(function (sum, item) { return sum + gap(c, item); }, 0.0);
      var unanswered = items.filter(function (item) { return !has(c.answered, item.id); }).length;
      var detail = say(data, items.length > 1 ? "open checks" : "open check", { count: String(items.length) });
      if (unanswered) detail = say(data, "unanswered", { detail: detail, count: String(unanswered) });
      var link, key, requires, text = head.action || head.text;
      if (head.step) {
        var found = stepOf(data, head.step);
        link = fill(urls.step, { id: found.stage.id, step: head.step });
        key = "step:" + head.step; requires = keys("step", found.step.requires); text = found.step.text;
      } else if (head.practice) {
        link = fill(urls.practice, { id: head.practice });
        key = "practice:" + head.practice; requires = keys("practice", practiceOf[head.practice].requires);
      } else {
        link = fill(urls.stage, { id: head.stage }); key = "item:" + head.id; requires = [];
      }
      steps.push({
        text: text, link: link, value: value, key: key, requires: requires,
        why: say(data, "counts", { stage: stageName[head.stage], percent: String(round1(c.stages[head.stage])),
                                   detail: detail, weight: String(round3(value)) })
      });
    });
    return steps;
  }

  function practiceSteps(c) {
    var data = c.data, steps = [];
    var lenses = [["pillar", "pillar", c.pillars, data.pillars]];
    if (data.axes) lenses.push(["axis", "axis", c.axes, data.axes]);
    lenses.forEach(function (spec) {
      var field = spec[0], reason = spec[1], scores = spec[2], list = spec[3];
      var weakest = list[0];
      list.forEach(function (e) { if (scores[e.id] < scores[weakest.id]) weakest = e; });
      var candidates = [];
      data.practices.forEach(function (p) {
        var value = 0.0;
        data.items.forEach(function (item) {
          if (item.practice === p.id && item[field] === weakest.id) value += gap(c, item);
        });
        if (value > 0) {
          candidates.push({ text: p.name + ": " + p.summary, value: value, link: fill(data.urls.practice, { id: p.id }),
                            key: "practice:" + p.id, requires: keys("practice", p.requires),
                            why: say(data, reason, { name: weakest.name, score: String(round1(scores[weakest.id])) }) });
        }
      });
      candidates.sort(function (a, b) { return b.value - a.value; });
      steps.push.apply(steps, candidates.slice(0, 2));
    });
    return steps;
  }

  /* ---- answers files: the same YAML format as `playbook score` reads ----------------------- */

  var NOTE_LIMIT = 2000, EVIDENCE_LIMIT = 20;  /* as in generator/answers.py */

  /* Text as `playbook score` takes it: without the control and format characters it refuses
     (line breaks and the zero-width joiner stay) and the ones YAML reads as something else. */
  function cleanText(text) {
    return text.replace(/\r\n?/g, "\n").replace(/(?![\n\u200d])[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\uFFFE\uFFFF]/gu, "").trim();
  }
  function cleanLine(text) { return cleanText(text.replace(/\n/g, " ")); }

  /* A note and its evidence (one piece a line) as stored and exported, or null when both are empty. */
  function noteOf(note, evidence) {
    var entry = { note: cleanText(note), evidence: evidence.map(cleanLine).filter(Boolean) };
    return entry.note || entry.evidence.length ? entry : null;
  }

  function exportAnswers(data, answers, notes, respondent) {
    notes = notes || newMap();
    var quoted = JSON.stringify;  /* a JSON string is a YAML double-quoted one */
    var lines = ["# Answers to the " + data.model.name + " checklist (version " + data.model.version + ")",
                 "model: " + data.model.id, "model_version: " + quoted(data.model.version)];
    if (respondent && respondent.name) {
      lines.push("respondent:", "  name: " + quoted(respondent.name));
      if (respondent.role) lines.push("  role: " + quoted(respondent.role));
    }
    lines.push("assessed: " + new Date().toISOString().slice(0, 10), "answers:");
    data.items.forEach(function (item) {
      var value = lookup(answers, item.id), note = lookup(notes, item.id);
      if (!note) {
        if (value !== undefined) lines.push("  " + item.id + ": " + value);
        return;
      }
      lines.push("  " + item.id + ":");
      if (value !== undefined) lines.push("    value: " + value);
      if (note.note) lines.push("    note: " + quoted(note.note));
      if (note.evidence.length) {
        lines.push("    evidence:");
        note.evidence.forEach(function (piece) { lines.push("      - " + quoted(piece)); });
      }
    });
    return lines.join("\n") + "\n";
  }

  /* An answers file, checked against the model: { answers, notes, respondent, migration }. One
     made on another version of the model is carried over first (window.PlaybookMigration);
     `migration` then says from which version and what changed. */
  function parseAnswers(data, text) {
    var file = readAnswersFile(text), entries = file.entries, migration = null;
    if (file.model !== null && file.model !== data.model.id) {
      throw new Error("these answers were made for the model '" + shortened(file.model) + "', not '" + data.model.id + "'");
    }
    if (file.version !== null && file.version !== data.model.version) {
      migration = carriedOver(data, file);
      entries = migration.entries;
    }
    var items = newMap(), answers = newMap(), notes = newMap();
    data.items.forEach(function (item) { items[item.id] = item; });
    entries.forEach(function (entry) {
      var where = entry.line ? "line " + entry.line + ": " : "";
      if (!has(items, entry.id)) throw new Error(where + "unknown checklist item '" + shortened(entry.id) + "'");
      if (entry.value !== null) {
        var values = scaleOf(data, items[entry.id]).map(function (a) { return a.value; });
        if (values.indexOf(entry.value) < 0) {
          throw new Error(where + "'" + shortened(String(entry.value)) + "' is not an answer: use one of " + values.join(", "));
        }
        answers[entry.id] = entry.value;
      }
      var note = checkedNote(entry, where);
      if (note) notes[entry.id] = note;
    });
    return { answers: answers, notes: notes, respondent: file.respondent,
             migration: migration && { from: file.version, changed: migration.changed, answerAgain: migration.answerAgain } };
  }

  function checkedNote(entry, where) {
    var evidence = Array.isArray(entry.evidence) ? entry.evidence : [];
    var note = noteOf(typeof entry.note === "string" ? entry.note : "",
                      evidence.filter(function (piece) { return typeof piece === "string"; }));
    if (!note) return null;
    if (note.note.length > NOTE_LIMIT) {
      throw new Error(where + "the note is " + note.note.length + " characters long: keep it under " + NOTE_LIMIT);
    }
    if (note.evidence.length > EVIDENCE_LIMIT) {
      throw new Error(where + note.evidence.length + " pieces of evidence: keep it to " + EVIDENCE_LIMIT);
    }
    if (note.evidence.some(function (piece) { return piece.length > NOTE_LIMIT; })) {
      throw new Error(where + "a piece of evidence is over " + NOTE_LIMIT + " characters long");
    }
    return note;
  }

  /* The file's entries carried over to the model's version along its changes log. A note goes
     where its item's answer goes (merged items keep none: they are answered again). */
  function carriedOver(data, file) {
    if (!window.PlaybookMigration) {
      throw new Error("these answers were made for version " + shortened(file.version) + " of the model, which is now at "
                      + data.model.version);
    }
    var migrate = function (map) { return window.PlaybookMigration.migrate(data.changes, data.model.version, map, file.version); };
    var values = newMap(), notes = newMap(), lines = newMap(), noted = false;
    file.entries.forEach(function (entry) {
      lines[entry.id] = entry.line;
      if (entry.value !== null) values[entry.id] = entry.value;
      if (entry.note !== null || entry.evidence !== null) {
        notes[entry.id] = { note: entry.note, evidence: entry.evidence };
        noted = true;
      }
    });
    var moved = migrate(values), movedNotes = noted ? migrate(notes).answers : newMap();
    var ids = Object.keys(moved.answers).concat(Object.keys(movedNotes).filter(function (id) { return !has(moved.answers, id); }));
    var entries = ids.map(function (id) {
      var note = lookup(movedNotes, id);
      return { id: id, line: lookup(lines, id), value: has(moved.answers, id) ? moved.answers[id] : null,
               note: note ? note.note : null, evidence: note ? note.evidence : null };
    });
    return { entries: entries, changed: moved.changed, answerAgain: moved.answerAgain };
  }

  var TOP_KEYS = ["model", "model_version", "respondent", "assessed", "target", "answers"];
  var ANSWER_KEYS = ["value", "note", "evidence"];

  /* The answers format, read line by line: comments, `model`, `model_version`, `respondent` (a
     flow mapping or a block), `assessed`, `target` (skipped) and `answers`, each answer a value or
     a block (or flow mapping) of `value`, `note` and `evidence` (a block or flow list); every
     scalar plain or quoted on its line. Throws an Error naming the line for anything else. Each
     line is read in one pass, by hand: no regular expression that could backtrack (`\s+#.*$`
     took the square of a line's length). */
  function readAnswersFile(text) {
    var file = { model: null, version: null, respondent: null, entries: [] };
    var section = "", seen = newMap(), itemIndent = -1, item = null, fieldIndent = -1, list = null;
    text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach(function (raw, index) {
      var line = withoutComment(raw);
      if (!line.trim()) return;
      var where = "line " + (index + 1) + ": ";
      var fail = function () { throw new Error(where + "not part of an answers file: " + shortened(raw.trim())); };
      var indent = 0;
      while (isSpace(line.charAt(indent))) indent++;
      var content = line.slice(indent), entry = splitEntry(content);
      if (!indent) {
        if (!entry || TOP_KEYS.indexOf(entry.key) < 0) fail();
        section = entry.key;
        item = null;
        list = null;
        if (section === "model") file.model = scalar(entry.value, where);
        if (section === "model_version") file.version = scalar(entry.value, where);
        if (section === "respondent") file.respondent = person(entry.value ? flow(entry.value, "{", where) : [], where, fail, {});
        if (section === "answers") {
          if (entry.value) fail();
          itemIndent = -1;
        }
        return;
      }
      if (section === "target") return;  /* what the answers aim for: not the page's business */
      if (section === "respondent") {
        person([content], where, fail, file.respondent);
        return;
      }
      if (section !== "answers") fail();
      if (itemIndent < 0) itemIndent = indent;
      if (indent === itemIndent) {
        if (!entry || !/^[a-z0-9-]+$/.test(entry.key)) fail();
        if (has(seen, entry.key)) {
          throw new Error(where + "duplicate key '" + entry.key + "' (first on line " + seen[entry.key] + "): keep one");
        }
        seen[entry.key] = index + 1;
        var answer = { id: entry.key, line: index + 1, value: null, note: null, evidence: null };
        file.entries.push(answer);
        if (entry.value.charAt(0) === "{") {
          flow(entry.value, "{", where).forEach(function (part) { setField(answer, splitEntry(part), where, fail); });
        } else {
          answer.value = scalar(entry.value, where);
        }
        item = entry.value ? null : answer;  /* an empty value opens a block of value, note and evidence */
        fieldIndent = -1;
        list = null;
        return;
      }
      if (indent < itemIndent || !item) fail();
      if (list && content.charAt(0) === "-" && (content.length === 1 || isSpace(content.charAt(1))) && indent >= fieldIndent) {
        list.push(scalar(content.slice(1).trim(), where));
        return;
      }
      if (fieldIndent < 0) fieldIndent = indent;
      if (indent !== fieldIndent) fail();
      list = setField(item, entry, where, fail);
    });
    return file;
  }

  /* Sets `value`, `note` or `evidence` of an answer from `key: value`; returns the evidence list
     when it is a block still to come. */
  function setField(item, entry, where, fail) {
    if (!entry || ANSWER_KEYS.indexOf(entry.key) < 0) fail();
    if (entry.key === "evidence") {
      var pieces = entry.value.charAt(0) === "[" ? flow(entry.value, "[", where) : entry.value ? [entry.value] : [];
      item.evidence = pieces.map(function (piece) { return scalar(piece, where); });
      return entry.value ? null : item.evidence;
    }
    item[entry.key] = scalar(entry.value, where);
    return null;
  }

  /* `name` and `role` from `key: value` texts, set on `into`. */
  function person(parts, where, fail, into) {
    parts.forEach(function (part) {
      var entry = splitEntry(part);
      if (!entry || (entry.key !== "name" && entry.key !== "role")) fail();
      into[entry.key] = cleanLine(scalar(entry.value, where) || "");
    });
    return into;
  }

  function isSpace(ch) { return /\s/.test(ch); }  /* one character: constant time */
  function isKeyChar(ch) { return /[\w-]/.test(ch); }
  function shortened(text) { return text.length > 60 ? text.slice(0, 60) + "..." : text; }

  /* A quote opens a scalar only where one may start: first, or after one of these and white space. */
  var SCALAR_STARTS = ":-[{,";
  function opensQuote(ch, last) { return (ch === '"' || ch === "'") && SCALAR_STARTS.indexOf(last) >= 0; }

  /* The index of the quote that closes the quoted scalar opening at `start` (the length if none). */
  function closingQuote(text, start) {
    var quote = text.charAt(start);
    for (var i = start + 1; i < text.length; i++) {
      var ch = text.charAt(i);
      if (quote === '"' && ch === "\\") i++;
      else if (quote === "'" && ch === "'" && text.charAt(i + 1) === "'") i++;
      else if (ch === quote) return i;
    }
    return text.length;
  }

  /* The line without its comment: as in YAML, '#' at the start or after white space, outside quotes. */
  function withoutComment(line) {
    var last = ":";
    for (var i = 0; i < line.length; i++) {
      var ch = line.charAt(i);
      if (opensQuote(ch, last)) {
        i = closingQuote(line, i);
        last = ch;
      } else if (ch === "#" && (i === 0 || isSpace(line.charAt(i - 1)))) {
        return line.slice(0, i).trimEnd();
      } else if (!isSpace(ch)) {
        last = ch;
      }
    }
    return line;
  }

  /* `key: value` as { key, value }, or null. */
  function splitEntry(line) {
    var i = 0;
    while (i < line.length && isKeyChar(line.charAt(i))) i++;
    if (i === 0 || line.charAt(i) !== ":") return null;
    return { key: line.slice(0, i), value: line.slice(i + 1).trim() };
  }

  /* The parts of a one-line flow mapping or list (`{a: 1, b: "x, y"}`, `[a, 'b']`), split at the
     commas outside quotes; nothing nested. */
  function flow(text, open, where) {
    var close = open === "{" ? "}" : "]", parts = [], start = 1, last = open;
    if (text.charAt(text.length - 1) !== close) throw new Error(where + "close the " + open + " on the same line");
    for (var i = 1; i < text.length - 1; i++) {
      var ch = text.charAt(i);
      if (opensQuote(ch, last)) {
        i = closingQuote(text, i);
      } else if ("[]{}".indexOf(ch) >= 0) {
        throw new Error(where + "nothing can be nested in " + shortened(text));
      } else if (ch === ",") {
        parts.push(text.slice(start, i).trim());
        start = i + 1;
      }
      if (!isSpace(ch)) last = ch;
    }
    parts.push(text.slice(start, text.length - 1).trim());
    return parts.filter(Boolean);
  }

  /* A plain or quoted scalar on one line (null for an empty one, `~` or `null`). */
  function scalar(text, where) {
    var first = text.charAt(0), last = text.charAt(text.length - 1);
    if (text === "" || text === "~" || text === "null") return null;
    if ("[{|>".indexOf(first) >= 0) throw new Error(where + "write " + shortened(text) + " on one line, as plain or quoted text");
    if (first === '"') {
      try { return JSON.parse(text); } catch (e) { throw new Error(where + "cannot read the quoted text " + shortened(text)); }
    }
    if (first === "'") {
      var inner = text.slice(1, -1);
      if (text.length < 2 || last !== "'" || inner.replace(/''/g, "").indexOf("'") >= 0) {
        throw new Error(where + "cannot read the quoted text " + shortened(text));
      }
      return inner.replace(/''/g, "'");
    }
    return text;
  }

  /* ---- the page ---------------------------------------------------------------------------- */

  function setup(root) {
    var data = JSON.parse(root.dataset.pbModel);
    var key = data.storageKey;
    var saved = load(key, data);
    var answers = saved.answers, notes = saved.notes, respondent = saved.respondent;
    /* While imported files show merged: { respondents, result }. The page's own answers stay as they are. */
    var merged = null;

    function save() {
      try {
        localStorage.setItem(key, JSON.stringify({ answers: answers, notes: notes, respondent: respondent }));
      } catch (e) { /* private mode: keep going */ }
    }
    /* A message, and the changes an import made on the way (as a list under it). */
    function message(text, isError, changes) {
      var box = root.querySelector("[data-pb-message]"), list = root.querySelector("[data-pb-changes]");
      box.textContent = text;
      box.classList.toggle("pb-error", !!isError);
      list.replaceChildren.apply(list, (changes || []).map(function (change) { return element("li", change); }));
    }
    function each(selector, action) { root.querySelectorAll(selector).forEach(action); }
    /* The page's own answers and notes; none, and nothing to edit, while the merged view shows. */
    function showAnswers() {
      var shownAnswers = merged ? newMap() : answers, shownNotes = merged ? newMap() : notes;
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
      each("[data-pb-respondent]", function (input) { input.value = respondent[input.dataset.pbRespondent] || ""; });
    }
    function showMerged() {
      root.querySelector("[data-pb-merged]").hidden = !merged;
      root.querySelector("[data-pb-disagreement]").hidden = !merged;
      if (!merged) return;
      root.querySelector("[data-pb-merged-title]").textContent = say(data, "merged", { count: String(merged.respondents.length) });
      renderDisagreement(root, data, merged.respondents);
    }
    function update() {
      var result = merged ? merged.result : score(data, answers);
      render(root, data, result);
      root.pbResult = result;
    }
    function importOne(file, imported) {
      var result;
      try {
        result = score(data, imported.answers);
      } catch (error) {
        message(say(data, "not imported", { file: file, error: error.message }), true);
        return;
      }
      answers = imported.answers;
      notes = imported.notes;
      if (imported.respondent && imported.respondent.name) respondent = imported.respondent;
      merged = null;
      save();
      var count = String(Object.keys(answers).length);
      try {
        showMerged(); showAnswers(); render(root, data, result); root.pbResult = result;
        message(say(data, "imported", { count: count, file: file }) + carried(data, imported.migration), false,
                imported.migration && imported.migration.changed);
      } catch (error) {
        message(say(data, "not shown", { count: count, file: file, error: error.message }), true);
      }
    }
    function importMerged(files, imported) {
      var names = newMap(), respondents = [], result;
      for (var i = 0; i < files.length; i++) {
        var name = imported[i].respondent && imported[i].respondent.name || files[i].replace(/\.ya?ml$/i, "");
        var folded = name.toLowerCase();
        if (has(names, folded)) {
          message(say(data, "same respondent", { name: name, first: names[folded], second: files[i] }), true);
          return;
        }
        names[folded] = files[i];
        respondents.push({ name: name, answers: imported[i].answers, notes: imported[i].notes });
      }
      try {
        result = scoreCredits(data, mergeCredits(data, respondents.map(function (r) { return r.answers; })));
      } catch (error) {
        message(say(data, "not imported", { file: files.join(", "), error: error.message }), true);
        return;
      }
      merged = { respondents: respondents, result: result };
      try {
        showMerged(); showAnswers(); update();
        var summary = [], changes = [];
        imported.forEach(function (one, i) {
          if (!one.migration) return;
          summary.push(files[i] + ":" + carried(data, one.migration));
          one.migration.changed.forEach(function (change) { changes.push(files[i] + ": " + change); });
        });
        message(summary.join(" "), false, changes);
      } catch (error) {
        message(say(data, "not shown", { count: String(result.answered), file: files.join(", "), error: error.message }), true);
      }
    }

    root.addEventListener("change", function (event) {
      var input = event.target;
      if (input.dataset && input.dataset.pbItem && !merged) {
        answers[input.dataset.pbItem] = input.value;
        save(); showAnswers(); update();
      }
    });
    root.addEventListener("input", function (event) {
      var field = event.target, box = field.closest("[data-pb-note-for]");
      if (field.dataset.pbRespondent) {
        respondent[field.dataset.pbRespondent] = cleanLine(field.value);
        save();
      }
      if (!box || merged) return;
      var id = box.dataset.pbNoteFor;
      var note = noteOf(box.querySelector("[data-pb-note]").value, box.querySelector("[data-pb-evidence]").value.split("\n"));
      if (note && (note.evidence.length > EVIDENCE_LIMIT || note.evidence.some(function (p) { return p.length > NOTE_LIMIT; }))) {
        note.evidence = note.evidence.slice(0, EVIDENCE_LIMIT).map(function (piece) {
          return Array.from(piece).slice(0, NOTE_LIMIT).join("");
        });
        message(say(data, "evidence limit", { count: String(EVIDENCE_LIMIT), limit: String(NOTE_LIMIT) }), true);
      }
      if (note) notes[id] = note;
      else delete notes[id];
      save();
      showNote(root, id, note);
    });
    root.querySelector("[data-pb-export]").addEventListener("click", function () {
      var blob = new Blob([exportAnswers(data, answers, notes, respondent)], { type: "application/x-yaml" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = data.model.id + "-answers.yaml";
      document.body.appendChild(link); link.click(); link.remove();
      message(say(data, "exported", { count: String(Object.keys(answers).length) }));
    });
    root.querySelector("[data-pb-import]").addEventListener("change", function (event) {
      var files = Array.prototype.slice.call(event.target.files);
      event.target.value = "";
      for (var i = 0; i < files.length; i++) {
        if (files[i].size > MAX_IMPORT_BYTES) {
          message(say(data, "too big", { file: files[i].name, limit: String(MAX_IMPORT_BYTES) }), true);
          return;
        }
      }
      if (!files.length) return;
      Promise.all(files.map(function (file) { return file.text(); })).then(function (texts) {
        // Nothing changes until every file has parsed and scored: a failure leaves the page as it was.
        var imported = [];
        for (var i = 0; i < files.length; i++) {
          try {
            imported.push(parseAnswers(data, texts[i]));
          } catch (error) {
            message(say(data, "not imported", { file: files[i].name, error: error.message }), true);
            return;
          }
        }
        if (files.length === 1) importOne(files[0].name, imported[0]);
        else importMerged(files.map(function (file) { return file.name; }), imported);
      });
    });
    root.querySelector("[data-pb-back]").addEventListener("click", function () {
      merged = null;
      showMerged(); showAnswers(); update();
      message("");
    });
    root.querySelector("[data-pb-reset]").addEventListener("click", function () {
      if (!window.confirm(say(data, "reset?", {}))) return;
      answers = newMap();
      notes = newMap();
      respondent = {};
      try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
      showAnswers(); update();
      message(say(data, "cleared", {}));
    });
    each("[data-pb-note]", function (field) { field.maxLength = NOTE_LIMIT; });
    showAnswers(); update();
  }

  /* What carrying a file over from an older model version did, as a sentence ("" for none). */
  function carried(data, migration) {
    if (!migration) return "";
    var counted = function (word, count) { return say(data, count === 1 ? word : word + "s", { count: String(count) }); };
    var values = {
      version: migration.from,
      changes: counted("change", migration.changed.length),
      items: counted("item", migration.answerAgain.length) + " (" + migration.answerAgain.join(", ") + ")"
    };
    return " " + say(data, migration.answerAgain.length ? "carried over, answer again" : "carried over", values);
  }

  /* The stored answers, notes and respondent, as far as they are valid for the model. (Before
     notes, the stored value was the map of answers itself.) */
  function load(key, data) {
    var saved = { answers: newMap(), notes: newMap(), respondent: {} };
    var isMap = function (value) { return value !== null && typeof value === "object"; };
    var isText = function (value) { return typeof value === "string"; };
    try {
      var stored = JSON.parse(localStorage.getItem(key) || "{}");
      if (!isMap(stored)) return saved;
      var nested = isMap(lookup(stored, "answers"));
      var answers = nested ? lookup(stored, "answers") : stored;
      var notes = nested && isMap(lookup(stored, "notes")) ? lookup(stored, "notes") : newMap();
      var person = nested && isMap(lookup(stored, "respondent")) ? lookup(stored, "respondent") : newMap();
      data.items.forEach(function (item) {
        var values = scaleOf(data, item).map(function (a) { return a.value; });
        var value = lookup(answers, item.id), note = lookup(notes, item.id);
        if (isText(value) && values.indexOf(value) >= 0) saved.answers[item.id] = value;
        if (isMap(note) && isText(lookup(note, "note")) && Array.isArray(lookup(note, "evidence"))) {
          var kept = noteOf(note.note, note.evidence.filter(isText));
          if (kept) saved.notes[item.id] = kept;
        }
      });
      ["name", "role"].forEach(function (field) {
        if (isText(lookup(person, field))) saved.respondent[field] = cleanLine(person[field]);
      });
    } catch (e) { /* unreadable storage: start empty */ }
    return saved;
  }

  function byId(list, id) { return list.find(function (e) { return e.id === id; }); }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
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

  /* Items the respondents answered differently, the widest spread of credit first (then model
     order), as generator/merging.py finds them: [{ item, spread }]. */
  function disagreement(data, respondents) {
    var credits = respondents.map(function (r) { return creditsOf(data, r.answers); }), rows = [];
    data.items.forEach(function (item) {
      var values = [], counted = [];
      respondents.forEach(function (r, i) {
        if (!has(r.answers, item.id)) return;
        values.push(r.answers[item.id]);
        if (credits[i][item.id] !== null) counted.push(credits[i][item.id]);
      });
      if (values.every(function (value) { return value === values[0]; })) return;
      var spread = counted.length ? Math.max.apply(null, counted) - Math.min.apply(null, counted) : 0.0;
      rows.push({ item: item, spread: round3(spread) });
    });
    return rows.sort(function (a, b) { return b.spread - a.spread; });
  }

  /* Where respondents disagree: each item with every respondent's answer and note side by side. */
  function renderDisagreement(root, data, respondents) {
    var rows = disagreement(data, respondents), list = root.querySelector("[data-pb-disagreement-list]");
    root.querySelector("[data-pb-agreement]").hidden = rows.length > 0;
    list.replaceChildren();
    rows.forEach(function (row) {
      var li = document.createElement("li"), title = document.createElement("p"), side = element("div", "", "pb-side-by-side");
      li.dataset.pbDisagree = row.item.id;
      title.append(element("code", row.item.id), " " + row.item.text);
      respondents.forEach(function (r) {
        var value = lookup(r.answers, row.item.id), note = lookup(r.notes, row.item.id);
        var option = value === undefined ? null : scaleOf(data, row.item).find(function (o) { return o.value === value; });
        var cell = element("div", "", "pb-respondent");
        cell.append(element("strong", r.name), element("span", option ? option.label : say(data, "not answered", {})));
        if (note && note.note) cell.appendChild(element("p", note.note, "pb-why"));
        side.appendChild(cell);
      });
      li.append(title, side);
      list.appendChild(li);
    });
  }

  function render(root, data, result) {
    var text = function (selector, value) { root.querySelector(selector).textContent = value; };
    text("[data-pb-stage]", byId(data.stages, result.stage).name);
    if (result.quadrant) text("[data-pb-quadrant]", byId(data.quadrants, result.quadrant).name);
    text("[data-pb-answered]", result.answered + " of " + result.total);
    text("[data-pb-maturity]", String(result.maturity_overall));
    ["axes", "pillars", "stages", "maturity", "groups"].forEach(function (group) {
      Object.keys(result[group] || {}).forEach(function (id) {
        var bar = root.querySelector("[data-pb-bar='" + group + ":" + id + "']");
        if (!bar) return;
        bar.querySelector("[data-pb-value]").textContent = String(result[group][id]);
        bar.querySelector("meter").value = result[group][id];
      });
    });
    Object.keys(result.levels).forEach(function (id) {
      var cell = root.querySelector("[data-pb-level='" + id + "']");
      if (cell) cell.textContent = byId(data.stages, result.levels[id]).name;
    });
    var dot = root.querySelector("[data-pb-dot]");
    if (dot) {
      var t = data.rules.axisThreshold;
      var place = function (s) { return s < t ? s / t * 50 : 50 + (t < 100 ? (s - t) / (100 - t) * 50 : 50); };
      var x = place(result.raw.axes[data.axes[0].id]), y = place(result.raw.axes[data.axes[1].id]);
      dot.setAttribute("cx", String(64 + x * 3.32));
      dot.setAttribute("cy", String(336 - y * 3.22));
      dot.removeAttribute("hidden");
    }
    var list = root.querySelector("[data-pb-steps]");
    list.replaceChildren();
    var base = root.dataset.pbRoot || "";
    result.next_steps.forEach(function (step) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + step.link;
      a.textContent = step.text;
      var why = document.createElement("span");
      why.className = "pb-why";
      why.textContent = step.why;
      li.append(a, why);
      list.appendChild(li);
    });
  }

  window.PlaybookScoring = { score: score, scoreCredits: scoreCredits, mergeCredits: mergeCredits,
                             parseAnswers: parseAnswers, exportAnswers: exportAnswers };

  function start() {
    var root = document.getElementById("pb-checklist");
    if (root && !root.pbReady) { root.pbReady = true; setup(root); }
  }
  // Material's instant navigation swaps pages without a reload and announces each on document$;
  // the first page may already be in place when this script runs, so start once now as well.
  if (typeof window.document$ !== "undefined") window.document$.subscribe(start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
