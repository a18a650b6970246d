/* The interactive checklist: answers kept in localStorage, scores and next steps updated live.
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

  function score(data, answers) {
    var rules = data.rules, credits = newMap(), applicable = newMap();
    var axes = data.axes || [], quadrants = data.quadrants || [];
    data.items.forEach(function (item) {
      var answer = lookup(answers, item.id);
      var option = answer === undefined ? undefined : scaleOf(data, item).find(function (o) { return o.value === answer; });
      var credit = option === undefined ? null : option.credit;
      applicable[item.id] = answer === undefined || credit !== null;
      credits[item.id] = credit !== null ? credit : 0.0;
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
    var context = { data: data, answers: answers, applicable: applicable, credits: credits, axes: axisScores,
                    pillars: pillars, stages: stages, current: current, quadrant: quadrant };
    var roundAll = function (o, r) { var out = newMap(); Object.keys(o).forEach(function (k) { out[k] = r(o[k]); }); return out; };
    var result = {
      stage: data.stages[current].id, quadrant: quadrant ? quadrant.id : null,
      axes: roundAll(axisScores, round1), pillars: roundAll(pillars, round1), stages: roundAll(stages, round1),
      levels: levels, maturity: roundAll(maturity, round3),
      maturity_overall: round3(mean(data.pillars.map(function (p) { return maturity[p.id]; })))
    };
    if (data.groups.length) result.groups = groups;
    result.answered = data.items.filter(function (item) { return has(answers, item.id); }).length;
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
      var unanswered = items.filter(function (item) { return !has(c.answers, item.id); }).length;
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
                                   detail: detail, weight: String(value) })
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

  function exportAnswers(data, answers) {
    var lines = ["# Answers to the " + data.model.name + " checklist (version " + data.model.version + ")",
                 "assessed: " + new Date().toISOString().slice(0, 10), "answers:"];
    data.items.forEach(function (item) { if (has(answers, item.id)) lines.push("  " + item.id + ": " + answers[item.id]); });
    return lines.join("\n") + "\n";
  }

  /* Reads exactly the answers format (comments, `assessed`, `answers:` and `  id: value` lines);
     throws an Error naming the line for anything else. Each line is read in one pass, by hand:
     no regular expression that could backtrack (`\s+#.*$` took the square of a line's length). */
  function parseAnswers(data, text) {
    var items = newMap(), answers = newMap(), inAnswers = false;
    data.items.forEach(function (item) { items[item.id] = item; });
    text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach(function (raw, index) {
      var line = withoutComment(raw);
      var where = "line " + (index + 1) + ": ";
      if (!line.trim()) return;
      var entry = splitEntry(line);
      if (entry && !entry.indented && /^\w+$/.test(entry.key)) {
        if (entry.key === "answers" && !entry.value) { inAnswers = true; return; }
        if (entry.key === "assessed") { inAnswers = false; return; }
      }
      if (entry && entry.indented && inAnswers && /^[a-z0-9-]+$/.test(entry.key)) {
        var value = unquoted(entry.value);
        if (!has(items, entry.key)) throw new Error(where + "unknown checklist item '" + shortened(entry.key) + "'");
        if (value === "" || value === "null" || value === "~") return;
        var values = scaleOf(data, items[entry.key]).map(function (a) { return a.value; });
        if (values.indexOf(value) < 0) {
          throw new Error(where + "'" + shortened(value) + "' is not an answer: use one of " + values.join(", "));
        }
        answers[entry.key] = value;
        return;
      }
      throw new Error(where + "not part of an answers file: " + shortened(raw.trim()));
    });
    return answers;
  }

  function isSpace(ch) { return /\s/.test(ch); }  /* one character: constant time */
  function isKeyChar(ch) { return /[\w-]/.test(ch); }
  function shortened(text) { return text.length > 60 ? text.slice(0, 60) + "..." : text; }

  /* The line without its comment: as in YAML, '#' at the start or after white space. */
  function withoutComment(line) {
    if (line.charAt(0) === "#") return "";
    for (var i = 1; i < line.length; i++) {
      if (line.charAt(i) === "#" && isSpace(line.charAt(i - 1))) {
        var end = i - 1;
        while (end > 0 && isSpace(line.charAt(end - 1))) end--;
        return line.slice(0, end);
      }
    }
    return line;
  }

  /* `key: value` (indented or not) as { indented, key, value }, or null. */
  function splitEntry(line) {
    var i = 0;
    while (i < line.length && isSpace(line.charAt(i))) i++;
    var start = i;
    while (i < line.length && isKeyChar(line.charAt(i))) i++;
    if (i === start || line.charAt(i) !== ":") return null;
    return { indented: start > 0, key: line.slice(start, i), value: line.slice(i + 1).trim() };
  }

  function unquoted(value) {
    var first = value.charAt(0);
    var quoted = value.length >= 2 && (first === '"' || first === "'") && value.charAt(value.length - 1) === first;
    return quoted ? value.slice(1, -1) : value;
  }

  /* ---- the page ---------------------------------------------------------------------------- */

  function setup(root) {
    var data = JSON.parse(root.dataset.pbModel);
    var key = data.storageKey;
    var answers = load(key, data);

    function save() {
      try { localStorage.setItem(key, JSON.stringify(answers)); } catch (e) { /* private mode: keep going */ }
    }
    function message(text, isError) {
      var box = root.querySelector("[data-pb-message]");
      box.textContent = text;
      box.classList.toggle("pb-error", !!isError);
    }
    function showAnswers() {
      root.querySelectorAll("input[type=radio][data-pb-item]").forEach(function (input) {
        input.checked = lookup(answers, input.dataset.pbItem) === input.value;
      });
      root.querySelectorAll("[data-pb-fieldset]").forEach(function (set) {
        set.classList.toggle("pb-answered", has(answers, set.dataset.pbFieldset));
      });
    }
    function update() {
      var result = score(data, answers);
      render(root, data, result);
      root.pbResult = result;
    }

    root.addEventListener("change", function (event) {
      var input = event.target;
      if (input.dataset && input.dataset.pbItem) {
        answers[input.dataset.pbItem] = input.value;
        save(); showAnswers(); update();
      }
    });
    root.querySelector("[data-pb-export]").addEventListener("click", function () {
      var blob = new Blob([exportAnswers(data, answers)], { type: "application/x-yaml" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = data.model.id + "-answers.yaml";
      document.body.appendChild(link); link.click(); link.remove();
      message(say(data, "exported", { count: String(Object.keys(answers).length) }));
    });
    root.querySelector("[data-pb-import]").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (!file) return;
      event.target.value = "";
      if (file.size > MAX_IMPORT_BYTES) {
        message(say(data, "too big", { file: file.name, limit: String(MAX_IMPORT_BYTES) }), true);
        return;
      }
      file.text().then(function (text) {
        // Nothing changes until the file has parsed and scored: a failure leaves the answers as they were.
        var imported, result;
        try {
          imported = parseAnswers(data, text);
          result = score(data, imported);
        } catch (error) {
          message(say(data, "not imported", { file: file.name, error: error.message }), true);
          return;
        }
        answers = imported;
        save();
        var count = Object.keys(answers).length;
        try {
          showAnswers(); render(root, data, result); root.pbResult = result;
          message(say(data, "imported", { count: String(count), file: file.name }));
        } catch (error) {
          message(say(data, "not shown", { count: String(count), file: file.name, error: error.message }), true);
        }
      });
    });
    root.querySelector("[data-pb-reset]").addEventListener("click", function () {
      if (!window.confirm(say(data, "reset?", {}))) return;
      answers = newMap();
      try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
      showAnswers(); update();
      message(say(data, "cleared", {}));
    });
    showAnswers(); update();
  }

  function load(key, data) {
    var valid = newMap();
    try {
      var stored = JSON.parse(localStorage.getItem(key) || "{}");
      if (!stored || typeof stored !== "object") return valid;
      data.items.forEach(function (item) {
        var values = scaleOf(data, item).map(function (a) { return a.value; });
        var value = lookup(stored, item.id);
        if (typeof value === "string" && values.indexOf(value) >= 0) valid[item.id] = value;
      });
    } catch (e) { /* unreadable storage: start empty */ }
    return valid;
  }

  function byId(list, id) { return list.find(function (e) { return e.id === id; }); }

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

  window.PlaybookScoring = { score: score, parseAnswers: parseAnswers, exportAnswers: exportAnswers };

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
