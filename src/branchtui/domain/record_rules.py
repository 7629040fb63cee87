"""The rules every stored record obeys, whoever writes it: one write path (SPEC §6).

Each function takes a record's complete values as they are about to be stored — a dict
keyed by model attribute, the shape of `storage.uow.snapshot` and of an import's rows —
with what the rule depends on (an item's steps, an entry's checklist), and returns them
normalised (texts trimmed, derived values filled in) or raises `FieldError` naming the
field. The domain's write functions call them on every record they write, and so does
every file import (TOML, the member register), so an import can produce only states the
commands can. Pure: no database, nothing heavy; `now` and `who` come from the caller.

Derived values filled in (the commands would have set them):
- a done item or step without its completion time gets `now` and `who`;
- a `todo` item with a ticked step is `doing` (the first ticked step starts it);
- a once/yearly checklist entry without a due month is due in December.
Contradictions are refused: a done item with an open step, a done item's progress below
100, a completion time on what is not done, progress by hand differing from its steps'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from branchtui.domain.item_rules import (
    CATEGORIES,
    STATUSES,
    check_category,
    check_status,
    effective_progress,
)
from branchtui.domain.periods import FREQUENCIES, SINGLE_PERIOD, valid_period
from branchtui.domain.text import check_controls
from branchtui.errors import FieldError, ValidationError

Row = dict[str, Any]

# Lengths a person types; more is a mistake or an attack, and would break every layout.
MAX_TITLE = 500  # titles, names and other one-line texts
MAX_TEXT = 100_000  # detail, evidence, notes, content (10 KB of pasted text fits easily)
YEARS = (1900, 2999)
MAX_NUMBER = 99_999  # 序号 within a year (SPEC §9 plans 10,000); SQLite's 2^63 breaks `add`
CHECKLIST_KINDS = ("ideology", "integrity", "stability", "custom")


@contextmanager
def field(name: str) -> Iterator[None]:
    """Inside: any ValidationError is about field `name`."""
    try:
        yield
    except FieldError:
        raise
    except ValidationError as error:
        raise FieldError.of(error, name) from None


# -- values --------------------------------------------------------------------------------
def text(value: Any, name: str, *, required: bool = False, multiline: bool = False) -> str | None:
    """A text field: trimmed, None when blank (an error when `required`), no control
    characters, within its length."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise FieldError("record.required", name)
        return None
    if not isinstance(value, str):
        raise FieldError("record.not_text", name, value=repr(value))
    try:  # not `with field(...)`: an import checks some 70,000 texts
        cleaned = check_controls(value, name, multiline=multiline).strip()
    except ValidationError as error:
        raise FieldError.of(error, name) from None
    limit = MAX_TEXT if multiline else MAX_TITLE
    if len(cleaned) > limit:
        raise FieldError("record.too_long", name, length=len(cleaned), limit=limit)
    return cleaned


def integer(value: Any, name: str, low: int, high: int) -> int:
    """A whole number within [low, high] (a bool is not a number)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError("record.not_integer", name, value=repr(value))
    if not low <= value <= high:
        raise FieldError("record.out_of_range", name, value=value, low=low, high=high)
    return value


def code(value: Any, name: str, valid: Sequence[str], check: Callable[[str], str]) -> str:
    """A stored code of `valid`, checked by the concept's own check (its message)."""
    if not isinstance(value, str):
        raise FieldError("record.not_text", name, value=repr(value))
    with field(name):
        return check(value)


def a_date(value: Any, name: str) -> date | None:
    """A day (not a timestamp), or None."""
    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        raise FieldError("record.not_date", name, value=repr(value))
    return value


def _stamped(values: Row, done: bool, at: str, by: str, who: str, now: datetime) -> None:
    """Completion fields: filled when done and missing, refused when not done; who did it
    is text like any other (an import file could carry control characters in it)."""
    values[by] = text(values.get(by), by)
    if done:
        if values.get(at) is None:
            values[at] = now
            values[by] = who
    elif values.get(at) is not None or values.get(by) is not None:
        raise FieldError("record.completion_not_done", at)


# -- plan items and steps --------------------------------------------------------------------
def step(values: Mapping[str, Any], *, who: str, now: datetime) -> Row:
    """A step: a title, a position, its due date; `done_at`/`done_by` exactly when done."""
    row = dict(values)
    row["title"] = text(row.get("title"), "title", required=True)
    row["position"] = integer(row.get("position"), "position", 1, 1_000_000)
    row["done"] = bool(row.get("done", False))
    row["due"] = a_date(row.get("due"), "due")
    _stamped(row, row["done"], "done_at", "done_by", who, now)
    return row


