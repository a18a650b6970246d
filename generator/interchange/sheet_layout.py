"""The spreadsheet layout of a model, as data: import, export, the template and the docs all read it.

A workbook holds one sheet per kind of thing (or a folder holds one CSV file per sheet). Row 1 of
each sheet names its columns (any case, any order); every later row is one entry. The sheet
`model` is different: its rows are `key`, `value` pairs. In the sheets that hold pillars, groups,
practices and checklist items, a column the layout does not name is a short fact (`meta`): its
header is the key, each cell the value.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a cell's text becomes a value of the model.
ID = "id"  # one id: lowercase letters, digits and single hyphens
IDS = "ids"  # ids separated by commas
LINE = "line"  # one line of text
TEXT = "text"  # text, line breaks kept
LINES = "lines"  # a list: one entry a line (or, when an entry spans lines, entries parted by a blank line)
NUMBER = "number"  # a decimal number
DATE = "date"  # YYYY-MM-DD
ALIASES = "aliases"  # other ids (a source model's own) separated by commas


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, how its cells read, and what it is for."""

    header: str
    kind: str
    note: str
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    """One sheet (or CSV file) of the layout."""

    name: str
    file: str  # the model file its rows go to
    note: str
    columns: tuple[Column, ...]
    required: bool = False

    def column(self, header: str) -> Column | None:
        return next((c for c in self.columns if c.header == header), None)


