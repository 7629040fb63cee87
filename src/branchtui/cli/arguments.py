"""What a command-line value may be, checked at the edge (argparse `type=` functions).

Numbers go to SQLite, whose integers stop at 2^63 - 1: a larger id, `--limit` or
`--number` must be one clear usage error, not Python's OverflowError from the driver. The
plan year is 1900–2999, as `[branch] year` in a config file. And every text argument must
be UTF-8: a byte the terminal sent that is not (Python keeps it as a lone surrogate)
cannot be stored or shown, so it is refused naming the argument; a path may hold such
bytes (a file name from an old Windows share), and is passed on.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any

from branchtui.i18n import t

SQLITE_MAX = 2**63 - 1
SQLITE_MIN = -(2**63)
YEAR_RANGE = (1900, 2999)
# Destinations that name files: they may hold bytes that are not UTF-8 (the OS takes them).
PATH_DESTS = frozenset({"config", "file", "output", "dest"})


def _integer(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def whole_number(low: int = SQLITE_MIN, high: int = SQLITE_MAX) -> Callable[[str], int]:
    """A `type=` for an integer between `low` and `high` (SQLite's range by default)."""

    def parse(text: str) -> int:
        value = _integer(text)
        if value is None:
            raise argparse.ArgumentTypeError(t("cli.not_a_number", value=text))
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(t("cli.out_of_range", value=text, low=low, high=high))
        return value

    parse.__name__ = "integer"
    return parse


def record_id(text: str) -> int:
    """A record's id: a positive integer SQLite can hold."""
    value = _integer(text)
    if value is None or not 1 <= value <= SQLITE_MAX:
        raise argparse.ArgumentTypeError(t("cli.bad_id", value=text))
    return value


def member_ref(text: str) -> str:
    """A member as the user names one: an id (then a valid one) or a name."""
    if text.strip().isdigit():
        record_id(text)
    return text


def positive(text: str) -> int:
    """A count or a position: a positive integer SQLite can hold."""
    value = _integer(text)
    if value is None or not 1 <= value <= SQLITE_MAX:
        raise argparse.ArgumentTypeError(t("cli.not_positive", value=text))
    return value


def plan_year(text: str) -> int:
    """`--year`: four digits, 1900–2999 (`--year 24` is not 2024)."""
    value = _integer(text)
    low, high = YEAR_RANGE
    if value is None or not low <= value <= high:
        raise argparse.ArgumentTypeError(t("cli.bad_year", value=text, low=low, high=high))
    return value


def finite_number(text: str) -> float:
    """A decimal number (hours): not `nan`, not `inf`."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(t("cli.not_a_number", value=text))
    return value


def not_utf8(args: argparse.Namespace) -> tuple[str, str] | None:
    """The first text argument (its name and value shown safely) that is not UTF-8."""
    for name, value in vars(args).items():
        if name in PATH_DESTS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and _has_surrogate(text):
                shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                return name, shown
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def empty_option(value: Any) -> bool:
    """Whether a path option was given as an empty string (`--db ""`)."""
    return isinstance(value, str) and not value.strip()
