"""How large a value an operation of an override template would make, known before it runs.

Every operation that can make text or a list larger than its inputs has an estimate here: the
string methods that pad, repeat or substitute, `format` and `%` (their widths and precisions
included), the filters that pad, indent, wrap, join or fill, and printing a value (a list that
holds the same list a thousand times prints a thousand copies). The sandboxed environment
(`sandbox`) refuses an operation whose estimate is over `TEXT_LIMIT`, before it allocates anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, ItemsView, Iterable, KeysView, Sized, ValuesView
from string import Formatter

from jinja2.exceptions import SecurityError
from jinja2.utils import Namespace

TEXT_LIMIT = 10_000_000  # characters or items one operation, or one page, may make
_NESTING = 100  # levels of lists and dicts a printed value may have

# The parts of a format spec ("{:>10.3f}") that make text: the width and the precision.
_FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?[a-zA-Z%]?")
# A `%` conversion ("%-10.3f", "%(name)s"), its width and precision (`*` takes them from the values).
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?(?P<kind>.)", re.S)


def refuse(what: str, size: int) -> SecurityError:
    return SecurityError(f"{what} would make {size:,} characters or items (at most {TEXT_LIMIT:,})")


def check(what: str, size: int) -> None:
    """Refuse an operation whose result would be `size` characters or items."""
    if size > TEXT_LIMIT:
        raise refuse(what, size)


def printed_size(value: object) -> int:
    """About how many characters `str(value)` makes, counting a part each time it is printed (so a
    list of one list a thousand times counts it a thousand times). Stops past `TEXT_LIMIT`."""
    sizes: dict[int, int] = {}

    def size(item: object, depth: int) -> int:
        if isinstance(item, (str, bytes)):
            return len(item)
        if isinstance(item, (bool, float, type(None))):
            return 25
        if isinstance(item, int):
            return item.bit_length() // 3 + 2
        if not isinstance(item, (list, tuple, set, frozenset, dict, Namespace, KeysView, ValuesView, ItemsView)):
            return 100  # an object of the sandbox (a macro, a loop): printed as its short repr
        key = id(item)
        if key in sizes:
            return sizes[key]
        if depth > _NESTING:
            raise SecurityError(f"a value nested over {_NESTING} levels deep cannot be printed")
        sizes[key] = 5  # a list inside itself prints as [...]
        contents: Iterable = item._Namespace__attrs if isinstance(item, Namespace) else item  # what repr prints
        parts = [p for pair in contents.items() for p in pair] if isinstance(contents, dict) else contents
        total = 2
        for part in parts:
            total += size(part, depth + 1) + 2
            if total > TEXT_LIMIT:
                raise refuse("printing a value", total)
        sizes[key] = total
        return total

    return size(value, 0)


def _number(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def format_size(template: str, values: list[object]) -> int:
    """The size of `template.format(*values)` at most (each field as the largest value, padded)."""
    largest = max((printed_size(value) for value in values), default=0)
    total = len(template)
    for _, field, spec, _ in Formatter().parse(template):
        if field is None:
            continue
        if spec and "{" in spec:
            raise SecurityError("a format spec with a field inside ('{:{width}}') is not allowed: write the number")
        parts = _FORMAT_SPEC.fullmatch(spec or "")
        total += largest + (_number(parts["width"]) + _number(parts["precision"]) if parts else len(spec or ""))
    return total


def percent_size(template: str, values: object) -> int:
    """The size of `template % values` at most."""
    items = (
        list(values.values()) if isinstance(values, dict) else list(values) if isinstance(values, tuple) else [values]
    )
    largest = max((printed_size(item) for item in items), default=0)
    total = len(template)
    for conversion in _PERCENT.finditer(template):
        if "*" in (conversion["width"] or "") + (conversion["precision"] or ""):
            raise SecurityError("a '*' width or precision in '%' is not allowed: write the number")
        total += largest + _number(conversion["width"]) + _number(conversion["precision"])
    return total


def _placeholders_size(text: str, values: dict) -> int:
    """The size of the site's words `text` filled in (`t`): its `{placeholders}` must be plain names,
    since the words are filled in outside the sandbox."""
    for _, field, _, _ in Formatter().parse(text):
        if field is not None and not field.isidentifier():
            raise SecurityError(f"'t' fills in {{name}} placeholders only, not {{{field}}}")
    return format_size(text, list(values.values()))


def _length(value: object) -> int:
    return len(value) if isinstance(value, Sized) else printed_size(value)


def _items_size(items: object, separator: object) -> int:
    items = items if isinstance(items, (list, tuple)) else []
    return sum(printed_size(item) for item in items) + _length(separator) * max(len(items) - 1, 0)


def _replace_size(text: str, old: str, new: str, count: int = -1) -> int:
    times = len(text) + 1 if old == "" else text.count(old)
    times = times if count is None or count < 0 else min(times, count)
    return len(text) + times * max(len(new) - len(old), 0)


def _translate_size(text: str, table: object) -> int:
    values = table.values() if isinstance(table, dict) else table if isinstance(table, (list, tuple)) else []
    return len(text) * max([1, *(len(v) for v in values if isinstance(v, (str, bytes)))])


def _width(value: object) -> int:
    return value if isinstance(value, int) else len(value) if isinstance(value, str) else 0


def _decimals(decimals: object) -> int:
    """The size of a number rounded to `decimals` places, which computes `10 ** decimals`."""
    if isinstance(decimals, int) and decimals > 1_000:
        raise SecurityError("a number rounded to over 1,000 decimals would be made")
    return 30


def _lines(text: object) -> int:
    return str(text).count("\n") + 1


# What a string or list method makes, from its object and arguments. Only methods that can make
# more than a small multiple of their inputs are listed.
METHODS: dict[str, Callable[..., int]] = {
    "center": lambda text, width, *rest: max(len(text), _width(width)),
    "ljust": lambda text, width, *rest: max(len(text), _width(width)),
    "rjust": lambda text, width, *rest: max(len(text), _width(width)),
    "zfill": lambda text, width: max(len(text), _width(width)),
    "expandtabs": lambda text, tabsize=8: (
        len(text) + text.count("\t" if isinstance(text, str) else b"\t") * _width(tabsize)
    ),
    "replace": _replace_size,
    "join": lambda separator, items: _items_size(items, separator),
    "translate": _translate_size,
    "format": lambda template, *args, **kwargs: format_size(template, [*args, *kwargs.values()]),
    "format_map": lambda template, mapping: format_size(
        template, list(mapping.values()) if isinstance(mapping, dict) else [mapping]
    ),
    "extend": lambda items, more: len(items) + _length(more),
    "encode": lambda text, *rest, **named: len(text) * 10,  # `\U0010ffff` for one character, at most
    "hex": lambda data, sep="", *rest: len(data) * (2 + _length(sep)),
}

# Filters that never print their value or arguments, nor make more items than they get: their
# inputs need no check (which would walk a large list on every call in a loop).
PRINT_NOTHING = frozenset(
    "abs attr batch count d default dictsort first float groupby int items last length list map max min "
    "random reject rejectattr reverse round select selectattr slice sort unique".split()
)

# The same for filters, from their value and arguments (named as the filter takes them).
FILTERS: dict[str, Callable[..., int]] = {
    "center": lambda value, width=80: max(_length(value), _width(width)),
    "indent": lambda value, width=4, *rest, **named: _length(value) + _lines(value) * _width(width),
    "wordwrap": lambda value, width=79, break_long_words=True, wrapstring=None, *rest: (
        _length(value) * (1 + len(wrapstring or "\n"))
    ),
    "batch": lambda value, linecount, fill_with=None: _width(linecount) if fill_with is not None else 0,
    "slice": lambda value, slices, fill_with=None: _width(slices),
    "join": lambda value, d="", attribute=None: _items_size(value, d),
    "format": lambda value, *args, **kwargs: percent_size(str(value), kwargs or tuple(args)),
    "replace": lambda value, old, new, count=None: _replace_size(str(value), str(old), str(new), count),
    "truncate": lambda value, length=255, killwords=False, end="...", *rest: _length(value) + _length(end),
    "urlize": lambda value, trim_url_limit=None, nofollow=False, target=None, rel=None, *rest: (
        _length(value) * (3 + _length(target or "") + _length(rel or ""))
    ),
    "markdown": lambda value, page=None, indent=0, **named: _length(value) + _lines(value) * _width(indent),
    "number": lambda value, decimals=None: _decimals(decimals),
    "percent": lambda value, decimals=0: _decimals(decimals),
    "t": lambda text, **values: _placeholders_size(str(text), values),
}
