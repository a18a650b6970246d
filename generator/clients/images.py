"""Client images (logos): each must be the image type its name claims, small, and inert.

A logo is published on the site's own origin and opened directly by its URL, so an SVG logo with
a script, an event handler or a `javascript:` link would run with access to the stored answers.
An SVG is therefore parsed strictly and refused, not cleaned, when it holds anything beyond an
allow-list of static drawing elements and attributes: a sanitiser must get every browser quirk
right to be safe, a refusal only has to recognise what it allows, and the fix (export a plain
SVG, or a PNG) is the user's to make once. A DOCTYPE (and so any entity) or a processing
instruction is refused before anything is expanded; references may only point inside the file,
and the elements a browser draws once every reference is expanded (`<use>`, `href`, `url(#id)`,
a marker at each point of a path) are counted: over `MAX_SVG_DRAWN` the logo is refused, as ten
`<use>` of ten `<use>`, six levels deep, froze every page of the site in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

from ..yamlio import UnreadableFile, read_regular_file

MAX_LOGO_BYTES = 1_000_000
MAX_SVG_DRAWN = 10_000  # elements drawn, references expanded; a detailed logo draws a few hundred
IMAGE_TYPES = (".png", ".svg", ".jpg", ".jpeg", ".webp")

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
# Editor metadata (Inkscape, Sodipodi, RDF/Dublin Core licence blocks): no browser renders or
# runs anything in these namespaces.
_METADATA_NAMESPACES = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://web.resource.org/cc/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
}

_ELEMENTS = set(
    """
svg g defs symbol use title desc metadata switch style
path rect circle ellipse line polyline polygon text tspan textPath
linearGradient radialGradient stop pattern clipPath mask marker
filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
""".split()
)

_ATTRIBUTES = set(
    """