def plan_item(
    values: Mapping[str, Any], steps: Sequence[Mapping[str, Any]], *, who: str, now: datetime
) -> Row:
    """A plan item with its steps as they will be stored (each already `step`-checked)."""
    row = dict(values)
    row["year"] = integer(row.get("year"), "year", *YEARS)
    row["number"] = integer(row.get("number"), "number", 1, MAX_NUMBER)
    row["title"] = text(row.get("title"), "title", required=True)
    row["detail"] = text(row.get("detail"), "detail", multiline=True)
    row["evidence"] = text(row.get("evidence"), "evidence", multiline=True)
    row["owner_text"] = text(row.get("owner_text"), "owner_text")
    row["carried_from"] = text(row.get("carried_from"), "carried_from")
    row["category"] = code(row.get("category", "other"), "category", CATEGORIES, check_category)
    status = code(row.get("status", "todo"), "status", STATUSES, check_status)
    progress = integer(row.get("progress", 0), "progress", 0, 100)
    row["due"] = a_date(row.get("due"), "due")
    done_steps = sum(1 for s in steps if s.get("done"))
    open_steps = len(steps) - done_steps
    if status == "done" and open_steps:
        raise FieldError("item.open_steps", "status", count=open_steps)
    if status == "done" and not steps and progress < 100:
        raise FieldError("record.done_progress", "progress", value=progress)
    if status == "todo" and done_steps:
        status = "doing"  # the first ticked step starts the work
    row["status"] = status
    row["progress"] = progress
    _stamped(row, status == "done", "completed_at", "completed_by", who, now)
    return row


def check_progress_matches_steps(progress: int, steps: Sequence[Mapping[str, Any]]) -> None:
    """An import's `progress` for an item with steps must be the one its steps give."""
    if steps:
        derived = effective_progress(0, sum(1 for s in steps if s.get("done")), len(steps))
        if progress != derived:
            raise FieldError(
                "record.progress_from_steps", "progress", value=progress, derived=derived
            )


# -- checklists ------------------------------------------------------------------------------
def checklist(values: Mapping[str, Any]) -> Row:
    """A checklist: a title, a kind, a year, and a start date within that year."""
    row = dict(values)
    row["year"] = integer(row.get("year"), "year", *YEARS)
    row["title"] = text(row.get("title"), "title", required=True)
    kind = row.get("kind", "custom")
    if kind not in CHECKLIST_KINDS:
        raise FieldError("checklist.bad_kind", "kind", value=kind, valid=", ".join(CHECKLIST_KINDS))
    starts_on = a_date(row.get("starts_on"), "starts_on")
    if starts_on is not None and starts_on.year != row["year"]:
        raise FieldError(
            "checklist.starts_on_outside_year",
            "starts_on",
            date=starts_on.isoformat(),
            year=row["year"],
        )
    return row


def checklist_entry(values: Mapping[str, Any]) -> Row:
    """An entry: a title, a frequency, and a due month exactly for once/yearly entries
    (December when not given)."""
    row = dict(values)
    row["title"] = text(row.get("title"), "title", required=True)
    row["owner"] = text(row.get("owner"), "owner")
    row["note"] = text(row.get("note"), "note", multiline=True)
    row["position"] = integer(row.get("position"), "position", 1, 1_000_000)
    frequency = row.get("frequency")
    if frequency not in FREQUENCIES:
        raise FieldError(
            "period.bad_frequency", "frequency", value=frequency, valid=", ".join(FREQUENCIES)
        )
    due_month = row.get("due_month")
    if frequency in SINGLE_PERIOD:
        row["due_month"] = 12 if due_month is None else integer(due_month, "due_month", 1, 12)
    elif due_month is not None:
        from branchtui.i18n import label

        raise FieldError(
            "checklist.due_month_not_single",
            "due_month",
            frequency=label("frequency", frequency),
            once=label("frequency", "once"),
            yearly=label("frequency", "yearly"),
        )
    return row


def checklist_check(
    values: Mapping[str, Any], entry: Mapping[str, Any], year: int, *, who: str, now: datetime
) -> Row:
    """A tick: a period the entry's frequency has in its checklist's year, evidence."""
    row = dict(values)
    period = row.get("period")
    if not isinstance(period, str) or not valid_period(period, str(entry["frequency"]), year):
        from branchtui.domain.periods import periods

        valid = ", ".join(periods(str(entry["frequency"]), year))
        raise FieldError("period.invalid", "period", value=period, valid=valid)
    row["evidence"] = text(row.get("evidence"), "evidence", multiline=True)
    row["done_by"] = text(row.get("done_by"), "done_by")
    if row.get("done_at") is None:
        row["done_at"], row["done_by"] = now, who
    return row


__all__ = [
    "MAX_NUMBER",
    "MAX_TEXT",
    "MAX_TITLE",
    "YEARS",
    "Row",
    "a_date",
    "check_progress_matches_steps",
    "checklist",
    "checklist_check",
    "checklist_entry",
    "field",
    "integer",
    "plan_item",
    "step",
    "text",
]

# The member register's rules (DOMAIN §2) live in their own module; they are part of the
# same write path.
from branchtui.domain.member_rules import member, member_event  # noqa: E402

__all__ += ["member", "member_event"]

# So are the 组织生活 records' (三会一课, DOMAIN §3).
from branchtui.domain.meeting_rules import meeting, meeting_attendance  # noqa: E402

__all__ += ["meeting", "meeting_attendance"]