MODEL_KEYS: tuple[Column, ...] = (
    Column("id", ID, "the model's id (default: made from its name)"),
    Column("name", LINE, "the model's name", required=True),
    Column("version", LINE, "its version, as text: 1.10 stays 1.10", required=True),
    Column("updated", DATE, "the date of this version, YYYY-MM-DD"),
    Column("language", LINE, "the language of its texts (default en)"),
    Column("summary", TEXT, "one or two sentences (default: the description)"),
    Column("description", TEXT, "the home page's text, Markdown (default: the summary)"),
    Column("about", TEXT, "the About page's text, Markdown"),
    Column("license.name", LINE, "the licence of the model's text"),
    Column("license.url", LINE, "a link to the licence"),
    Column("group_by", LINE, "how the checklist page groups items: stage, pillar or practice"),
    Column("filters", IDS, "the checklist's extra columns its page filters by, comma-separated"),
    *(
        Column(f"scoring.{key}", kind, note)
        for key, kind, note in (
            ("stage_threshold", NUMBER, "percent of a stage's credit that reaches it (default 70)"),
            ("axis_threshold", NUMBER, "percent that counts as high on an axis (default 50)"),
            ("max_next_steps", NUMBER, "how many next steps to list (default 10)"),
            ("headline", LINE, "what the site leads with: stage, levels or score"),
            ("merge", LINE, "how respondents merge: mean, min or median"),
            ("unanswered", LINE, "how a respondent's blank item counts when they merge: skip or zero"),
            ("min_answered", NUMBER, "percent of items answered before results show (default 50)"),
        )
    ),
    *(
        Column(f"labels.{kind}.{number}", LINE, f"the model's word for a {kind}, {number}")
        for kind in ("stage", "quadrant", "axis", "pillar", "group", "practice", "item")
        for number in ("singular", "plural")
    ),
)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "model",
        "model.yaml",
        "What the model is: one `key`, `value` pair a row.",
        (Column("key", LINE, "one of the keys below", True), Column("value", TEXT, "its value", True)),
        required=True,
    ),
    Sheet(
        "sources",
        "model.yaml",
        "Articles the model draws on (optional).",
        (
            Column("title", LINE, "the article's title", True),
            Column("author", LINE, "who wrote it"),
            Column("language", LINE, "its language"),
            Column("url", LINE, "a link to it"),
        ),
    ),
    Sheet(
        "stages",
        "stages.yaml",
        "The stages, lowest first. Without this sheet, the checklist's stages in their first order.",
        (
            Column("id", ID, "the stage's id", True),
            Column("name", LINE, "its name", True),
            Column("summary", TEXT, "one or two sentences (default: the name)"),
            Column("description", TEXT, "its page's text, Markdown (default: the summary)"),
            Column("signs", LINES, "signs that an organisation is here, one a line"),
        ),
    ),
    Sheet(
        "steps",
        "stages.yaml",
        "Steps to the next stage (optional).",
        (
            Column("stage", ID, "the stage the step leads on from", True),
            Column("id", ID, "the step's id", True),
            Column("text", TEXT, "what to do", True),
            Column("practices", IDS, "practices that help, comma-separated"),
            Column("requires", IDS, "steps to take first, comma-separated"),
        ),
    ),
    Sheet(
        "pillars",
        "pillars.yaml",
        "The pillars. Without this sheet, the checklist's pillars.",
        (
            Column("id", ID, "the pillar's id", True),
            Column("name", LINE, "its name", True),
            Column("summary", TEXT, "one or two sentences (default: the name)"),
            Column("description", TEXT, "its page's text, Markdown (default: the summary)"),
            Column("group", LINE, "the id of its group in the sheet groups, or a group's name"),
            Column("focus", LINES, "what it focuses on, one a line"),
        ),
    ),
    Sheet(
        "groups",
        "pillars.yaml",
        "Groups of pillars (optional): pillars name theirs in the column group.",
        (
            Column("id", ID, "the group's id", True),
            Column("name", LINE, "its name", True),
            Column("summary", TEXT, "one or two sentences (default: the name)"),
            Column("description", TEXT, "more about it, Markdown"),
        ),
    ),
    Sheet(
        "streams",
        "pillars.yaml",
        "Streams: strands of work inside a pillar, each scored on its own (optional; without this "
        "sheet, the names in the checklist's column stream).",
        (
            Column("pillar", ID, "the pillar", True),
            Column("id", ID, "the stream's id, unique in the model", True),
            Column("name", LINE, "its name", True),
            Column("description", TEXT, "what it covers, Markdown"),
        ),
    ),
    Sheet(
        "challenges",
        "pillars.yaml",
        "Known gaps of a pillar and how to close them (optional).",
        (
            Column("pillar", ID, "the pillar", True),
            Column("id", ID, "the challenge's id", True),
            Column("name", LINE, "its name", True),
            Column("description", TEXT, "what goes wrong, Markdown (default: the name)"),
            Column("remedies", LINES, "how to close it, one a line", True),
        ),
    ),
    Sheet(
        "elements",
        "pillars.yaml",
        "Elements of maturity (optional).",
        (
            Column("id", ID, "the element's id", True),
            Column("name", LINE, "its name", True),
            Column("summary", TEXT, "one or two sentences (default: the name)"),
            Column("aspects", LINES, "its aspects, one a line"),
        ),
    ),
    Sheet(
        "axes",
        "axes.yaml",
        "The two axes of a 2x2 matrix (optional; with it, the sheet quadrants).",
        (
            Column("id", ID, "the axis's id", True),
            Column("name", LINE, "its name", True),
            Column("measures", TEXT, "what it measures (default: the name)"),
            Column("signals", LINES, "its signals, one a line"),
            Column("low", LINE, "what low means", True),
            Column("high", LINE, "what high means", True),
        ),
    ),
    Sheet(
        "quadrants",
        "axes.yaml",
        "The four quadrants of the matrix.",
        (
            Column("id", ID, "the quadrant's id", True),
            Column("name", LINE, "its name", True),
            Column("position", LINE, "where it sits: axis=low, axis=high", True),
            Column("summary", TEXT, "one or two sentences", True),
            Column("profile", TEXT, "who is there, Markdown (default: the summary)"),
            Column("traits", LINES, "their traits, one a line (default: the summary)"),
            Column("recommendation", TEXT, "what to do (default: the summary)"),
        ),
    ),
    Sheet(
        "scales",
        "model.yaml",
        "Answer scales (optional): one option a row. An empty `scale` is the default scale "
        "(else Yes, Partly, No, Not applicable); a name makes a scale that items choose.",
        (
            Column("scale", ID, "the scale's id, empty for the default scale"),
            Column("value", LINE, "the answer's value in answers files, as text", True),
            Column("label", LINE, "its label", True),
            Column("credit", NUMBER, "its credit from 0 to 1; empty: not applicable, left out of scores"),
            Column("description", TEXT, "what earns this answer"),
        ),
    ),
    Sheet(
        "practices",
        "practices.yaml",
        "Best practices, in reading order (optional: without this sheet, one a pillar, or one a "
        "name in the checklist's practice column).",
        (
            Column("id", ID, "the practice's id", True),
            Column("name", LINE, "its name", True),
            Column("summary", TEXT, "one or two sentences (default: the name)"),
            Column("why", TEXT, "why it matters, Markdown (default: the summary)"),
            Column("how", LINES, "how to do it, one entry a line (default: the summary)"),
            Column("pillars", IDS, "its pillars, comma-separated (default: its items' pillars)"),
            Column("stage", ID, "the stage it belongs to (default: its items' lowest)"),
            Column("requires", IDS, "practices (or steps) to have first, comma-separated"),
            Column("references", LINES, "further reading, one a line: title | https://..."),
        ),
    ),
    Sheet(
        "checklist",
        "checklist.yaml",
        "The checklist, one item a row.",
        (
            Column("id", ID, "the item's id (default: made from its text, the same every time)"),
            Column("text", LINE, "the statement to answer", True),
            Column("pillar", ID, "its pillar (an id, or a name when there is no sheet pillars)", True),
            Column("stage", ID, "its stage (an id, or a name when there is no sheet stages)", True),
            Column("practice", ID, "its practice"),
            Column("weight", NUMBER, "its weight (default 1)"),
            Column("scale", ID, "its answer scale (default: the default scale)"),
            Column("guidance", TEXT, "shown under the statement, Markdown"),
            Column("criteria", LINES, "what counts as met, one a line"),
            Column("axis", ID, "the axis it counts towards, in a model with axes"),
            Column("stream", ID, "its stream (an id, or a name when there is no sheet streams)"),
            Column("aliases", ALIASES, "other ids answers files may use for it, comma-separated"),
            Column("action", TEXT, "what to do while it is not met"),
            Column("step", ID, "the step it gives evidence for"),
        ),
        required=True,
    ),
)

SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
README_SHEET = "read me"  # the template's notes: import passes it by
META_SHEETS = ("pillars", "groups", "practices", "checklist")  # other columns: the entry's `meta`
