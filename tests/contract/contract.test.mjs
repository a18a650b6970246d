// The checklist page's scripts against the contract corpus (cases/*.json, written by Python:
// python -m tests.contract.make_corpus). The scripts run in a node:vm context as the site loads
// them, and get each case's rules data and input through the entry points checklist.js uses.
//
//     node --test tests/contract/
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ASSETS = path.join(HERE, "..", "..", "templates", "assets");
const CASES = path.join(HERE, "cases");
// The rule scripts, shared.js first as the site loads it (checklist.js and private.js hold the
// page's DOM work and none of the rules).
const SCRIPTS = ["shared.js", "scoring.js", "migration.js", "answers-file.js"];

/* A fresh page: the scripts loaded into a context whose global object is `window`. */
function loadPage() {
  const page = vm.createContext({});
  page.window = page;
  for (const name of SCRIPTS) {
    vm.runInContext(fs.readFileSync(path.join(ASSETS, name), "utf8"), page, { filename: name });
  }
  return page;
}

/* The data of a group: the file's data with the group's JSON Merge Patch (RFC 7386) applied. */
function applyPatch(data, patch) {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out = data !== null && typeof data === "object" && !Array.isArray(data) ? { ...data } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyPatch(out[key], value);
  }
  return out;
}

/* Answers as the page keeps them: a map without a prototype (see shared.js). */
function answersMap(page, answers) {
  const map = page.PlaybookShared.newMap();
  for (const [id, value] of Object.entries(answers)) map[id] = value;
  return map;
}

/* JSON data of what the scripts return (objects of the page's realm, some without a prototype). */
const plain = (value) => JSON.parse(JSON.stringify(value));

/* A refusal is an Error the scripts throw on purpose; anything else (a TypeError) is a bug. */
function refused(error) {
  if (!error || error.name !== "Error") throw error;
  return error;
}

/* Each family's entry points, as checklist.js calls them. */
const FAMILIES = {
  scoring(page, data, input) {
    const result = page.PlaybookScoring.score(data, answersMap(page, input.answers));
    delete result.raw;  // the chart's unrounded position, not part of `playbook score --json`
    return result;
  },
  merging(page, data, input) {
    const scoring = page.PlaybookScoring;
    const respondents = input.respondents.map((r) => ({
      name: r.name, answers: answersMap(page, r.answers), notes: page.PlaybookShared.newMap(),
    }));
    const result = scoring.scoreCredits(data, scoring.mergeCredits(data, respondents.map((r) => r.answers)));
    delete result.raw;
    const disagreement = scoring.disagreement(data, respondents).map((row) => ({ item: row.item.id, spread: row.spread }));
    return { result, disagreement };
  },
  "answers-file"(page, data, input) {
    try {
      const parsed = page.PlaybookAnswers.parseAnswers(data, input.file);
      return { accepted: true, answers: parsed.answers, notes: parsed.notes, respondent: parsed.respondent,
               migration: parsed.migration };
    } catch (error) {
      refused(error);
      return { accepted: false };
    }
  },
  migration(page, data, input) {
    try {
      return page.PlaybookMigration.migrate(data.changes, data.model.version, answersMap(page, input.answers),
                                            input.version);
    } catch (error) {
      return { error: refused(error).message };
    }
  },
};

const files = fs.readdirSync(CASES).filter((name) => name.endsWith(".json")).sort();

test("the corpus is there, and every family has an entry point", () => {
  assert.ok(files.length >= 4, `no cases in ${CASES}: run python -m tests.contract.make_corpus`);
  for (const name of files) {
    const family = JSON.parse(fs.readFileSync(path.join(CASES, name), "utf8")).family;
    assert.ok(Object.hasOwn(FAMILIES, family), `${name}: no entry point for the family '${family}'`);
  }
});

const page = loadPage();
for (const name of files) {
  const corpus = JSON.parse(fs.readFileSync(path.join(CASES, name), "utf8"));
  test(name, async (t) => {
    for (const group of corpus.groups) {
      const data = applyPatch(corpus.data, group.patch);
      const check = (c) => {
        const actual = plain(FAMILIES[corpus.family](page, structuredClone(data), c.input));
        assert.deepStrictEqual(actual, c.expected, `${name}: ${group.description}: ${c.description}`);
      };
      await t.test(group.description, () => group.cases.filter((c) => !c.todo).forEach(check));
      // Known divergences (make_corpus.KNOWN_DIVERGENCES): reported, not failed, until both sides agree.
      for (const c of group.cases.filter((c) => c.todo)) {
        await t.test(`${group.description}: ${c.description}`, { todo: c.todo }, () => check(c));
      }
    }
  });
}
