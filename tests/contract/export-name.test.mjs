// The name the checklist page gives an exported answers file (templates/assets/answers-file.js,
// exportName): a rule of the page alone, with no Python twin, so checked here rather than in the
// corpus. The scripts run in a node:vm context as the site loads them.
//
//     node --test tests/contract/
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "templates", "assets");

function loadPage() {
  const page = vm.createContext({});
  page.window = page;
  for (const name of ["shared.js", "scoring.js", "migration.js", "answers-file.js"]) {
    vm.runInContext(fs.readFileSync(path.join(ASSETS, name), "utf8"), page, { filename: name });
  }
  return page;
}

const { exportName } = loadPage().PlaybookAnswers;
const DATE = "2026-12-07";
const CLIENT_SITE = { client: "fjord-energi", model: { id: "social-business" } };
const GENERIC_SITE = { model: { id: "social-business" } };

test("a client's site names the file by client, respondent and date", () => {
  assert.equal(exportName(CLIENT_SITE, { name: "Kari Nilsen", role: "IT-arkitekt" }, DATE),
               "fjord-energi-kari-nilsen-2026-12-07.yaml");
});

test("the generic site puts the model's id in place of the client", () => {
  assert.equal(exportName(GENERIC_SITE, { name: "Ada Lund" }, DATE), "social-business-ada-lund-2026-12-07.yaml");
});

test("without a respondent's name the file is named by client (or model) and date", () => {
  for (const respondent of [null, undefined, {}, { role: "Lead" }, { name: "" }]) {
    assert.equal(exportName(CLIENT_SITE, respondent, DATE), "fjord-energi-2026-12-07.yaml");
    assert.equal(exportName(GENERIC_SITE, respondent, DATE), "social-business-2026-12-07.yaml");
  }
});

test("a name of no letters or digits counts as none", () => {
  for (const name of [" ", "--", "!?", "\u200b"]) {
    assert.equal(exportName(CLIENT_SITE, { name }, DATE), "fjord-energi-2026-12-07.yaml", JSON.stringify(name));
  }
});

test("Latin names lose accents as a client's slug does; other scripts keep their letters", () => {
  const cases = {
    "Åse Ødegård": "ase-odegard",       // as `playbook new-client` slugs a name
    "Bjørn Ærø-Strøm": "bjorn-aero-strom",
    "Nguyễn Văn Ánh": "nguyen-van-anh",
    "O'Brien, Jr.": "o-brien-jr",
    "  Ingrid   SOLBERG ": "ingrid-solberg",
    "Straße 2": "strasse-2",
    "李明": "李明",
    "さとう が": "さとう-が",                 // the voicing mark stays: dropping it makes another name
    "김민준": "김민준",
    "Ｆｕｌｌ　Ｗｉｄｔｈ": "full-width",
  };
  for (const [name, slug] of Object.entries(cases)) {
    assert.equal(exportName(CLIENT_SITE, { name }, DATE), `fjord-energi-${slug}-${DATE}.yaml`, name);
  }
});

test("a long name is cut to 64 characters, never ending in a hyphen", () => {
  const name = "a".repeat(63) + " b" + " c".repeat(100);
  assert.equal(exportName(CLIENT_SITE, { name }, DATE), `fjord-energi-${"a".repeat(63)}-${DATE}.yaml`);
  const long = "長".repeat(100);
  assert.equal(exportName(CLIENT_SITE, { name: long }, DATE), `fjord-energi-${"長".repeat(64)}-${DATE}.yaml`);
});

test("a file name never holds a path separator or a character Windows refuses", () => {
  const name = 'a/b\\c:d*e?f"g<h>i|j\u0000k\u202el.';
  const file = exportName(CLIENT_SITE, { name }, DATE);
  assert.equal(file, "fjord-energi-a-b-c-d-e-f-g-h-i-j-k-l-2026-12-07.yaml");
  assert.doesNotMatch(file, /[/\\:*?"<>|\u0000-\u001f\u202e]/);
});
