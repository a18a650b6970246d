"""Checks on the model as a whole: unique ids, resolvable references, a complete matrix,
answer scales, pillar groups and streams, aliases, filters, dependencies without cycles and a
changes log that adds up.

Each check returns problems positioned at the YAML node they are about. Errors stop a build;
warnings are printed (and become errors under `validate --strict`); notes are only printed. On a
partial model (entries that failed validation left out), a problem that a left-out entry may
cause or settle is not reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from ..errors import Problem, display_path, one_of
from ..graphs import cycle_from, maybe_on_cycles
from ..yamlio import where_text
from .change_checks import check_changes
from .model import Gaps, Model
from .safe_markdown import ID_LINK, refused_links


class _Reporter:
    """Collects problems, placing each at a location in one of the model's files."""

    def __init__(self, model: Model, gaps: Gaps):
        self.model = model
        self.gaps = gaps
        self.problems: list[Problem] = []

    def add(self, file: str, location: tuple, message: str, severity: str = "error", about: tuple = ()) -> None:
        """Add a problem, unless it is `about` a (kind, id) or a kind that the model may lack."""
        if about and self.gaps.hide(*about):
            return
        location = self.gaps.in_file(file, location)
        document = self.model.documents[file]
        line, column = document.value_mark(location)
        problem = Problem(display_path(document.path), line, column, where_text(location), message, severity)
        self.problems.append(problem)


def check_model(model: Model, gaps: Gaps) -> list[Problem]:
    """Every cross-file problem of the model, errors and warnings; `gaps`: what a partial model lacks."""
    report = _Reporter(model, gaps)
    _check_unique_ids(model, report)
    _check_answers(model, report)
    _check_matrix(model, report)
    _check_references(model, report)
    _check_groups(model, report)
    _check_streams(model, report)
    _check_aliases(model, report)
    _check_filters(model, report)
    _check_requirements(model, report)
    _check_markdown(model, report)
    if not gaps.hide("checklist item"):  # a left-out item may be the one that covers, or that a change names
        _check_coverage(model, report)
        if not gaps.hide("changes") and not gaps.hide("scoring"):
            check_changes(model, report)
    return report.problems


def _entities(model: Model) -> Iterator[tuple[str, str, str, Iterable]]:
    """(kind, file, list key, entities) for every kind of thing that has an id."""
    yield "axis", "axes.yaml", "axes", model.axes
    yield "quadrant", "axes.yaml", "quadrants", model.quadrants
    yield "stage", "stages.yaml", "stages", model.stages
    yield "pillar", "pillars.yaml", "pillars", model.pillars
    yield "group", "pillars.yaml", "groups", model.groups
    yield "element", "pillars.yaml", "elements", model.elements
    yield "practice", "practices.yaml", "practices", model.practices
    yield "checklist item", "checklist.yaml", "items", model.items


PAGE_KINDS = {"quadrant", "stage", "pillar", "practice"}


def _check_unique_ids(model: Model, report: _Reporter) -> None:
    for kind, file, key, entities in _entities(model):
        _unique(report, kind, file, [((key, i), e.id) for i, e in enumerate(entities)])
        for i, entity in enumerate(entities):
            if kind in PAGE_KINDS and entity.id == "index":
                report.add(file, (key, i, "id"), f"'index' is the name of the {kind} overview page: choose another id")
    steps = [
        ((("stages", s, "steps", i)), step.id)
        for s, stage in enumerate(model.stages)
        for i, step in enumerate(stage.steps)
    ]
    _unique(report, "step", "stages.yaml", steps)
    challenges = [
        (("pillars", p, "challenges", i), c.id)
        for p, pillar in enumerate(model.pillars)
        for i, c in enumerate(pillar.challenges)
    ]
    _unique(report, "challenge", "pillars.yaml", challenges)


def _unique(report: _Reporter, kind: str, file: str, located_ids: list[tuple[tuple, str]]) -> None:
    first: dict[str, tuple] = {}
    for location, entity_id in located_ids:
        if entity_id in first:
            line = report.model.documents[file].mark(report.gaps.in_file(file, first[entity_id] + ("id",)))[0]
            report.add(
                file,
                location + ("id",),
                f"duplicate {kind} id '{entity_id}' (first on line {line}): ids must be unique",
            )
        else:
            first[entity_id] = location