id class style lang tabindex role focusable version baseProfile viewBox preserveAspectRatio
x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength dx dy rotate textLength lengthAdjust
transform fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin
stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color display visibility overflow clip-path
clip-rule mask filter marker-start marker-mid marker-end paint-order vector-effect shape-rendering
text-rendering image-rendering color-interpolation color-interpolation-filters color-rendering
font-family font-size font-size-adjust font-stretch font-style font-variant font-weight text-anchor
text-decoration dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing
writing-mode direction unicode-bidi enable-background mix-blend-mode isolation
stop-color stop-opacity flood-color flood-opacity lighting-color
offset gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits patternTransform
clipPathUnits maskUnits maskContentUnits markerUnits markerWidth markerHeight refX refY orient
filterUnits primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 k4 values type tableValues
slope intercept amplitude exponent scale xChannelSelector yChannelSelector baseFrequency numOctaves seed
stitchTiles radius order kernelMatrix kernelUnitLength divisor bias targetX targetY edgeMode preserveAlpha
surfaceScale diffuseConstant specularConstant specularExponent azimuth elevation z pointsAtX pointsAtY
pointsAtZ limitingConeAngle startOffset method spacing side href systemLanguage media
""".split()
)

# CSS functions a drawing needs; url() is checked on its own. Anything else (image-set(),
# expression(), ...) could load or run something.
_CSS_FUNCTIONS = {
    "url",
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "var",
    "calc",
    "translate",
    "translatex",
    "translatey",
    "rotate",
    "scale",
    "scalex",
    "scaley",
    "matrix",
    "skewx",
    "skewy",
}
# A function's name: tried once per word (after its leading digits), so a long word is read once.
_CSS_FUNCTION = re.compile(r"(?<![a-zA-Z0-9_-])[0-9]*+([a-zA-Z_-][a-zA-Z0-9_-]*+)\s*+\(")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_ANY_URL = re.compile(r"(?i)url\(\s*['\"]?\s*([^'\")\s]*)")
# Drawn only where referenced (and then with everything inside), never in place.
_TEMPLATES = set("defs symbol marker pattern clipPath mask linearGradient radialGradient filter".split())
_DIGITS = re.compile(r"[0-9]++")  # numbers of a path's points: a marker is drawn at each


class ActiveImage(ValueError):
    """An image that is not the inert image of the type it claims; the message says what and why."""


def read_image(path: Path) -> bytes:
    """The bytes of the image file at `path`, checked; `ActiveImage` saying what is wrong otherwise."""
    try:
        data = read_regular_file(path, MAX_LOGO_BYTES)
    except UnreadableFile as error:
        raise ActiveImage(str(error)) from None
    check_image(data, path.suffix.lower())
    return data


def check_image(data: bytes, suffix: str) -> None:
    """Refuse `data` unless it is a `suffix` image (png, jpg/jpeg, webp or inert SVG)."""
    if suffix not in IMAGE_TYPES:
        raise ActiveImage(f"not an image the site can show: use {', '.join(IMAGE_TYPES)}")
    if len(data) > MAX_LOGO_BYTES:
        raise ActiveImage(f"the file is {len(data):,} bytes; the limit is {MAX_LOGO_BYTES:,}: use a smaller image")
    claimed = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP", ".svg": "SVG"}[suffix]
    if suffix == ".svg":
        check_svg(data)
    elif _sniff(data) != claimed:
        found = _sniff(data)
        raise ActiveImage(
            f"the file is not a {claimed} image ({f'it is {found}' if found else 'its first bytes are no image'}): "
            f"give the file the name of its type"
        )


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if b"<svg" in data[:4096] or data.lstrip()[:5] in (b"<?xml", b"<svg "):
        return "SVG"
    return None


def check_svg(data: bytes) -> None:
    """Refuse an SVG that is not well-formed, or holds anything beyond static drawing."""
    checker = _SvgChecker()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = checker.doctype
    parser.EntityDeclHandler = checker.entity
    parser.ProcessingInstructionHandler = checker.instruction
    parser.ExternalEntityRefHandler = checker.external_entity
    parser.StartElementHandler = checker.start
    parser.EndElementHandler = checker.end
    parser.CharacterDataHandler = checker.text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise ActiveImage(
            f"not a well-formed SVG (line {error.lineno}: {expat.ErrorString(error.code)}): "
            "export it again as plain SVG"
        ) from None
    if not checker.seen_root:
        raise ActiveImage("not an SVG: it has no <svg> element")
    drawn = checker.drawing.count(MAX_SVG_DRAWN)
    if drawn > MAX_SVG_DRAWN:
        raise ActiveImage(
            f"an SVG that draws over {MAX_SVG_DRAWN:,} elements, its references (<use>, href, url(#...)) "
            "expanded, or that refers to itself, is refused: a browser slows down or freezes on it; "
            "export it simpler, or as PNG"
        )


class _Drawing:
    """The elements of an SVG and the references between them, to count what a browser draws."""

    def __init__(self):
        self.parents: list[int] = []
        self.in_place: list[bool] = []  # False: drawn only where referenced
        self.ids: dict[str, int] = {}
        self.references: list[list[tuple[str, int]]] = []  # per element: (id, times drawn)
        self.style_references: list[str] = []  # url(#id) of <style>: may apply to every element

    def add(self, parent: int, name: str, attributes: dict[str, str]) -> int:
        """Record an element (its parent's index, or -1) and its references; its index."""
        index = len(self.parents)
        self.parents.append(parent)
        self.in_place.append(name not in _TEMPLATES)
        references = []
        points = 1 + sum(len(_DIGITS.findall(attributes.get(name, ""))) for name in ("d", "points"))
        for name, value in attributes.items():
            local = name.rpartition(" ")[2]
            if local == "id":
                self.ids.setdefault(value.strip(), index)
            elif local == "href" and value.strip().startswith("#"):
                references.append((value.strip()[1:], 1))
            for declaration in value.split(";") if local == "style" else [f"{local}:{value}"]:
                times = points if declaration.strip().lower().startswith("marker") else 1
                references += [(target[1:], times) for target in _ANY_URL.findall(declaration) if target[:1] == "#"]
        self.references.append(references)
        return index

    def count(self, limit: int) -> int:
        """Elements drawn, each reference drawing its target with everything inside it (a target
        counted once, however often used); past `limit`, `limit + 1`, as is a reference cycle."""
        if not self.parents:
            return 0
        edges: list[list[tuple[int, int]]] = [[] for _ in self.parents]  # (element, times drawn)
        for index, parent in enumerate(self.parents):
            if parent >= 0:
                edges[parent].append((index, int(self.in_place[index])))
            edges[index] += [(self.ids[i], times) for i, times in self.references[index] if i in self.ids]
        edges[0] += [(self.ids[i], len(self.parents)) for i in self.style_references if i in self.ids]
        drawn: list[int] = [-1] * len(self.parents)  # -1: not counted yet
        stack = [(0, iter(edges[0]), 1)]  # (element, its edges left, times its parent draws it)
        total, open_ = [1], {0}
        while stack:
            node, left, _ = stack[-1]
            for child, times in left:
                if child in open_:
                    return limit + 1  # a cycle: browsers stop it, but a refusal is plainer
                if drawn[child] < 0:
                    stack.append((child, iter(edges[child]), times))
                    total.append(1)
                    open_.add(child)
                    break
                total[-1] = min(limit + 1, total[-1] + times * drawn[child])
            else:
                _, _, times = stack.pop()
                open_.discard(node)
                drawn[node] = total.pop()
                if total:
                    total[-1] = min(limit + 1, total[-1] + times * drawn[node])
        return drawn[0]


class _SvgChecker:
    """Expat handlers that raise `ActiveImage` at the first thing outside the allow-list."""

    def __init__(self):
        self.stack: list[str] = []
        self.seen_root = False
        self.style: list[str] = []  # the text of the open <style>, checked whole (entities split it)
        self.drawing = _Drawing()
        self.open: list[int] = []  # the open elements' indexes in `drawing`

    def refuse(self, what: str) -> None:
        raise ActiveImage(
            f"an SVG with {what} is refused: a logo may only draw (shapes, text, gradients, "
            "filters); export it as plain SVG or as PNG"
        )

    def doctype(self, name, system_id, public_id, has_internal_subset) -> None:
        self.refuse("a DOCTYPE (entities, external definitions)")

    def entity(self, name, *args) -> None:
        self.refuse(f"an entity definition '{name}'")

    def instruction(self, target, data) -> None:
        self.refuse(f"a processing instruction <?{target}?>")

    def external_entity(self, *args) -> int:
        self.refuse("an external entity")
        return 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if not self.stack:
            if namespace != _SVG or local != "svg":
                self.refuse(
                    f"the root element <{local}> (in {namespace or 'no namespace'}): it must be <svg> in "
                    f"the SVG namespace ({_SVG})"
                )
            self.seen_root = True
        if namespace in _METADATA_NAMESPACES:
            pass
        elif namespace != _SVG or local not in _ELEMENTS:
            self.refuse(f"the element <{local}>" + (f" (namespace {namespace})" if namespace != _SVG else ""))
        for attribute, value in attributes.items():
            self.check_attribute(local, attribute, value)
        self.open.append(self.drawing.add(self.open[-1] if self.open else -1, local, attributes))
        self.stack.append(local if namespace == _SVG else "")

    def end(self, name: str) -> None:
        self.open.pop()
        if self.stack.pop() == "style":
            css = "".join(self.style)
            self.check_css(css, "<style>")
            self.drawing.style_references += [t[1:] for t in _ANY_URL.findall(css) if t[:1] == "#"]
            self.style.clear()

    def text(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.style.append(data)

    def check_attribute(self, element: str, attribute: str, value: str) -> None:
        namespace, _, local = attribute.rpartition(" ")
        if namespace in _METADATA_NAMESPACES:
            return
        if local.lower().startswith("on"):
            self.refuse(f'the event handler {local}="..." on <{element}>')
        allowed = (
            not namespace
            and (local in _ATTRIBUTES or local.startswith(("data-", "aria-")))
            or namespace == _XLINK
            and local in ("href", "title")
            or namespace == _XML
            and local in ("space", "lang")
        )
        if not allowed:
            self.refuse(f'the attribute {local}="..." on <{element}>')
        if local == "href" and not value.strip().startswith("#"):
            self.refuse(f"a link or reference to '{value[:60]}' on <{element}> (only #ids inside the file)")
        if local == "style":
            self.check_css(value, f"the style of <{element}>")
        else:
            for target in _ANY_URL.findall(value):
                if not target.startswith("#"):
                    self.refuse(f"a reference to '{target[:60]}' in {local}=\"...\" on <{element}> (only url(#id))")

    def check_css(self, css: str, where: str) -> None:
        if "\\" in css:
            self.refuse(f"a CSS escape (\\) in {where}")
        css = _CSS_COMMENT.sub(" ", css)
        if "@" in css.replace("@media", ""):
            self.refuse(f"a CSS at-rule (@import, @font-face, ...) in {where}")
        for function in _CSS_FUNCTION.findall(css):
            if function.lower() not in _CSS_FUNCTIONS:
                self.refuse(f"the CSS function {function}() in {where}")
        for _, target in _CSS_URL.findall(css.lower()):
            if not target.strip().startswith("#"):
                self.refuse(f"a CSS reference to '{target[:60]}' in {where} (only url(#id))")
