"""Checklist periods (SPEC §4): which periods a year has, their bounds, and whether each is due.

A period is named by text that sorts in time order: `2024` (once, yearly), `2024-H1`,
`2024-Q3`, `2024-07`. Pure rules on the quick `status` path: stdlib only, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from branchtui.domain.dates import month_end
from branchtui.errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Collection

FREQUENCIES = ("once", "yearly", "half_yearly", "quarterly", "monthly")
# once and yearly have a single period a year, ending with `due_month`.
SINGLE_PERIOD = frozenset({"once", "yearly"})
DEFAULT_DUE_MONTH = 12

# How many periods a year has, and how many months each spans.
_COUNT = {"once": 1, "yearly": 1, "half_yearly": 2, "quarterly": 4, "monthly": 12}

# Patterns are kept as text: `re` compiles and caches them on first use, so importing this
# module compiles nothing.
_CANONICAL = {
    "once": r"(?P<y>\d{4})",
    "yearly": r"(?P<y>\d{4})",
    "half_yearly": r"(?P<y>\d{4})-H(?P<n>[12])",
    "quarterly": r"(?P<y>\d{4})-Q(?P<n>[1-4])",
    "monthly": r"(?P<y>\d{4})-(?P<n>0[1-9]|1[0-2])",
}

# What a user may type for a period: the canonical text, or a shorter or Chinese form
# within the checklist's year (`Q3`, `h1`, `上半年`, `第三季度`, `7`, `7月`, `2024/7`).
_YEAR = r"(?:(?P<y>\d{4})\s*[-/.年]?\s*)?"
_LENIENT = {
    "once": r"(?P<y>\d{4})\s*年?度?",
    "yearly": r"(?P<y>\d{4})\s*年?度?",
    "half_yearly": _YEAR + r"(?:H(?P<n>[12])|(?P<cn>[上下])半年)",
    "quarterly": _YEAR + r"(?:Q(?P<n>[1-4])|第?(?P<cn>[一二三四1-4])季度?)",
    "monthly": _YEAR + r"(?P<n>\d{1,2})\s*月?",
}
_CHINESE_NUMBER = {"上": 1, "下": 2, "一": 1, "二": 2, "三": 3, "四": 4}
_FULL_WIDTH = {0xFF10 + i: str(i) for i in range(10)} | {
    ord("－"): "-",
    ord("／"): "/",
    ord("．"): ".",
}


@dataclass(frozen=True)
class PeriodState:
    """One period of a checklist entry as of a given day."""

    period: str
    first_day: date
    last_day: date
    due: bool  # begun, and not ended before the checklist starts
    done: bool  # a check is recorded
    overdue: bool  # due, unchecked, and its last day has passed


def _check_frequency(frequency: str) -> None:
    if frequency not in _COUNT:
        raise ValidationError("period.bad_frequency", value=frequency, valid=", ".join(FREQUENCIES))


def _name(frequency: str, year: int, index: int) -> str:
    if frequency in SINGLE_PERIOD:
        return f"{year:04d}"
    if frequency == "half_yearly":
        return f"{year:04d}-H{index}"
    if frequency == "quarterly":
        return f"{year:04d}-Q{index}"
    return f"{year:04d}-{index:02d}"


def periods(frequency: str, year: int) -> list[str]:
    """Every period of `year` for an entry of `frequency`, in time order."""
    _check_frequency(frequency)
    return [_name(frequency, year, index) for index in range(1, _COUNT[frequency] + 1)]


def valid_period(period: str, frequency: str, year: int) -> bool:
    """Whether `period` is one of the periods of `year` for `frequency`."""
    return frequency in _COUNT and period in periods(frequency, year)


def _split(period: str, frequency: str) -> tuple[int, int]:
    """(year, 1-based index) of a canonical period name."""
    _check_frequency(frequency)
    match = re.fullmatch(_CANONICAL[frequency], period)
    if match is None:
        # Name the valid periods of the year the text starts with, else their pattern.
        head = re.match(r"\d{4}", period)
        if head:
            valid = ", ".join(periods(frequency, int(head.group())))
        else:
            valid = ", ".join(p.replace("0000", "YYYY") for p in periods(frequency, 0))
        raise ValidationError("period.invalid", value=period, valid=valid)
    index = int(match["n"]) if "n" in match.groupdict() else 1
    return int(match["y"]), index


def _due_month(due_month: int | None) -> int:
    if due_month is None:
        return DEFAULT_DUE_MONTH
    if not 1 <= due_month <= 12:
        raise ValidationError("period.bad_due_month", value=due_month)
    return due_month


def period_bounds(period: str, frequency: str, due_month: int | None = None) -> tuple[date, date]:
    """The first and last day of a period.

    Half years, quarters and months end with their last calendar day. A once or yearly
    period begins on Jan 1 and ends with the last day of `due_month` (December when None).
    """
    year, index = _split(period, frequency)
    if frequency in SINGLE_PERIOD:
        return date(year, 1, 1), month_end(year, _due_month(due_month))
    span = 12 // _COUNT[frequency]  # months per period: 6, 3 or 1
    first_month = (index - 1) * span + 1
    return date(year, first_month, 1), month_end(year, first_month + span - 1)


def period_state(
    period: str,
    frequency: str,
    due_month: int | None,
    starts_on: date | None,
    today: date,
    done: bool,
) -> PeriodState:
    """Whether a period is due and overdue on `today` (SPEC §4).

    Due once it has begun, unless it ended before the checklist starts (a checklist created
    in July owes nothing for Q1). Overdue when due, unchecked, and past its last day.
    """
    first_day, last_day = period_bounds(period, frequency, due_month)
    due = first_day <= today and (starts_on is None or last_day >= starts_on)
    overdue = due and not done and today > last_day
    return PeriodState(period, first_day, last_day, due, done, overdue)


def period_states(
    frequency: str,
    year: int,
    due_month: int | None,
    starts_on: date | None,
    today: date,
    done_periods: Collection[str],
) -> list[PeriodState]:
    """The state of every period of `year` for one entry; `done_periods` are those checked."""
    return [
        period_state(period, frequency, due_month, starts_on, today, period in done_periods)
        for period in periods(frequency, year)
    ]


def current_period(frequency: str, year: int, today: date) -> str:
    """The period of `year` containing `today`; the first before the year, the last after it."""
    _check_frequency(frequency)
    if today.year < year:
        index = 1
    elif today.year > year:
        index = _COUNT[frequency]
    else:
        index = (today.month - 1) // (12 // _COUNT[frequency]) + 1
    return _name(frequency, year, index)


def period_label(period: str, frequency: str, *, compact: bool = False) -> str:
    """How a period is headed in a grid or named in prose: `2024`, `H1`, `Q3`, `7月`
    (en `Jul`); `compact` months are `7`, for a narrow terminal."""
    from branchtui.i18n import t

    if frequency in SINGLE_PERIOD:
        return period
    index = int(period.rsplit("-", 1)[1].lstrip("HQ"))
    if frequency == "half_yearly":
        return t("checklist.period.half", n=index)
    if frequency == "quarterly":
        return t("checklist.period.quarter", n=index)
    return str(index) if compact else t(f"checklist.month.{index}")


def parse_period(text: str, frequency: str, year: int) -> str:
    """The canonical name of a period of `year` a user typed (`Q3`, `2024-q3`, `第三季度`…)."""
    _check_frequency(frequency)
    cleaned = re.sub(r"\s+", "", text.translate(_FULL_WIDTH)).upper()
    match = re.fullmatch(_LENIENT[frequency], cleaned)
    if match is not None:
        groups = match.groupdict()
        period_year = int(groups["y"]) if groups.get("y") else year
        if groups.get("cn"):
            cn = groups["cn"]
            index = int(cn) if cn.isdigit() else _CHINESE_NUMBER[cn]
        else:
            index = int(groups["n"]) if groups.get("n") else 1
        if period_year == year and 1 <= index <= _COUNT[frequency]:
            return _name(frequency, year, index)
    raise ValidationError("period.invalid", value=text, valid=", ".join(periods(frequency, year)))


__all__ = [
    "DEFAULT_DUE_MONTH",
    "FREQUENCIES",
    "SINGLE_PERIOD",
    "PeriodState",
    "current_period",
    "parse_period",
    "period_bounds",
    "period_label",
    "period_state",
    "period_states",
    "periods",
    "valid_period",
]
