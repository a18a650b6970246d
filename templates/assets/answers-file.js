/* Answers files in the browser: read and checked as `playbook score` reads them (generator/assessment/answers_file.py),
 * written as it reads them, named, and compared with the page's answers before an import.
 * Exposed as window.PlaybookAnswers; answers made on another model version are carried over
 * through window.PlaybookMigration.
 */
(function () {
  "use strict";

  /* Maps without a prototype, read by own property only: see shared.js. */
  var shared = window.PlaybookShared;
  var newMap = shared.newMap, has = shared.has, lookup = shared.lookup, scaleOf = shared.scaleOf;

  var NOTE_LIMIT = 2000, EVIDENCE_LIMIT = 20, NAME_LIMIT = 300;  /* as in generator/assessment/answers.py */
  var INVISIBLE = /(?![\n\u200d])[\p{Cc}\p{Cf}]/u;  /* what schema.check_text refuses */

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

  /* ---- writing ------------------------------------------------------------------------------ */

  function today() { return new Date().toISOString().slice(0, 10); }

  /* `<client>-<respondent>-<date>.yaml`, the model's id in place of the client's slug on the
     generic site; without a respondent's name (or one that leaves no letter), `<client>-<date>.yaml`.
     Each respondent's file then has a name of its own in the folder that collects them. */
  function exportName(data, respondent, date) {
    var who = respondent && respondent.name ? nameSlug(respondent.name) : "";
    return [data.client || data.model.id, who, date].filter(Boolean).join("-") + ".yaml";
  }

  /* A person's name as part of a file name: its letters and digits lowercased, runs of them joined
     by hyphens, at most 64 characters. Latin letters lose their accents as in a client's slug
     (`playbook new-client`: "Åse Ødegård" -> "ase-odegard"); letters of other scripts stay
     ("李明", "さとう"), where an ASCII slug would leave nothing. */
  var SPELLED_OUT = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th" };
  function nameSlug(name) {
    var spelled = name.toLowerCase().replace(/[øæœßđłþ]/g, function (ch) { return SPELLED_OUT[ch]; });
    var plain = spelled.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
    var words = plain.match(/[\p{L}\p{N}]+/gu) || [];
    return Array.from(words.join("-")).slice(0, 64).join("").replace(/-+$/, "");
  }

  /* The answers file of the page's answers, notes and respondent, assessed on `date` (default today). */
  function exportAnswers(data, answers, notes, respondent, date) {
    notes = notes || newMap();
    var quoted = JSON.stringify;  /* a JSON string is a YAML double-quoted one */
    var lines = ["# Answers to the " + data.model.name + " checklist (version " + data.model.version + ")",
                 "model: " + data.model.id, "model_version: " + quoted(data.model.version)];
    if (data.client) lines.push("client: " + data.client);
    if (respondent && respondent.name) {
      lines.push("respondent:", "  name: " + quoted(respondent.name));
      if (respondent.role) lines.push("  role: " + quoted(respondent.role));
    }
    lines.push("assessed: " + (date || today()), "answers:");
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

  /* ---- what an import changes ------------------------------------------------------------- */

  /* What replacing the answers and notes `before` with `after` changes: for answers and for
     notes, the item ids added, changed and removed (model order). */
  function changesOf(data, before, after) {
    function compare(old, now, same) {
      var found = { added: [], changed: [], removed: [] };
      data.items.forEach(function (item) {
        var was = lookup(old, item.id), is = lookup(now, item.id);
        if (was === undefined && is !== undefined) found.added.push(item.id);
        else if (was !== undefined && is === undefined) found.removed.push(item.id);
        else if (was !== undefined && !same(was, is)) found.changed.push(item.id);
      });
      return found;
    }
    var sameNote = function (a, b) { return a.note === b.note && a.evidence.join("\n") === b.evidence.join("\n"); };
    return { answers: compare(before.answers, after.answers, function (a, b) { return a === b; }),
             notes: compare(before.notes, after.notes, sameNote) };
  }

  /* ---- reading ------------------------------------------------------------------------------ */

  /* An answers file, checked against the model: { answers, notes, respondent, client, migration }.
     One made on another version of the model is carried over first (window.PlaybookMigration);
     `migration` then says from which version and what changed. A file that answers no item is
     refused, as `playbook score` refuses it: importing it would only erase answers. */
  function parseAnswers(data, text) {
    var file = readAnswersFile(text), entries = file.entries, migration = null;
    if (file.model !== null && file.model !== data.model.id) {
      throw new Error("these answers were made for the model '" + shortened(file.model) + "', not '" + data.model.id + "'");
    }
    if (file.version !== null && file.version !== data.model.version) {
      migration = carriedOver(data, file);
      entries = migration.entries;
    }
    /* An item may be keyed by its id or by one of its aliases (the source model's ids), once. */
    var items = newMap(), answers = newMap(), notes = newMap(), idOf = newMap(), keyOf = newMap();
    data.items.forEach(function (item) {
      items[item.id] = item;
      idOf[item.id] = item.id;
      (item.aliases || []).forEach(function (alias) { idOf[alias] = item.id; });
    });
    entries.forEach(function (entry) {
      var where = entry.line ? "line " + entry.line + ": " : "";
      if (!has(idOf, entry.id)) throw new Error(where + "unknown checklist item '" + shortened(entry.id) + "'");
      var id = idOf[entry.id];
      if (has(keyOf, id)) {
        throw new Error(where + "'" + keyOf[id] + "' and '" + entry.id + "' both answer item '" + id + "': keep one of them");
      }
      keyOf[id] = entry.id;
      if (entry.value !== null) {
        var values = scaleOf(data, items[id]).map(function (a) { return a.value; });
        if (values.indexOf(entry.value) < 0) {
          throw new Error(where + "'" + shortened(String(entry.value)) + "' is not an answer: use one of " + values.join(", "));
        }
        answers[id] = entry.value;
      }
      var note = checkedNote(entry, where);
      if (note) notes[id] = note;
    });
    if (!Object.keys(answers).length) throw new Error("it answers no checklist item");
    return { answers: answers, notes: notes, respondent: file.respondent, client: file.client,
             migration: migration && { from: file.version, changed: migration.changed, answerAgain: migration.answerAgain } };
  }

  function checkedNote(entry, where) {
    var note = entry.note === null ? "" : checkedText(entry.note, "a note", NOTE_LIMIT, true, where);
    var evidence = entry.evidence || [];
    if (evidence.length > EVIDENCE_LIMIT) {
      throw new Error(where + evidence.length + " pieces of evidence: keep it to " + EVIDENCE_LIMIT);
    }
    return noteOf(note, evidence.map(function (piece) { return checkedText(piece, "evidence", NOTE_LIMIT, false, where); }));
  }

  /* A piece of text as the schema takes it (schema.check_text and the length limits), trimmed. */
  function checkedText(text, what, limit, multiline, where) {
    if (typeof text !== "string") throw new Error(where + what + " must be text");
    var length = Array.from(text).length, trimmed = text.trim(), invisible = INVISIBLE.exec(trimmed);
    if (length > limit) throw new Error(where + what + " is " + length + " characters long: keep it under " + limit);
    if (!trimmed) throw new Error(where + what + " must not be empty");
    if (!multiline && trimmed.indexOf("\n") >= 0) throw new Error(where + what + " must be a single line");
    if (invisible) {
      var code = invisible[0].codePointAt(0).toString(16).toUpperCase();
      throw new Error(where + what + " contains the invisible control character U+" + ("000" + code).slice(-4));
    }
    return trimmed;
  }

  /* The file's entries carried over to the model's version along its changes log, each answer
     with its note and evidence (migration.js carries them together, as playbook migrate does). */
  function carriedOver(data, file) {
    if (!window.PlaybookMigration) {
      throw new Error("these answers were made for version " + shortened(file.version) + " of the model, which is now at "
                      + data.model.version);
    }
    var migrate = function (map) { return window.PlaybookMigration.migrate(data.changes, data.model.version, map, file.version); };
    var answers = newMap(), lines = newMap();
    file.entries.forEach(function (entry) {
      lines[entry.id] = entry.line;
      answers[entry.id] = entry.note !== null || entry.evidence !== null
        ? { value: entry.value, note: entry.note, evidence: entry.evidence } : entry.value;
    });
    var moved = migrate(answers);
    var entries = Object.keys(moved.answers).map(function (id) {
      var entry = moved.answers[id], noted = entry !== null && typeof entry === "object";
      return { id: id, line: lookup(lines, id), value: noted ? entry.value : entry,
               note: noted ? entry.note : null, evidence: noted ? entry.evidence : null };
    });
    return { entries: entries, changed: moved.changed, answerAgain: moved.answerAgain };
  }

  var TOP_KEYS = ["model", "model_version", "client", "respondent", "assessed", "target", "answers"];
  var ANSWER_KEYS = ["value", "note", "evidence"];

  /* The answers format, read line by line: comments, `model`, `model_version`, `client`,
     `respondent` (a flow mapping or a block), `assessed`, `target` (skipped) and `answers` (a
     block, or a flow mapping of plain answers), each answer a value or a block (or flow mapping)
     of `value`, `note` and `evidence` (a block or flow list); every scalar plain or quoted on its
     line. Throws an Error naming the line for anything else. Each line is read in one pass, by
     hand: no regular expression that could backtrack (`\s+#.*$` took the square of a line's length). */
  function readAnswersFile(text) {
    var file = { model: null, version: null, client: null, respondent: null, entries: [] };
    var section = "", seenTop = newMap(), seen = newMap(), itemIndent = -1, item = null, fieldIndent = -1, list = null;
    var respondentLine = 0;
    function addAnswer(entry, line, where, fail) {
      if (!entry || !/^[A-Za-z0-9][A-Za-z0-9._:\/-]*$/.test(entry.key)) fail();  /* an id or an alias */
      if (has(seen, entry.key)) {
        throw new Error(where + "duplicate key '" + entry.key + "' (first on line " + seen[entry.key] + "): keep one");
      }
      seen[entry.key] = line;
      var answer = { id: entry.key, line: line, value: null, note: null, evidence: null, fields: newMap() };
      file.entries.push(answer);
      return answer;
    }
    text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach(function (raw, index) {
      var line = withoutComment(raw);
      if (!line.trim()) return;
      var where = "line " + (index + 1) + ": ";
      var fail = function () { throw new Error(where + "not part of an answers file: " + shortened(raw.trim())); };
      var indent = 0;
      while (line.charAt(indent) === " ") indent++;
      if (isSpace(line.charAt(indent))) fail();  /* YAML indents with spaces only */
      var content = line.slice(indent), entry = splitEntry(content);
      if (!indent) {
        if (!entry || TOP_KEYS.indexOf(entry.key) < 0) fail();
        if (has(seenTop, entry.key)) {
          throw new Error(where + "duplicate key '" + entry.key + "' (first on line " + seenTop[entry.key] + "): keep one");
        }
        seenTop[entry.key] = index + 1;
        section = entry.key;
        item = null;
        list = null;
        if (section === "model") file.model = scalar(entry.value, where);
        if (section === "model_version") file.version = scalar(entry.value, where);
        if (section === "client") file.client = scalar(entry.value, where);
        if (section === "assessed" && entry.value) checkedDate(scalar(entry.value, where), where);
        if (section === "respondent") {
          respondentLine = index + 1;
          file.respondent = person(entry.value ? flow(entry.value, "{", where) : [], where, fail, {});
        }
        if (section === "answers") {
          itemIndent = -1;
          if (entry.value) {
            flow(entry.value, "{", where).forEach(function (part) {
              var pair = splitEntry(part);
              addAnswer(pair, index + 1, where, fail).value = pair.value ? scalar(pair.value, where) : null;
            });
            section = "answers, closed";
          }
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
        var answer = addAnswer(entry, index + 1, where, fail);
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
    if (file.respondent && !has(file.respondent, "name")) {
      throw new Error("line " + respondentLine + ": the respondent needs a 'name'");
    }
    return file;
  }

  /* Sets `value`, `note` or `evidence` of an answer from `key: value`; returns the evidence list
     when it is a block still to come. */
  function setField(item, entry, where, fail) {
    if (!entry || ANSWER_KEYS.indexOf(entry.key) < 0) fail();
    if (has(item.fields, entry.key)) throw new Error(where + "duplicate key '" + entry.key + "': keep one");
    item.fields[entry.key] = true;
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
      if (has(into, entry.key)) throw new Error(where + "duplicate key '" + entry.key + "': keep one");
      var value = scalar(entry.value, where);
      if (value === null && entry.key === "role") return;
      into[entry.key] = checkedText(value, "a " + entry.key, NAME_LIMIT, false, where);
    });
    return into;
  }

  /* A date as `playbook score` takes it: YYYY-MM-DD, a real day from 1970 to 2099. */
  function checkedDate(text, where) {
    var day = typeof text === "string" && /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(text + "T00:00:00Z") : null;
    if (!day || isNaN(day) || day.toISOString().slice(0, 10) !== text) {
      throw new Error(where + "'" + shortened(String(text)) + "' is not a date: write it as YYYY-MM-DD");
    }
    if (text < "1970-01-01" || text > "2099-12-31") throw new Error(where + text + " is not a date from 1970 to 2099");
  }

  function isSpace(ch) { return /\s/.test(ch); }  /* one character: constant time */
  function isKeyChar(ch) { return /[\w.\/-]/.test(ch); }
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

  /* `key: value` as { key, value }, or null. A key may hold a colon not followed by a space, as
     YAML reads it (`cmmi:pp/1: yes`, an alias). */
  function splitEntry(line) {
    var i = 0;
    for (;;) {
      while (i < line.length && isKeyChar(line.charAt(i))) i++;
      if (i === 0 || line.charAt(i) !== ":") return null;
      if (i + 1 === line.length || isSpace(line.charAt(i + 1))) break;
      if (!isKeyChar(line.charAt(i + 1))) return null;
      i++;
    }
    return { key: line.slice(0, i), value: line.slice(i + 1).trim() };
  }

  /* The parts of a one-line flow mapping or list (`{a: 1, b: "x, y"}`, `[a, 'b']`), split at the
     commas outside quotes; nothing nested but a list in a mapping (`{evidence: [a, b]}`). */
  function flow(text, open, where) {
    var close = open === "{" ? "}" : "]", parts = [], start = 1, last = open, inList = false;
    if (text.charAt(0) !== open || text.charAt(text.length - 1) !== close) {
      throw new Error(where + "close the " + open + " on the same line");
    }
    for (var i = 1; i < text.length - 1; i++) {
      var ch = text.charAt(i);
      if (opensQuote(ch, last)) {
        i = closingQuote(text, i);
      } else if (ch === "[" && open === "{" && !inList) {
        inList = true;
      } else if (ch === "]" && inList) {
        inList = false;
      } else if ("[]{}".indexOf(ch) >= 0) {
        throw new Error(where + "nothing can be nested in " + shortened(text));
      } else if (ch === "," && !inList) {
        parts.push(text.slice(start, i).trim());
        start = i + 1;
      }
      if (!isSpace(ch)) last = ch;
    }
    if (inList) throw new Error(where + "close the [ on the same line");
    parts.push(text.slice(start, text.length - 1).trim());
    return parts.filter(Boolean);
  }

  /* What cannot start a plain scalar in YAML (quotes and brackets are read apart), and what a
     plain scalar cannot hold: `key: value` would be a mapping, and YAML refuses it. */
  var PLAIN_STARTS = ",&*!|>%@`]}";
  function isIndicator(text, i) { return (i + 1 === text.length || isSpace(text.charAt(i + 1))); }

  /* A plain or quoted scalar on one line (null for an empty one, `~` or `null`). */
  function scalar(text, where) {
    var first = text.charAt(0), last = text.charAt(text.length - 1);
    if (text === "" || text === "~" || text === "null") return null;
    if ("[{".indexOf(first) >= 0) throw new Error(where + "write " + shortened(text) + " on one line, as plain or quoted text");
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
    var plain = PLAIN_STARTS.indexOf(first) < 0 && !("-?:".indexOf(first) >= 0 && isIndicator(text, 0));
    for (var i = 0; plain && i < text.length; i++) {
      if (text.charAt(i) === ":" && isIndicator(text, i)) plain = false;
    }
    if (!plain) throw new Error(where + "write " + shortened(text) + " in quotes");
    return text;
  }

  window.PlaybookAnswers = { parseAnswers: parseAnswers, exportAnswers: exportAnswers, exportName: exportName,
                             changesOf: changesOf, noteOf: noteOf, cleanLine: cleanLine, today: today,
                             NOTE_LIMIT: NOTE_LIMIT, EVIDENCE_LIMIT: EVIDENCE_LIMIT };
})();
