"""A TOML writer for export files: always `[[arrays.of.tables]]`, and fast.

tomli-w writes the same TOML, but it decides per array whether small tables go inline (so
one file could mix `checks = [{ … }]` and `[[checklists.entries.checks]]` depending on the
length of the text), and it takes ~1.5 s for SPEC §9's 10,000 items — most of the 2 s the
export may take. This writer handles exactly what an export holds (text, integers, floats,
booleans, dates, aware timestamps, nested arrays of tables) and escapes strings the way
tomli-w does; text with line breaks becomes a multi-line string so a person can read it.
The tests check that tomllib reads back exactly what was written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

# Characters a basic string must escape: the quote, the backslash and control characters
# other than tab (TOML 1.0 §String).
_NEEDS_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_ESCAPES = {
    "\b": "\\b",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _escape(char: re.Match[str], keep_newline: bool = False) -> str:
    text = char.group()
    if keep_newline and text == "\n":
        return "\n"
    return _ESCAPES.get(text) or f"\\u{ord(text):04x}"


def _escape_multiline(char: re.Match[str]) -> str:
    return _escape(char, keep_newline=True)


def string(text: str) -> str:
    """A TOML string: basic, or multi-line when the text has line breaks."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    if "\n" in text:
        # The newline after the opening quotes is dropped by readers (TOML 1.0).
        return '"""\n' + _NEEDS_ESCAPE.sub(_escape_multiline, text) + '"""'
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def value(obj: Any) -> str:
    """One scalar value in TOML syntax."""
    if isinstance(obj, str):
        return string(obj)
    if isinstance(obj, bool):
        return "true" if obj else "false"
    if isinstance(obj, int):
        return str(obj)
    if isinstance(obj, float):
        if math.isnan(obj):
            return "nan"
        if math.isinf(obj):
            return "inf" if obj > 0 else "-inf"
        return repr(obj)
    if isinstance(obj, datetime):
        if obj.tzinfo is None:
            raise ValueError("an export timestamp must carry its offset")
        return obj.isoformat()
    if isinstance(obj, date):
        return obj.isoformat()
    raise TypeError(f"cannot write {type(obj).__name__} to TOML")


def key(name: str) -> str:
    """A key: bare when it can be, else quoted."""
    return name if _BARE_KEY.fullmatch(name) else string(name)


def _is_table_array(obj: Any) -> bool:
    return isinstance(obj, list | tuple) and bool(obj) and isinstance(obj[0], Mapping)


def dumps(
    document: Mapping[str, Any],
    on_table: Callable[[], None] | None = None,
) -> str:
    """The document as TOML text; `on_table` is called after each table written.

    Scalars of a table come first, then its sub-tables and arrays of tables, each after a
    blank line (the layout tomli-w uses). Empty arrays are left out: they hold nothing.
    """
    out: list[str] = []
    _table(document, "", False, out, on_table)
    return "".join(out)


def _table(
    table: Mapping[str, Any],
    name: str,
    in_array: bool,
    out: list[str],
    on_table: Callable[[], None] | None,
) -> None:
    nested: list[tuple[str, Any]] = []
    if name:
        if out:
            out.append("\n")
        out.append(f"[[{name}]]\n" if in_array else f"[{name}]\n")
    for name_, obj in table.items():
        if isinstance(obj, Mapping) or _is_table_array(obj):
            nested.append((name_, obj))
        elif isinstance(obj, list | tuple):
            if obj:
                raise TypeError("arrays of values are not used in exports")
        else:
            out.append(f"{key(name_)} = {value(obj)}\n")
    for name_, obj in nested:
        path = f"{name}.{key(name_)}" if name else key(name_)
        if isinstance(obj, Mapping):
            _table(obj, path, False, out, on_table)
        else:
            for item in _as_tables(obj):
                _table(item, path, True, out, on_table)
                if on_table is not None:
                    on_table()


def _as_tables(items: Sequence[Any]) -> Sequence[Mapping[str, Any]]:
    if not all(isinstance(item, Mapping) for item in items):
        raise TypeError("an array mixes tables and values")
    return items


__all__ = ["dumps", "key", "string", "value"]
