"""Dates as a branch writes them, "today" in the branch's time zone, and overdue arithmetic.

Pure rules on the quick `status` path: only `datetime`, `os` and `re` are imported here;
`zoneinfo` is imported when the real clock is read (BRANCHTUI_TODAY skips it).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta

from branchtui.errors import ConfigError, ValidationError

TODAY_VARIABLE = "BRANCHTUI_TODAY"
CLOSED_STATUSES = frozenset({"done", "cancelled"})

# Full-width digits and separators, as a Chinese input method types them, become ASCII.
_FULL_WIDTH = {0xFF10 + i: str(i) for i in range(10)} | {
    ord("－"): "-",
    ord("／"): "/",
    ord("．"): ".",
    ord("。"): ".",
    ord("　"): " ",
}

# Each accepted form; a form without a year takes the plan year. Patterns are kept as text:
# `re` compiles and caches them on first use, so importing this module compiles nothing.
_FORMS = (
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
    r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})",
    r"(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})",
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?",
    r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?",
    # The plan documents write milestones as "6.30" (DOMAIN §1).
    r"(?P<m>\d{1,2})\.(?P<d>\d{1,2})",
)
_ISO = r"\d{4}-\d{2}-\d{2}"


def parse_date(text: str, plan_year: int) -> date:
    """A date in any form SPEC §5 accepts; forms without a year fall in `plan_year`."""
    cleaned = text.translate(_FULL_WIDTH).strip()
    for form in _FORMS:
        match = re.fullmatch(form, cleaned)
        if match is None:
            continue
        year = int(match["y"]) if "y" in match.groupdict() else plan_year
        try:
            return date(year, int(match["m"]), int(match["d"]))
        except ValueError:
            break  # the form fits but the day does not exist (2024-02-30, 13.1)
    raise ValidationError("date.invalid", value=text)


def format_date(value: date | None) -> str:
    """`YYYY-MM-DD`, or an empty string for no date."""
    return "" if value is None else value.isoformat()


def days_in_month(year: int, month: int) -> int:
    """How many days the month has (without importing `calendar`, which pulls in `locale`)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, days_in_month(year, month))


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month (Aug 31 + 6 -> Feb 28)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, days_in_month(year, month)))


def add_years(start: date, years: int) -> date:
    """The same month and day `years` later; Feb 29 becomes Feb 28 in a common year."""
    return add_months(start, 12 * years)


def today(timezone: str, *, now: datetime | None = None) -> date:
    """Today's date in the branch's IANA time zone, or BRANCHTUI_TODAY when it is set.

    `now` is the instant to convert (tests pass one); by default the real clock. A server
    whose clock runs in UTC still turns the day at midnight in Beijing.
    """
    override = os.environ.get(TODAY_VARIABLE, "").strip()
    if override:
        if re.fullmatch(_ISO, override):
            try:
                return date.fromisoformat(override)
            except ValueError:
                pass
        raise ConfigError("date.bad_today", name=TODAY_VARIABLE, value=override)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a directory such as "Asia" instead of a zone file.
        raise ConfigError("date.bad_timezone", value=timezone) from None
    instant = now_utc() if now is None else now
    return instant.astimezone(zone).date()


def now_utc() -> datetime:
    """The real time, timezone-aware, in UTC (timestamps are stored so; SPEC §4)."""
    return datetime.now(UTC)


def is_overdue(due: date | None, status: str, today: date) -> bool:
    """Past due and still open: `due` < today and status neither done nor cancelled."""
    return due is not None and due < today and status not in CLOSED_STATUSES


def is_due_soon(due: date | None, status: str, today: date, days: int) -> bool:
    """Still open and due within the next `days` days (today included): `[rules] due_soon_days`."""
    return (
        due is not None
        and status not in CLOSED_STATUSES
        and today <= due <= today + timedelta(days=days)
    )


def days_overdue(due: date | None, today: date) -> int:
    """Whole days since `due` (0 when not yet past, or no due date)."""
    if due is None:
        return 0
    return max(0, (today - due).days)


__all__ = [
    "CLOSED_STATUSES",
    "TODAY_VARIABLE",
    "add_months",
    "add_years",
    "days_in_month",
    "days_overdue",
    "format_date",
    "is_overdue",
    "month_end",
    "now_utc",
    "parse_date",
    "today",
]
