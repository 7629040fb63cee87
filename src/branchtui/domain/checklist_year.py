"""A year's checklists as plain views: each entry with the state of every period of its
year as of a day, and the tick (who, when, the evidence) of the periods ticked.

Built from any rows that have the stored records' attributes — the ORM's (through
`checklist_views`, for the commands and the exports) or plain tuples read with sqlite3
(`read_checklists`, for the app: SPEC §9's twenty checklists in a few milliseconds). Light
on purpose: no ORM here. The period arithmetic is `periods.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple, Protocol

from branchtui.domain.periods import PeriodState, period_states

if TYPE_CHECKING:
    import sqlite3


@dataclass(frozen=True, slots=True)
class PeriodView:
    """One period of an entry as of a given day, with its check when there is one."""

    period: str
    first_day: date
    last_day: date
    due: bool  # begun, and not ended before the checklist starts
    done: bool  # checked
    overdue: bool  # due, unchecked, and past its last day
    evidence: str | None
    done_at: datetime | None
    done_by: str | None
    check_uid: str | None = None  # the check's, what a screen passes back as `CheckSeen`


@dataclass(frozen=True, slots=True)
class EntryView:
    """One line of a checklist with the state of every period of the year."""

    id: int
    uid: str
    checklist_id: int
    position: int
    title: str
    frequency: str
    due_month: int | None
    owner: str | None
    note: str | None
    version: int
    periods: tuple[PeriodView, ...]


@dataclass(frozen=True, slots=True)
class ChecklistView:
    """A year's checklist with its entries in order."""

    id: int
    uid: str
    year: int
    kind: str
    title: str
    starts_on: date | None
    version: int
    entries: tuple[EntryView, ...]


class ChecklistRow(Protocol):
    """What a stored checklist has (the ORM's model, or `read_checklists`' tuples)."""

    @property
    def id(self) -> int | None: ...
    @property
    def uid(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def starts_on(self) -> date | None: ...
    @property
    def version(self) -> int: ...


class EntryRow(Protocol):
    """What a stored checklist entry has."""

    @property
    def id(self) -> int | None: ...
    @property
    def uid(self) -> str: ...
    @property
    def checklist_id(self) -> int: ...
    @property
    def position(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def frequency(self) -> str: ...
    @property
    def due_month(self) -> int | None: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def version(self) -> int: ...


class CheckRow(Protocol):
    """What a stored check (落实记录) has."""

    @property
    def entry_id(self) -> int: ...
    @property
    def period(self) -> str: ...
    @property
    def uid(self) -> str: ...
    @property
    def evidence(self) -> str | None: ...
    @property
    def done_at(self) -> datetime: ...
    @property
    def done_by(self) -> str | None: ...


def period_view(state: PeriodState, check: CheckRow | None) -> PeriodView:
    """A period's state with its check (None: not ticked) as a screen shows it."""
    ticked = check if state.done else None
    return PeriodView(
        period=state.period,
        first_day=state.first_day,
        last_day=state.last_day,
        due=state.due,
        done=state.done,
        overdue=state.overdue,
        evidence=ticked.evidence if ticked else None,
        done_at=ticked.done_at if ticked else None,
        done_by=ticked.done_by if ticked else None,
        check_uid=ticked.uid if ticked else None,
    )


def _id(record: ChecklistRow | EntryRow) -> int:
    assert record.id is not None  # read from the database
    return record.id


def build_views(
    checklists: Sequence[ChecklistRow],
    entries: Iterable[EntryRow],
    checks: Iterable[CheckRow],
    today: date,
) -> list[ChecklistView]:
    """The checklists (in the order given) with their entries (in the order given) and
    every period's state on `today`."""
    by_entry: dict[int, dict[str, CheckRow]] = {}
    for check_row in checks:
        by_entry.setdefault(check_row.entry_id, {})[check_row.period] = check_row
    by_checklist: dict[int, list[EntryView]] = {}
    starts = {_id(c): c.starts_on for c in checklists}
    years = {_id(c): c.year for c in checklists}
    for entry in entries:
        done = by_entry.get(_id(entry), {})
        states = period_states(
            entry.frequency,
            years[entry.checklist_id],
            entry.due_month,
            starts[entry.checklist_id],
            today,
            done,
        )
        by_checklist.setdefault(entry.checklist_id, []).append(
            EntryView(
                id=_id(entry),
                uid=entry.uid,
                checklist_id=entry.checklist_id,
                position=entry.position,
                title=entry.title,
                frequency=entry.frequency,
                due_month=entry.due_month,
                owner=entry.owner,
                note=entry.note,
                version=entry.version,
                periods=tuple(period_view(state, done.get(state.period)) for state in states),
            )
        )
    return [
        ChecklistView(
            id=_id(c),
            uid=c.uid,
            year=c.year,
            kind=c.kind,
            title=c.title,
            starts_on=c.starts_on,
            version=c.version,
            entries=tuple(by_checklist.get(_id(c), ())),
        )
        for c in checklists
    ]


# -- the light read --------------------------------------------------------------------------
class _Checklist(NamedTuple):
    id: int
    uid: str
    year: int
    kind: str
    title: str
    starts_on: date | None
    version: int


class _Entry(NamedTuple):
    id: int
    uid: str
    checklist_id: int
    position: int
    title: str
    frequency: str
    due_month: int | None
    owner: str | None
    note: str | None
    version: int


class _Check(NamedTuple):
    entry_id: int
    period: str
    uid: str
    evidence: str | None
    done_at: datetime
    done_by: str | None


def read_checklists(connection: sqlite3.Connection, year: int, today: date) -> list[ChecklistView]:
    """The checklists of `year` (oldest first) from a plain sqlite3 connection, in one
    read transaction: what `checklist_views.list_checklists` gives, without the ORM."""
    from branchtui.storage.checklist_rows import checklist_tuples

    checklists, entries, checks = checklist_tuples(connection, year)
    return build_views(
        [
            _Checklist(i, uid, y, kind, title, date.fromisoformat(s) if s else None, version)
            for i, uid, y, kind, title, s, version in checklists
        ],
        [_Entry(*row) for row in entries],
        [
            _Check(entry, period, uid, evidence, datetime.fromisoformat(at), by)
            for entry, period, uid, evidence, at, by in checks
        ],
        today,
    )


__all__ = [
    "CheckRow",
    "ChecklistRow",
    "ChecklistView",
    "EntryRow",
    "EntryView",
    "PeriodView",
    "build_views",
    "period_view",
    "read_checklists",
]