def _check_answers(model: Model, report: _Reporter) -> None:
    scales: dict[tuple[str, ...], list] = {("scoring", "answers"): model.scoring.answers}
    scales.update({("scoring", "scales", name): options for name, options in model.scoring.scales.items()})
    for location, options in scales.items():
        seen = Counter(option.value for option in options)
        for i, option in enumerate(options):
            if seen[option.value] > 1:
                report.add("model.yaml", location + (i, "value"), f"answer value '{option.value}' is listed twice")
        if all(option.credit is None for option in options):
            report.add(
                "model.yaml", location, "no option has a credit: give each answer that counts a credit from 0 to 1"
            )
        elif not any(option.credit == 1 for option in options) or not any(option.credit == 0 for option in options):
            report.add("model.yaml", location, "the answers need one with credit 1 (fully met) and one with credit 0")


def _check_matrix(model: Model, report: _Reporter) -> None:
    axis_ids = [axis.id for axis in model.axes]
    seen: dict[tuple, int] = {}
    for i, quadrant in enumerate(model.quadrants):
        if sorted(quadrant.position) != sorted(axis_ids):
            report.add(
                "axes.yaml",
                ("quadrants", i, "position"),
                f"position must give 'low' or 'high' for each axis: {', '.join(axis_ids)}",
                about=("axis",),
            )
            continue
        cell = tuple(quadrant.position[a] for a in axis_ids)
        if cell in seen:
            report.add(
                "axes.yaml",
                ("quadrants", i, "position"),
                f"quadrants '{model.quadrants[seen[cell]].id}' and '{quadrant.id}' sit in the same cell: give each its own",
                about=("axis",),
            )
        seen[cell] = i


def _check_references(model: Model, report: _Reporter) -> None:
    ids = {kind: {e.id for e in entities} for kind, _, _, entities in _entities(model)}
    ids["step"] = {step.id for stage in model.stages for step in stage.steps}

    known = {kind: tuple(sorted(values)) for kind, values in ids.items()}

    def refer(file: str, location: tuple, kind: str, value: str | None) -> None:
        if value is not None and value not in ids[kind]:
            message = f"unknown {kind} '{value}': use one of {one_of(known[kind], value)}"
            report.add(file, location, message, about=(kind, value))

    scales = sorted(model.scoring.scales)
    for i, item in enumerate(model.items):
        for field, kind in (
            ("axis", "axis"),
            ("pillar", "pillar"),
            ("stage", "stage"),
            ("practice", "practice"),
            ("step", "step"),
        ):
            if field != "axis" or model.axes:
                refer("checklist.yaml", ("items", i, field), kind, getattr(item, field))
        if not model.axes and item.axis is not None:
            report.add(
                "checklist.yaml",
                ("items", i, "axis"),
                "this model has no axes.yaml: remove 'axis', or add the matrix",
                about=("axis",),
            )
        if item.scale is not None and item.scale not in model.scoring.scales:
            hint = (
                f"use one of {one_of(scales, item.scale)}" if scales else "define it under scoring.scales in model.yaml"
            )
            message = f"unknown scale '{item.scale}': {hint}"
            report.add("checklist.yaml", ("items", i, "scale"), message, about=("scoring", item.scale))
    for i, practice in enumerate(model.practices):
        refer("practices.yaml", ("practices", i, "stage"), "stage", practice.stage)
        for j, pillar in enumerate(practice.pillars):
            refer("practices.yaml", ("practices", i, "pillars", j), "pillar", pillar)
    for s, stage in enumerate(model.stages):
        for i, step in enumerate(stage.steps):
            for j, practice_id in enumerate(step.practices):
                refer("stages.yaml", ("stages", s, "steps", i, "practices", j), "practice", practice_id)


def _check_groups(model: Model, report: _Reporter) -> None:
    """Each group names known pillars, and no pillar sits in two groups."""
    pillars = {p.id for p in model.pillars}
    known = tuple(sorted(pillars))
    grouped: dict[str, str] = {}
    for g, group in enumerate(model.groups):
        for j, pillar in enumerate(group.pillars):
            location = ("groups", g, "pillars", j)
            if pillar not in pillars:
                message = f"unknown pillar '{pillar}': use one of {one_of(known, pillar)}"
                report.add("pillars.yaml", location, message, about=("pillar", pillar))
            elif pillar in grouped:
                report.add(
                    "pillars.yaml",
                    location,
                    f"pillar '{pillar}' is already in group '{grouped[pillar]}': a pillar belongs to one group",
                )
            else:
                grouped[pillar] = group.id
    if model.groups:
        for i, ungrouped in enumerate(model.pillars):
            if ungrouped.id not in grouped:
                message = f"pillar '{ungrouped.id}' is in no group"
                report.add("pillars.yaml", ("pillars", i), message, "warning", about=("group",))


