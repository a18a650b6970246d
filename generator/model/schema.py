"""The content schema: one typed model per content file, strict and closed.

Every content file in a model folder is validated against one class below. Models are strict
(no silent type coercion: `NO` or `1.10` where text is expected is an error) and closed (an
unknown key is an error, reported with the closest known key). Short text (`Line`) is plain
text, escaped on output; long text marked `Markdown` may use Markdown (paragraphs, lists,
emphasis, code, links), with raw HTML escaped and every rendered link checked.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .fields import (
    Alias,
    Id,
    LanguageCode,
    Line,
    Markdown,
    Meta,
    MetaKey,
    Percent,
    SiteDate,
    Strict,
    Text,
    Url,
    Weight,
)

# --- model.yaml --------------------------------------------------------------------------------


class Source(Strict):
    """An article the model draws on."""

    title: Line
    author: Line | None = None
    language: Line | None = None
    url: Url | None = None


class AnswerOption(Strict):
    """One possible answer to a checklist item; `credit` None leaves the item out of every score.

    `description` says what earns this answer (the model's definition of "Partly", say): the
    checklist shows it beside the option, the printed checklist under the scale.
    """

    value: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9./-]{0,23}$")]
    label: Line
    credit: Annotated[float, Field(ge=0, le=1)] | None
    description: Text | None = None


DEFAULT_ANSWERS = [
    AnswerOption(value="yes", label="Yes", credit=1.0),
    AnswerOption(value="partial", label="Partly", credit=0.5),
    AnswerOption(value="no", label="No", credit=0.0),
    AnswerOption(value="n/a", label="Not applicable", credit=None),
]


Scale = Annotated[list[AnswerOption], Field(min_length=2)]


class Scoring(Strict):
    """The scoring rules, shared by the command line and the browser.

    `answers` is the default answer scale; `scales` adds named ones, which items choose with
    `scale`. `headline` is what the site leads with: the overall stage, the level of each
    pillar, or the maturity score (0 to the number of stages with items). `merge` is how the
    answers of several respondents become one credit per item: their mean, the lowest, or the
    median (n/a answers left out; an item all answer n/a is n/a). `unanswered` is how an item a
    respondent left blank counts when respondents merge: left out (`skip`), or as credit 0
    (`zero`, for models that count an unrated activity as not done). Until `min_answered` percent
    of the items (by count) are answered, results give no stage, position or next steps.
    """

    answers: Scale = Field(DEFAULT_ANSWERS)
    scales: dict[Id, Scale] = {}
    axis_threshold: Percent = 50
    stage_threshold: Percent = 70
    max_next_steps: Annotated[int, Field(ge=1, le=50)] = 10
    headline: Literal["stage", "levels", "score"] = "stage"
    merge: Literal["mean", "min", "median"] = "mean"  # how several respondents' credits become one
    unanswered: Literal["skip", "zero"] = "skip"  # how a respondent's blank item counts in the merge
    min_answered: Percent = 50


class Label(Strict):
    """What the model calls one kind of thing, as a heading would write it."""

    singular: Line
    plural: Line


class Labels(Strict):
    """The model's own words for its parts; headings, navigation, panels, print and reports use them."""

    stage: Label = Label(singular="Stage", plural="Stages")
    quadrant: Label = Label(singular="Quadrant", plural="Quadrants")
    axis: Label = Label(singular="Axis", plural="Axes")
    pillar: Label = Label(singular="Pillar", plural="Pillars")
    group: Label = Label(singular="Group", plural="Groups")
    practice: Label = Label(singular="Best practice", plural="Best practices")
    item: Label = Label(singular="Checklist item", plural="Checklist items")


class License(Strict):
    """The licence the model's text is published under (named in every page's footer)."""

    name: Line
    url: Url | None = None


class Change(Strict):
    """What changed from one version of the model to the next, so that answers made on the older
    version can be carried over (`playbook migrate`). Ids on the left are the older version's."""

    previous: Line  # the version these changes start from
    version: Line  # the version they lead to
    renamed: dict[Id, Id] = {}  # old id: new id
    split: dict[Id, list[Id]] = {}  # old id: the new items that replace it (each gets the old answer, to check)
    merged: dict[Id, list[Id]] = {}  # new id: the old items it replaces (their answer when they agreed)
    retired: list[Id] = []  # old ids whose answers are dropped
    rescaled: dict[Id, dict[str, str]] = {}  # item id (new): {old answer value: new answer value}


class ModelFile(Strict):
    """`model.yaml`: what the model is, what it calls its parts, and how it scores."""

    id: Id
    name: Line
    version: Line
    updated: SiteDate | None = None  # the site's date (sitemap); SOURCE_DATE_EPOCH wins if set
    language: LanguageCode = "en"  # the language of these files; i18n/<language>/ holds translations
    summary: Text
    description: Markdown
    about: Markdown | None = None  # the About page's text; without it, a sentence on the sources
    license: License | None = None
    sources: list[Source] = []
    labels: Labels = Labels()
    scoring: Scoring = Scoring()
    changes: list[Change] = []  # oldest first, each starting from the one before; the last leads to `version`


# --- axes.yaml ---------------------------------------------------------------------------------


class Axis(Strict):
    """One axis of the 2x2 matrix; the first axis is drawn across, the second upwards."""

    id: Id
    name: Line
    measures: Text
    signals: list[Line] = []
    low: Line
    high: Line


class Quadrant(Strict):
    """One cell of the matrix: where it sits on each axis, who is there and what to do."""

    id: Id
    name: Line
    position: dict[Id, Literal["low", "high"]]
    summary: Text
    profile: Markdown
    traits: list[Text] = Field(min_length=1)
    recommendation: Text


class AxesFile(Strict):
    """`axes.yaml` (optional): exactly two axes and one quadrant per low/high combination.

    Without this file the model has no matrix: no quadrant pages, chart or quadrant scores.
    """

    axes: list[Axis] = Field(min_length=2, max_length=2)
    quadrants: list[Quadrant] = Field(min_length=4, max_length=4)


# --- stages.yaml -------------------------------------------------------------------------------


class Step(Strict):
    """A concrete step: to move to the next stage or, for the last stage, to stay there.

    `requires` names steps to take first: next steps never come before what they require.
    """

    id: Id
    text: Text
    practices: list[Id] = []
    requires: list[Id] = []


class Stage(Strict):
    """A stage of maturity, in order from the first to the last.

    A stage with no checklist items is reached by default: it is where everyone starts.
    """

    id: Id
    name: Line
    summary: Text
    description: Markdown
    signs: list[Text] = []
    steps: list[Step] = []


class StagesFile(Strict):
    """`stages.yaml`: the stages, lowest first."""

    stages: list[Stage] = Field(min_length=2)


# --- pillars.yaml ------------------------------------------------------------------------------


class Challenge(Strict):
    """A known gap or pitfall that belongs to a pillar, with how to close it."""

    id: Id
    name: Line
    description: Markdown
    remedies: list[Text] = Field(min_length=1)


class Stream(Strict):
    """A strand of work inside a pillar (SAMM's streams); items name it in `stream`.

    Stream ids are unique across the model: scores per stream are keyed by them.
    """

    id: Id
    name: Line
    description: Markdown | None = None


class Pillar(Strict):
    """A pillar the organisation builds on; checklist items and practices belong to pillars.

    Each pillar gets a level of its own (the stage rule applied to its items) and a maturity score.
    `streams` splits its items into strands, each scored on its own.
    """

    id: Id
    name: Line
    summary: Text | None = None
    description: Markdown | None = None
    focus: list[Text] = []
    challenges: list[Challenge] = []
    streams: list[Stream] = []
    meta: Meta = {}


class PillarGroup(Strict):
    """Pillars that belong together (a business function, a dimension); scored as their mean."""

    id: Id
    name: Line
    summary: Text
    description: Markdown | None = None
    pillars: list[Id] = Field(min_length=1)
    meta: Meta = {}


class Element(Strict):
    """A lens on maturity (what is invested, how work runs, where it aims)."""

    id: Id
    name: Line
    summary: Text
    aspects: list[Line] = []


class PillarsFile(Strict):
    """`pillars.yaml`: the pillars and, optionally, the elements of maturity."""

    pillars: list[Pillar] = Field(min_length=1)
    groups: list[PillarGroup] = []
    elements: list[Element] = []


# --- practices.yaml ----------------------------------------------------------------------------


class Reference(Strict):
    """Further reading for a practice."""

    title: Line
    url: Url


class Practice(Strict):
    """A best practice: why it matters, how to do it, where it belongs, what must come first."""

    id: Id
    name: Line
    summary: Text
    why: Markdown
    how: list[Markdown] = Field(min_length=1)
    pillars: list[Id] = Field(min_length=1)
    stage: Id
    requires: list[Id] = []
    references: list[Reference] = []
    meta: Meta = {}


class PracticesFile(Strict):
    """`practices.yaml`: the best practices, in reading order."""

    practices: list[Practice] = Field(min_length=1)


# --- checklist.yaml ----------------------------------------------------------------------------


class Item(Strict):
    """A checklist item: one statement an organisation answers about itself.

    `axis` (only in a model with axes) is the axis the item counts towards; an item that measures
    neither axis leaves it out and still counts towards its pillar and stage; `scale` picks a named answer scale (default:
    `scoring.answers`); `guidance` and `criteria` are shown under the statement; `action` says
    what to do while the answer is not yes (next steps use it; else the step's or the item's text).
    `stream` is one of its pillar's streams; `aliases` are other ids an answers file may use for
    it (the source model's own ids), unique across the model; `meta` holds short facts.
    """

    id: Id
    text: Line
    action: Text | None = None
    axis: Id | None = None
    pillar: Id
    stage: Id
    weight: Weight = 1
    practice: Id | None = None
    step: Id | None = None
    scale: Id | None = None
    guidance: Markdown | None = None
    criteria: list[Text] = []
    stream: Id | None = None
    aliases: list[Alias] = []
    meta: Meta = {}


class ChecklistFile(Strict):
    """`checklist.yaml`: every checklist item, how the checklist page groups them, and which of
    the items' `meta` keys the page offers as filters."""

    group_by: Literal["stage", "pillar", "practice"] = "stage"
    filters: Annotated[list[MetaKey], Field(max_length=5)] = []
    items: list[Item] = Field(min_length=1)


OPTIONAL_FILES = ("axes.yaml",)
CONTENT_FILES: dict[str, type[Strict]] = {
    "model.yaml": ModelFile,
    "axes.yaml": AxesFile,  # optional: a model without it has no matrix
    "stages.yaml": StagesFile,
    "pillars.yaml": PillarsFile,
    "practices.yaml": PracticesFile,
    "checklist.yaml": ChecklistFile,
}
