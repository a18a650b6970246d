"""Strict YAML loading that remembers where every value came from.

The document is built from the parser's event stream (libyaml's C parser where available), so
that the dangerous or surprising parts of YAML are refused before any value exists: tags beyond
the plain scalar types, anchors and aliases, duplicate keys, several documents, deep nesting,
huge numbers and oversized files. Every value's position is kept for error messages.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import fail

MAX_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NUMBER_DIGITS = 40

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
# What counts as a number: plain decimal. YAML 1.1 also reads 1:30 (sexagesimal, 90), 017 (octal,
# 15), 0x1f, 0b101, 1_000, .inf and .nan, which YAML 1.2 readers (editors) read otherwise or as
# text: those stay text, so that the schema says "expected a number" instead of a silent misread.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)|[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")

Location = tuple  # keys and list indexes from the document root, e.g. ("stages", 1, "steps")


@dataclass
class Document:
    """A loaded YAML file: its data and the 1-based (line, column) of every value in it."""

    path: Path
    data: Any
    marks: dict[Location, tuple[int, int]] = field(default_factory=dict)
    value_marks: dict[Location, tuple[int, int]] = field(default_factory=dict)

    def mark(self, location: Location) -> tuple[int, int]:
        """Position of the entry at `location` (its key, in a mapping), or of its closest ancestor."""
        location = tuple(location)
        while location not in self.marks and location:
            location = location[:-1]
        return self.marks.get(location, (1, 1))

    def value_mark(self, location: Location) -> tuple[int, int]:
        """Position of the scalar value at `location` itself, else as `mark`."""
        return self.value_marks.get(tuple(location)) or self.mark(location)


class UnreadableFile(Exception):
    """A file that cannot be read as the input it should be (not a regular file, too big, an OS error)."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or `UnreadableFile` saying why not.

    Opened without blocking and checked on the open descriptor, so a FIFO, a device or a folder
    is refused at once instead of hanging or reading forever; at most `limit` + 1 bytes are read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise UnreadableFile(f"cannot read the file: {error.strerror}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"not a regular file ({_file_kind(info.st_mode)}): give a file")
        if info.st_size > limit:
            raise UnreadableFile(f"the file is {info.st_size:,} bytes; the limit is {limit:,}: split it up")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise UnreadableFile(f"cannot read the file: {error.strerror}") from None
    finally:
        os.close(descriptor)
    if size > limit:  # it grew while we read
        raise UnreadableFile(f"the file is over {limit:,} bytes, the limit: split it up")
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISFIFO: "a named pipe",
        stat.S_ISCHR: "a device",
        stat.S_ISBLK: "a device",
        stat.S_ISSOCK: "a socket",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a special file")


def load_yaml(path: Path, *, text_scalars: bool = False) -> Document:
    """Load one YAML file strictly; `text_scalars` keeps every plain scalar as text.

    This is the one reader of YAML input: only a regular file, and at most `MAX_BYTES` of it.
    """
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except UnreadableFile as error:
        raise fail(path, 0, 0, "", str(error)) from None
    return parse_yaml(raw, path, text_scalars=text_scalars)


def parse_yaml(raw: bytes, path: Path, *, text_scalars: bool = False) -> Document:
    """Parse YAML bytes (UTF-8, optional BOM) into a `Document`, or raise a content error."""
    if len(raw) > MAX_BYTES:
        raise fail(path, 0, 0, "", f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}: split it up")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail(path, line, column, "", "this byte is not UTF-8: save the file as UTF-8") from None
    return _Builder(path, text, text_scalars).build()


class _Builder:
    """Turns parser events into plain Python data, refusing what we do not allow."""

    def __init__(self, path: Path, text: str, text_scalars: bool):
        self.path, self.text, self.text_scalars = path, text, text_scalars
        self.document = Document(path, None)
        # Each open container: [container, its location, pending mapping key or None]
        self.stack: list[list] = []

    def error(self, mark, message: str):
        return fail(self.path, mark.line + 1, mark.column + 1, "", message)

    def build(self) -> Document:
        documents = 0
        try:
            for event in yaml.parse(self.text, Loader=_Loader):
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise self.error(event.start_mark, "a second YAML document ('---'): keep one document per file")
                elif isinstance(event, yaml.AliasEvent):
                    raise self.error(
                        event.start_mark, f"alias '*{event.anchor}' is not allowed: write the value out in full"
                    )
                elif isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    self.open_node(event)
                elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                    container, _, _ = self.stack.pop()
                    self.attach(container, event)
        except yaml.reader.ReaderError as error:
            line = self.text.count("\n", 0, error.position) + 1
            column = error.position - (self.text.rfind("\n", 0, error.position) + 1) + 1
            code = error.character if isinstance(error.character, int) else ord(error.character)
            raise fail(
                self.path, line, column, "", f"the control character U+{code:04X} is not allowed in YAML: remove it"
            ) from None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = error.problem or error.context or "invalid YAML"
            if error.context and error.context_mark and error.problem_mark:
                problem += f" ({error.context} that starts on line {error.context_mark.line + 1})"
            raise fail(self.path, line, column, "", f"invalid YAML: {problem}: fix the syntax here") from None
        return self.document

    def open_node(self, event) -> None:
        if event.anchor is not None:
            raise self.error(event.start_mark, f"anchor '&{event.anchor}' is not allowed: write the value out in full")
        tag = event.tag
        if tag not in (None, "!") and tag not in _SCALAR_TAGS | {_TAG + "map", _TAG + "seq"}:
            raise self.error(event.start_mark, f"tag '{tag}' is not allowed: remove it")
        if isinstance(event, yaml.ScalarEvent):
            self.attach(self.scalar(event), event)
            return
        if len(self.stack) >= MAX_DEPTH:
            raise self.error(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels: flatten the structure")
        container: dict | list = {} if isinstance(event, yaml.MappingStartEvent) else []
        location = self.child_location(event)
        self.document.marks.setdefault(location, (event.start_mark.line + 1, event.start_mark.column + 1))
        self.stack.append([container, location, None])

    def child_location(self, event) -> Location:
        if not self.stack:
            return ()
        parent, location, key = self.stack[-1]
        if isinstance(parent, dict):
            if key is None:
                raise self.error(event.start_mark, "a key must be plain text, not a list or mapping")
            return location + (key,)
        return location + (len(parent),)

    def attach(self, value: Any, event) -> None:
        """Place a finished value into its parent (or make it the document)."""
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        if not self.stack:
            self.document.data = value
            self.document.marks.setdefault((), mark)
            return
        frame = self.stack[-1]
        parent, location = frame[0], frame[1]
        if isinstance(parent, list):
            self.document.marks.setdefault(location + (len(parent),), mark)
            parent.append(value)
        elif frame[2] is None:  # this scalar is a key
            key = value
            if key in parent:
                first = self.document.marks[location + (key,)][0]
                raise self.error(event.start_mark, f"duplicate key '{key}' (first on line {first}): keep one")
            frame[2] = key
            self.document.marks[location + (key,)] = mark
        else:
            if not isinstance(value, (dict, list)):
                self.document.value_marks[location + (frame[2],)] = mark
            parent[frame[2]] = value
            frame[2] = None

    def scalar(self, event) -> Any:
        value = unicodedata.normalize("NFC", event.value)
        is_key = bool(self.stack) and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None
        plain = event.implicit[0] and event.tag in (None, "!") and not event.style
        if is_key or not plain and event.tag in (None, "!", _TAG + "str"):
            return value
        if plain and self.text_scalars and value not in ("", "~", "null"):
            return value
        tag = event.tag if event.tag not in (None, "!") else _resolver.resolve(yaml.ScalarNode, value, (True, False))
        if tag in (_TAG + "int", _TAG + "float") and not _DECIMAL.fullmatch(value):
            if plain:
                return value
            raise self.error(event.start_mark, f"'{value}' is not a decimal number: write it in decimal digits")
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
        if tag in (_TAG + "int", _TAG + "float") and len(value) > MAX_NUMBER_DIGITS:
            raise self.error(
                event.start_mark, f"a number with {len(value)} characters is too long: shorten it or quote it"
            )
        try:
            if tag == _TAG + "null":
                return None
            if tag == _TAG + "bool":
                return _constructor.construct_yaml_bool(node)
            if tag == _TAG + "int":
                return _constructor.construct_yaml_int(node)
            if tag == _TAG + "float":
                return _constructor.construct_yaml_float(node)
            if tag == _TAG + "timestamp":
                return _constructor.construct_yaml_timestamp(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            if tag == _TAG + "timestamp":
                raise self.error(
                    event.start_mark, f"'{value}' is not a date: write a real date as YYYY-MM-DD"
                ) from None
            raise self.error(
                event.start_mark, f"'{value}' is not a valid {tag.rsplit(':', 1)[-1]}: fix it or quote it"
            ) from None
        return value


def where_text(location: tuple, kind: str = "") -> str:
    """`('stages', 1, 'steps')` -> `stages[1].steps` (the parent, for a missing key)."""
    if kind == "missing":
        location = location[:-1]
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