def _check_streams(model: Model, report: _Reporter) -> None:
    """Stream ids are unique; an item's stream belongs to its pillar; a pillar with streams puts each item in one."""
    streams = [
        (("pillars", p, "streams", i), s.id)
        for p, pillar in enumerate(model.pillars)
        for i, s in enumerate(pillar.streams)
    ]
    _unique(report, "stream", "pillars.yaml", streams)
    of_pillar = {pillar.id: [s.id for s in pillar.streams] for pillar in model.pillars}
    streamless: dict[str, list[str]] = {}
    for i, item in enumerate(model.items):
        own = of_pillar.get(item.pillar)
        if own is None:
            continue
        if item.stream is not None and item.stream not in own:
            hint = f"use one of {one_of(tuple(own), item.stream)}" if own else f"pillar '{item.pillar}' has no streams"
            message = f"unknown stream '{item.stream}' of pillar '{item.pillar}': {hint}"
            report.add("checklist.yaml", ("items", i, "stream"), message)
        elif item.stream is None and own:
            streamless.setdefault(item.pillar, []).append(item.id)
    named = Counter(item.stream for item in model.items)
    for p, pillar in enumerate(model.pillars):
        for i, stream in enumerate(pillar.streams):
            if not named[stream.id]:
                message = f"stream '{stream.id}' has no checklist items: it is left out of scores and pages"
                report.add("pillars.yaml", ("pillars", p, "streams", i), message, "warning", about=("checklist item",))
        if missing := streamless.get(pillar.id):
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            message = f"pillar '{pillar.id}' has streams but its items {shown} name none: give each a 'stream'"
            report.add("pillars.yaml", ("pillars", p, "streams"), message, "warning", about=("checklist item",))


def _check_aliases(model: Model, report: _Reporter) -> None:
    """An alias names one item only (no other item's id or alias), and is listed once."""
    owners: dict[str, str] = {item.id: item.id for item in model.items}
    for i, item in enumerate(model.items):
        for j, alias in enumerate(item.aliases):
            owner = owners.setdefault(alias, item.id)
            if alias == item.id:
                message = f"alias '{alias}' is the item's own id: remove it"
            elif j != item.aliases.index(alias):
                message = f"alias '{alias}' is listed twice: remove one"
            elif owner != item.id:
                message = f"alias '{alias}' already names item '{owner}': an alias must name one item"
            else:
                continue
            report.add("checklist.yaml", ("items", i, "aliases", j), message)


def _check_filters(model: Model, report: _Reporter) -> None:
    """Each filter of the checklist page is a `meta` key some item has."""
    keys = tuple(sorted({key for item in model.items for key in item.meta}))
    for i, key in enumerate(model.filters):
        if key not in keys:
            hint = f"use one of {one_of(keys, key)}" if keys else "give items a 'meta' map with this key"
            message = f"no item has the meta key '{key}': {hint}"
            report.add("checklist.yaml", ("filters", i), message, about=("checklist item",))


def _check_requirements(model: Model, report: _Reporter) -> None:
    """`requires` names known practices (or steps), and nothing requires itself, however indirectly."""
    steps = [
        (("stages", s, "steps", i), step) for s, stage in enumerate(model.stages) for i, step in enumerate(stage.steps)
    ]
    for kind, file, located in (
        ("practice", "practices.yaml", [(("practices", i), p) for i, p in enumerate(model.practices)]),
        ("step", "stages.yaml", steps),
    ):
        graph = {entity.id: entity.requires for _, entity in located}
        known = tuple(sorted(graph))
        for location, entity in located:
            for j, required in enumerate(entity.requires):
                if required not in graph:
                    report.add(
                        file,
                        location + ("requires", j),
                        f"unknown {kind} '{required}': use one of {one_of(known, required)}",
                        about=(kind, required),
                    )
        reported: set[frozenset] = set()
        candidates = maybe_on_cycles(graph)
        for location, entity in located:
            cycle = cycle_from(entity.id, graph) if entity.id in candidates else None
            if cycle and frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                candidates -= set(cycle[1:-1])  # its other members would mostly name the same circle
                shown = cycle if len(cycle) <= 12 else [*cycle[:5], f"... ({len(cycle) - 8:,} more) ...", *cycle[-3:]]
                report.add(
                    file,
                    location + ("requires",),
                    f"{kind}s require each other in a circle: {' -> '.join(shown)}: remove one of these requirements",
                )


