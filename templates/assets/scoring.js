/* The scoring twin of generator/assessment/ (scoring, next_steps, verdict, merging) and generator/numbers: scores,
 * readiness, next steps, the verdict in plain sentences and several respondents merged, from the
 * data the build writes into the checklist page.
 *
 * Every rule mirrors the Python step for step (same sums in the same order, same rounding) and
 * the test suite checks that both give identical results. Exposed as window.PlaybookScoring.
 */
(function () {
  "use strict";

  /* Maps without a prototype, read by own property only: see shared.js. */
  var shared = window.PlaybookShared;
  var newMap = shared.newMap, has = shared.has, lookup = shared.lookup, scaleOf = shared.scaleOf;

  var round1 = function (x) { return Math.round(x * 10) / 10; };
  var round3 = function (x) { return Math.round(x * 1000) / 1000; };

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

  /* ---- several respondents: generator/assessment/merging.py ------------------------------------------- */

  /* Several respondents' answers as one credit per item, by the model's merge rule over the
     credits of those who answered it (n/a left out; with unanswered "zero", a blank counts 0). */
  function mergeCredits(data, answerSets) {
    var sets = answerSets.map(function (answers) { return creditsOf(data, answers); }), merged = newMap();
    data.items.forEach(function (item) {
      var given = sets.filter(function (credits) { return has(credits, item.id); })
        .map(function (credits) { return credits[item.id]; });
      if (!given.length) return;
      var counted = given.filter(function (credit) { return credit !== null; });
      if (data.rules.unanswered === "zero") {
        for (var blank = given.length; blank < sets.length; blank++) counted.push(0.0);
      }
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

  /* Items the respondents answered differently, the widest spread of credit first (then model
     order): [{ item, spread }]. */
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

  /* ---- scores: score_credits ----------------------------------------------------------------- */

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

    var count = data.items.filter(function (item) { return has(answered, item.id); }).length;
    var needed = Math.ceil(rules.minAnswered * data.items.length / 100), ready = count >= needed;
    var unanswered = data.items.filter(function (item) { return !has(answered, item.id); });
    var manyUnanswered = unanswered.length * 100 > rules.finishFirstAbove * data.items.length;
    var context = { data: data, answered: answered, axes: axisScores, pillars: pillars, stages: stages,
                    current: current, quadrant: quadrant };
    var roundAll = function (o, r) { var out = newMap(); Object.keys(o).forEach(function (k) { out[k] = r(o[k]); }); return out; };
    var result = {
      ready: ready, stage: ready ? data.stages[current].id : null, quadrant: ready && quadrant ? quadrant.id : null,
      axes: roundAll(axisScores, round1), pillars: roundAll(pillars, round1), stages: roundAll(stages, round1),
      levels: levels, maturity: roundAll(maturity, round3),
      maturity_overall: round3(mean(data.pillars.map(function (p) { return maturity[p.id]; })))
    };
    if (data.groups.length) result.groups = groups;
    result.completion = completionOf(data, sums, where);
    result.answered = count;
    result.total = data.items.length;
    result.to_answer = Math.max(needed - count, 0);
    result.finish_first = ready && manyUnanswered ? unanswered.slice(0, rules.maxNextSteps).map(function (item) {
      return { id: item.id, text: item.text, link: fill(data.urls.item, { id: item.id }) };
    }) : [];
    result.next_steps = ready ? nextSteps(context) : [];
    result.verdict = verdict(data, result);
    result.raw = { axes: axisScores };
    return result;
  }

  /* {pillar: {stage: share 0..1}} of the credit possible that is earned (scoring.py `completion_of`):
     a stage where the pillar has no items is left out, one where all are n/a is null. */
  function completionOf(data, sums, where) {
    var completion = newMap();
    data.pillars.forEach(function (p) {
      var own = where("pillar", p.id), shares = newMap();
      data.stages.forEach(function (s) {
        var here = where("stage", s.id, own);
        if (!here.length) return;
        var t = sums(here);
        shares[s.id] = t[1] ? round3(t[0] / t[1]) : null;
      });
      completion[p.id] = shares;
    });
    return completion;
  }

  /* ---- the verdict: generator/assessment/verdict.py ------------------------------------------ */

  function verdict(data, result) {
    var words = data.labels, sentences = [];
    var said = function (key, values) { return say(data, "verdict " + key, values); };
    if (!result.ready) {
      return [said("not ready", { count: String(result.answered), total: String(result.total), more: String(result.to_answer) })];
    }
    var name = newMap();
    [data.stages, data.pillars, data.quadrants || []].forEach(function (list) {
      list.forEach(function (e) { name[e.id] = e.name; });
    });
    var index = data.stages.map(function (s) { return s.id; });
    var pillarIds = data.pillars.map(function (p) { return p.id; });
    /* The first id of the highest (`sign` 1) or lowest (-1) value, in model order. */
    var extreme = function (ids, valueOf, sign) {
      var best = ids[0];
      ids.forEach(function (id) { if (sign * (valueOf(id) - valueOf(best)) > 0) best = id; });
      return best;
    };
    if (data.headline === "stage") {
      sentences.push(said("at stage", { stage: name[result.stage], word: words.stage.singular_lower,
                                        number: String(index.indexOf(result.stage) + 1), count: String(index.length) }));
    } else if (data.headline === "levels") {
      var rank = function (p) { return index.indexOf(result.levels[p]); };
      var low = extreme(pillarIds, rank, -1), high = extreme(pillarIds, rank, 1);
      if (result.levels[low] === result.levels[high]) {
        sentences.push(said("levels even", { pillar: words.pillar.singular_lower, stage: name[result.levels[low]] }));
      } else {
        sentences.push(said("levels range", { pillars: words.pillar.plural_lower, low: name[result.levels[low]],
                                              low_pillar: name[low], high: name[result.levels[high]], high_pillar: name[high] }));
      }
    } else {
      var top = data.stages.filter(function (s) { return data.items.some(function (i) { return i.stage === s.id; }); }).length;
      sentences.push(said("score", { score: shared.formatNumber(data.language, result.maturity_overall, 1), top: top }));
    }
    var differ = false;
    if (result.quadrant) {
      sentences.push(said("quadrant", { word: words.quadrant.singular_lower, quadrant: name[result.quadrant] }));
      differ = data.headline === "stage" && seemToDiffer(data, result);
      if (differ) {
        sentences.push(said("differ", { stage_word: words.stage.singular_lower, things: words.item.plural_lower,
                                        quadrant_word: words.quadrant.singular_lower,
                                        axes: say(data, "and", { items: data.axes[0].name, last: data.axes[1].name }) }));
      }
    }
    var scores = data.headline === "score" ? result.maturity : result.pillars;
    if (pillarIds.length > 1) {
      var value = function (p) { return scores[p]; };
      var strong = extreme(pillarIds, value, 1), weak = extreme(pillarIds, value, -1);
      if (scores[strong] !== scores[weak]) {
        sentences.push(said("strongest", { word: words.pillar.singular_lower, strong: name[strong], weak: name[weak] }));
      }
    }
    var steps = result.next_steps;
    if (differ) {  /* the quadrant's advice fits its scores, not the early stage: start from the stage's steps */
      var recommendation = data.quadrants.find(function (q) { return q.id === result.quadrant; }).recommendation;
      var others = steps.filter(function (step) { return step.text !== recommendation; });
      if (others.length) steps = others;
    }
    if (steps.length) sentences.push(said("start", { step: firstSentence(steps[0].text) }));
    if (result.finish_first.length) {
      sentences.push(said("unsure", { count: String(result.total - result.answered), total: String(result.total) }));
    }
    return sentences;
  }

  /* The first sentence of `text`, without its full stop: "Get in. Take on ..." -> "Get in". */
  function firstSentence(text) {
    var ends = [". ", "! ", "? ", "\u3002", "\uff01", "\uff1f"].filter(function (mark) { return text.indexOf(mark) >= 0; })
      .map(function (mark) { return text.indexOf(mark) + 1; });
    var first = ends.length ? text.slice(0, Math.min.apply(null, ends)) : text;
    return first.replace(/[ .\u3002!\uff01?\uff1f]+$/, "");
  }

  /* Whether stage and quadrant point different ways (verdict.py `_seem_to_differ`). */
  function seemToDiffer(data, result) {
    var position = data.quadrants.find(function (q) { return q.id === result.quadrant; }).position;
    var sides = Object.keys(position);
    var high = sides.filter(function (a) { return position[a] === "high"; }).length / sides.length;
    var climbed = data.stages.map(function (s) { return s.id; }).indexOf(result.stage) / Math.max(data.stages.length - 1, 1);
    return Math.abs(high - climbed) > 0.5;
  }

  /* ---- next steps: _StepContext -------------------------------------------------------------- */

  /* Weighted distance of an answered item from fully met (0 for met, n/a or unanswered items). */
  function gap(c, item) {
    var credit = lookup(c.answered, item.id);
    return credit !== undefined && credit !== null ? item.weight * (1 - credit) : 0.0;
  }

  /* A text in the site's language (data.words: scoring.REASONS and the page's messages), in the
     form its `count` takes when it has forms, numbers written as the language writes them
     (wording.say). */
  function say(data, key, values) {
    var pattern = data.words[key], shown = {};
    if (typeof pattern !== "string") pattern = pattern[shared.pluralOf(data.language, values.count)] || pattern.other;
    Object.keys(values).forEach(function (name) {
      var value = values[name];
      shown[name] = typeof value === "number" ? shared.formatNumber(data.language, value) : value;
    });
    return fill(pattern, shown);
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

  /* A next step while the steps are chosen and ordered (Python's _Draft). */
  function draft(text, link, key, requires, extra) {
    var d = { text: text, link: link, key: key, requires: requires, value: 0.0, reason: "", detail: "", checks: 0, weight: 0.0,
              stages: [], lifts: [], after: [], practices: [] };
    Object.keys(extra || {}).forEach(function (name) { d[name] = extra[name]; });
    return d;
  }

  /* Each stage step whose open items all belong to a practice that is a step too (and that requires
     nothing), absorbed into that practice's step where the first of them was
     (next_steps._practices_take_their_own). */
  function practicesTakeTheirOwn(drafts) {
    var owners = newMap(), kept = [];
    drafts.forEach(function (d) { if (d.key.indexOf("practice:") === 0) owners[d.key] = d; });
    drafts.forEach(function (d) {
      var owner = d.practices.length === 1 ? lookup(owners, "practice:" + d.practices[0]) : undefined;
      if (owner !== undefined && d.key.indexOf("step:") === 0 && !d.requires.length) {
        absorb(owner, d);
        d = owner;
      }
      if (kept.indexOf(d) < 0) kept.push(d);
    });
    return kept;
  }

  /* Counts the reasons of `other`, a step on the same page, in `kept`. */
  function absorb(kept, other) {
    kept.checks += other.checks;
    kept.weight += other.weight;
    other.stages.forEach(function (s) { if (kept.stages.indexOf(s) < 0) kept.stages.push(s); });
    other.lifts.forEach(function (l) {
      if (!kept.lifts.some(function (k) { return k[0] === l[0] && k[1] === l[1]; })) kept.lifts.push(l);
    });
  }

  function nextSteps(c) {
    var data = c.data, urls = data.urls, q = c.quadrant, drafts = [];
    if (q) {
      var axisText = data.axes.map(function (a) {
        return a.name + " " + shared.formatNumber(data.language, c.axes[a.id], 0);
      }).join(", ");
      drafts.push(draft(q.recommendation, fill(urls.quadrant, { id: q.id }), "quadrant:" + q.id, [], {
        reason: say(data, "quadrant", { quadrant: q.name }),
        detail: say(data, "quadrant scores", { scores: axisText, threshold: data.rules.axisThreshold })
      }));
    }
    var ranked = stageSteps(c).concat(practiceSteps(c));
    ranked.sort(function (a, b) { return b.value - a.value; });
    ranked.forEach(function (d) {
      var kept = drafts.find(function (k) { return k.link === d.link; });
      if (kept) absorb(kept, d);
      else drafts.push(d);
    });
    drafts = practicesTakeTheirOwn(drafts);
    return inRequiredOrder(c, drafts).slice(0, data.rules.maxNextSteps)
      .map(function (d) { return { text: d.text, why: why(c, d), detail: detail(c, d), link: d.link }; });
  }

  /* Why a step was chosen, as one plain sentence. */
  function why(c, d) {
    var stages = c.data.stages.filter(function (s) { return d.stages.indexOf(s.id) >= 0; }).map(function (s) { return s.name; });
    var text = d.checks ? say(c.data, "counts", { stages: listed(c.data, stages) }) : d.reason;
    if (d.lifts.length) {
      var lifts = listed(c.data, d.lifts.map(function (lift) { return lift[0]; }));
      text = text ? say(c.data, "also lifts", { why: text, lifts: lifts }) : say(c.data, "lifts", { lifts: lifts });
    }
    if (d.after.length) text = say(c.data, "after", { why: text, names: listed(c.data, d.after) });
    return text;
  }

  /* The numbers behind a step: "2 open checks, weight 3; Evolving 50% complete; People 40". */
  function detail(c, d) {
    var parts = d.detail ? [d.detail] : [];
    if (d.checks) {
      parts.push(say(c.data, "open checks", { count: d.checks, weight: shared.formatNumber(c.data.language, d.weight, 1) }));
      c.data.stages.forEach(function (s) {
        if (d.stages.indexOf(s.id) >= 0) {
          parts.push(say(c.data, "stage", { stage: s.name, percent: shared.formatPercent(c.data.language, c.stages[s.id]) }));
        }
      });
    }
    d.lifts.forEach(function (lift) { parts.push(lift[1]); });
    return parts.join("; ");
  }

  /* Parts as one phrase: "a", "a and b", "a, b and c". */
  function listed(data, parts) {
    if (parts.length === 1) return parts[0];
    return say(data, "and", { items: parts.slice(0, -1).join(", "), last: parts[parts.length - 1] });
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
    var extra = { reason: say(data, "required", { name: nameOf(c, neededBy.key) }) };
    if (kind === "practice") {
      var p = data.practices.find(function (e) { return e.id === id; });
      return draft(p.name + ": " + p.summary, fill(data.urls.practice, { id: id }), key, keys("practice", p.requires), extra);
    }
    var found = stepOf(data, id);
    return draft(found.step.text, fill(data.urls.step, { id: found.stage.id, step: id }), key,
                 keys("step", found.step.requires), extra);
  }

  function inRequiredOrder(c, drafts) {
    var listedKeys = newMap(), queue = drafts.slice();
    drafts.forEach(function (d) { listedKeys[d.key] = true; });
    while (queue.length) {
      var d = queue.shift();
      d.requires.forEach(function (key) {
        if (!listedKeys[key] && isOpen(c, key)) {
          var added = requiredStep(c, key, d);
          listedKeys[key] = true;
          drafts.push(added);
          queue.push(added);
        }
      });
    }
    var ordered = [], placed = newMap(), remaining = drafts.slice();
    while (remaining.length) {
      var index = remaining.findIndex(function (r) {
        return r.requires.every(function (key) { return placed[key] || !isOpen(c, key); });
      });
      var next = remaining.splice(index, 1)[0];
      next.after = next.requires.filter(function (key) { return placed[key]; }).map(function (key) { return nameOf(c, key); });
      ordered.push(next);
      placed[next.key] = true;
    }
    return ordered;
  }

  /* Open answered items of every stage up to the next one, grouped by the stage step they
     evidence; one open item says its action, several their step. */
  function stageSteps(c) {
    var data = c.data, urls = data.urls;
    var last = Math.min(c.current + 1, data.stages.length - 1);
    var inReach = data.stages.slice(0, last + 1).map(function (s) { return s.id; });
    var practiceOf = newMap();
    data.practices.forEach(function (p) { practiceOf[p.id] = p; });
    var groups = new Map();
    data.items.forEach(function (item) {
      if (inReach.indexOf(item.stage) >= 0 && gap(c, item) > 0) {
        var key = item.step ? "step:" + item.step : "item:" + item.id;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(item);
      }
    });
    var drafts = [];
    groups.forEach(function (items) {
      var head = items[0];
      var value = items.reduce(function (sum, item) { return sum + gap(c, item); }, 0.0);
      var link, key, requires, found = head.step ? stepOf(data, head.step) : null;
      if (found) {
        link = fill(urls.step, { id: found.stage.id, step: head.step });
        key = "step:" + head.step; requires = keys("step", found.step.requires);
      } else if (head.practice) {
        link = fill(urls.practice, { id: head.practice });
        key = "practice:" + head.practice; requires = keys("practice", practiceOf[head.practice].requires);
      } else {
        link = fill(urls.stage, { id: head.stage }); key = "item:" + head.id; requires = [];
      }
      var text = items.length === 1 && head.action ? head.action : found ? found.step.text : head.text;
      var practices = [];
      items.forEach(function (item) { if (item.practice && practices.indexOf(item.practice) < 0) practices.push(item.practice); });
      drafts.push(draft(text, link, key, requires, { value: value, checks: items.length, weight: value, stages: [head.stage],
                                                   practices: practices }));
    });
    return drafts;
  }

  function practiceSteps(c) {
    var data = c.data, drafts = [];
    var lenses = [["pillar", c.pillars, data.pillars]];
    if (data.axes) lenses.push(["axis", c.axes, data.axes]);
    lenses.forEach(function (spec) {
      var field = spec[0], scores = spec[1], list = spec[2];
      var weakest = list[0];
      list.forEach(function (e) { if (scores[e.id] < scores[weakest.id]) weakest = e; });
      var lift = [say(data, field, { name: weakest.name, word: data.labels[field].singular_lower }),
                  say(data, "score", { name: weakest.name, score: shared.formatNumber(data.language, scores[weakest.id], 0) })];
      var candidates = [];
      data.practices.forEach(function (p) {
        var value = 0.0;
        data.items.forEach(function (item) {
          if (item.practice === p.id && item[field] === weakest.id) value += gap(c, item);
        });
        if (value > 0) {
          candidates.push(draft(p.name + ": " + p.summary, fill(data.urls.practice, { id: p.id }), "practice:" + p.id,
                                keys("practice", p.requires), { value: value, lifts: [lift] }));
        }
      });
      candidates.sort(function (a, b) { return b.value - a.value; });
      drafts.push.apply(drafts, candidates.slice(0, 2));
    });
    return drafts;
  }

  window.PlaybookScoring = { score: score, scoreCredits: scoreCredits, mergeCredits: mergeCredits,
                             disagreement: disagreement, scaleOf: scaleOf, say: say };
})();
