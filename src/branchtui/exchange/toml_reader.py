"""Reading TOML: tomllib, with a fast path for files laid out as branchtui writes them.

tomllib is pure Python and takes 3–5 s for SPEC §9's export (10,000 items, 30,000 steps,
13 MB); the import may take 10 s in all. An export is a narrow dialect of TOML — `key =
value` lines, `[branch]`, `[[arrays.of.tables]]`, blank lines, basic and multi-line basic
strings with a few escapes, integers, floats, booleans, dates and offset date-times — which
a line reader handles in a fraction of that. Anything outside that dialect, however valid
(comments, inline tables, quoted keys, a key defined twice, CRLF line ends…), makes the
fast path give up, and tomllib reads the whole text instead: its result and its errors are
the reference. Tests check that both give the same data on exported files.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TABLE = re.compile(r"\[([A-Za-z0-9_-]+)\]")
_ARRAY_TABLE = re.compile(r"\[\[([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]\]")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
# What a basic string may not hold raw: control characters but tab, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_ESCAPE = re.compile(r'\\(?:([btnfr"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.|$))', re.DOTALL)
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class _GiveUp(Exception):
    """The text is not in the dialect the fast path reads."""


def loads(text: str) -> dict[str, Any]:
    """The TOML document (raises tomllib.TOMLDecodeError like tomllib.loads)."""
    try:
        return _fast(text)
    except _GiveUp:
        return tomllib.loads(text)


def _unescape(match: re.Match[str]) -> str:
    simple, short, long, other = match.groups()
    if simple is not None:
        return _SIMPLE_ESCAPES[simple]
    if other is not None:
        raise _GiveUp
    code = int(short or long, 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _GiveUp  # not a Unicode scalar value: let tomllib say so
    return chr(code)


def _basic(inner: str) -> str:
    """The content of a one-line basic string (between its quotes)."""
    if "\\" not in inner:
        if '"' in inner or _CONTROL.search(inner):
            raise _GiveUp
        return inner
    # Quotes must all be escaped: drop the escaped ones and look for any left.
    if '"' in inner.replace("\\\\", "").replace('\\"', "") or _CONTROL.search(inner):
        raise _GiveUp
    return _ESCAPE.sub(_unescape, inner)


def _value(text: str) -> Any:
    first = text[:1]
    if first == '"':
        if len(text) < 2 or text[-1] != '"' or (text.endswith('\\"') and _odd_tail(text[:-1])):
            raise _GiveUp
        return _basic(text[1:-1])
    if text == "true":
        return True
    if text == "false":
        return False
    if _DATETIME.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise _GiveUp from None
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise _GiveUp from None
    if _INTEGER.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    raise _GiveUp


def _odd_tail(text: str) -> bool:
    """Whether `text` ends in an odd number of backslashes (its last quote is escaped)."""
    count = len(text) - len(text.rstrip("\\"))
    return count % 2 == 1


def _fast(text: str) -> dict[str, Any]:
    if "\r" in text:
        raise _GiveUp  # CRLF line ends: tomllib's business
    root: dict[str, Any] = {}
    table = root
    defined: set[str] = set()  # [table] headers seen
    lines = text.split("\n")
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        index += 1
        if not line:
            continue
        if line[0] == "[":
            table = _header(root, line, defined)
            continue
        key, separator, raw = line.partition(" = ")
        if not separator or not _BARE_KEY.fullmatch(key) or key in table:
            raise _GiveUp
        if raw == '"""':
            value, index = _multiline(lines, index)
        else:
            value = _value(raw)
        table[key] = value
    return root


def _header(root: dict[str, Any], line: str, defined: set[str]) -> dict[str, Any]:
    match = _ARRAY_TABLE.fullmatch(line)
    if match is not None:
        *parents, name = match.group(1).split(".")
        table = root
        for part in parents:
            found = table.get(part)
            if isinstance(found, list) and found and isinstance(found[-1], dict):
                table = found[-1]
            else:
                raise _GiveUp
        array = table.setdefault(name, [])
        if not isinstance(array, list) or (array and not isinstance(array[-1], dict)):
            raise _GiveUp
        new: dict[str, Any] = {}
        array.append(new)
        return new
    match = _TABLE.fullmatch(line)
    if match is None or match.group(1) in root or match.group(1) in defined:
        raise _GiveUp
    defined.add(match.group(1))
    new_table: dict[str, Any] = {}
    root[match.group(1)] = new_table
    return new_table


def _multiline(lines: list[str], index: int) -> tuple[str, int]:
    """A multi-line basic string opened by `key = \"\"\"` on the line before `index`."""
    parts: list[str] = []
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.endswith('"""') and not _odd_tail(line[:-3]):
            parts.append(line[:-3])
            content = "\n".join(parts)
            # Every quote is escaped as the writer does it; a line-ending backslash (which
            # TOML would join) or a raw control character is left to tomllib.
            stripped = content.replace("\\\\", "").replace('\\"', "")
            if '"' in stripped or _CONTROL.search(content.replace("\n", "")):
                raise _GiveUp
            if any(_odd_tail(part) for part in parts[:-1]):
                raise _GiveUp
            return _ESCAPE.sub(_unescape, content), index
        parts.append(line)
    raise _GiveUp


__all__ = ["loads"]