def _markdown_fields(model: Model) -> Iterator[tuple[str, tuple, str]]:
    """(file, location, text) of every Markdown text in the model."""
    info = model.info
    yield "model.yaml", ("description",), info.description
    if info.about:
        yield "model.yaml", ("about",), info.about
    for i, quadrant in enumerate(model.quadrants):
        yield "axes.yaml", ("quadrants", i, "profile"), quadrant.profile
    for i, stage in enumerate(model.stages):
        yield "stages.yaml", ("stages", i, "description"), stage.description
    for i, pillar in enumerate(model.pillars):
        if pillar.description:
            yield "pillars.yaml", ("pillars", i, "description"), pillar.description
        for j, stream in enumerate(pillar.streams):
            if stream.description:
                yield "pillars.yaml", ("pillars", i, "streams", j, "description"), stream.description
        for j, challenge in enumerate(pillar.challenges):
            yield "pillars.yaml", ("pillars", i, "challenges", j, "description"), challenge.description
    for i, group in enumerate(model.groups):
        if group.description:
            yield "pillars.yaml", ("groups", i, "description"), group.description
    for i, practice in enumerate(model.practices):
        yield "practices.yaml", ("practices", i, "why"), practice.why
        for j, how in enumerate(practice.how):
            yield "practices.yaml", ("practices", i, "how", j), how
    for i, item in enumerate(model.items):
        if item.guidance:
            yield "checklist.yaml", ("items", i, "guidance"), item.guidance


def _check_markdown(model: Model, report: _Reporter) -> None:
    """Links in Markdown text: rendered, each must be allowed; a link by id must name a page."""
    ids = {kind: {e.id for e in entities} for kind, _, _, entities in _entities(model)}
    known = {kind: tuple(sorted(values)) for kind, values in ids.items()}
    for file, location, text in _markdown_fields(model):
        for message in refused_links(ID_LINK.sub(lambda m: m[1] + "#", text)):  # id links become page links
            report.add(file, location, message.removesuffix(" (it was left out)"))
        for match in ID_LINK.finditer(text):
            kind, entity_id = match[2], match[3]
            if entity_id not in ids[kind]:
                message = f"link to unknown {kind} '{entity_id}': use one of {one_of(known[kind], entity_id)}"
                report.add(file, location, message, about=(kind, entity_id))


def _check_coverage(model: Model, report: _Reporter) -> None:
    """Every axis needs items (or no score exists); empty stages and pillars are suspicious."""
    used = {
        field: Counter(getattr(item, field) for item in model.items)
        for field in ("axis", "stage", "pillar", "practice")
    }
    for i, axis in enumerate(model.axes):
        if not used["axis"][axis.id]:
            report.add(
                "axes.yaml", ("axes", i), f"axis '{axis.id}' has no checklist items: its score cannot be computed"
            )
    for i, stage in enumerate(model.stages):
        if not used["stage"][stage.id]:
            report.add(
                "stages.yaml",
                ("stages", i),
                f"stage '{stage.id}' has no checklist items: it is reached by default (a starting point)",
                "note",
            )
    for i, pillar in enumerate(model.pillars):
        if not used["pillar"][pillar.id]:
            report.add("pillars.yaml", ("pillars", i), f"pillar '{pillar.id}' has no checklist items", "warning")
    evidenced = {item.step for item in model.items}
    for s, stage in enumerate(model.stages):
        for i, step in enumerate(stage.steps):
            if step.id not in evidenced:
                report.add(
                    "stages.yaml",
                    ("stages", s, "steps", i),
                    f"step '{step.id}' has no checklist item (items name it in 'step'): its progress cannot be "
                    "measured",
                    "warning",
                )
    for i, practice in enumerate(model.practices):
        if not used["practice"][practice.id]:
            report.add(
                "practices.yaml", ("practices", i), f"practice '{practice.id}' has no checklist items", "warning"
            )
