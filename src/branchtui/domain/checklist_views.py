"""Reading checklists: each entry with the state of every period of its year as of a day.

`periods.period_states` does the period arithmetic (pure, shared with the quick `status`
path); here it meets the stored entries and checks. Views are frozen dataclasses built
inside the read session, so callers never touch a live ORM object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from branchtui.domain.periods import PeriodState, period_label, period_states
from branchtui.errors import NotFoundError
from branchtui.storage.database import Database
from branchtui.storage.models import Check, Checklist, ChecklistEntry
from branchtui.storage.uow import describe


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


def evidence_groups(entry: EntryView) -> list[tuple[tuple[PeriodView, ...], str]]:
    """The evidence given with an entry's ticks: each text once (blanks collapsed), with
    the ticked periods it was given for, in period order. A month-by-month tick with the
    same words reads as one line (`1月、2月、3月：已报告`)."""
    groups: dict[str, list[PeriodView]] = {}
    for state in entry.periods:
        text = " ".join((state.evidence or "").split())
        if state.done and text:
            groups.setdefault(text, []).append(state)
    return [(tuple(states), text) for text, states in groups.items()]


def period_view(state: PeriodState, check: Check | None) -> PeriodView:
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


def entries_of(session: Session, checklist_id: int) -> list[ChecklistEntry]:
    """A checklist's entries in their order."""
    return list(
        session.exec(
            select(ChecklistEntry)
            .where(ChecklistEntry.checklist_id == checklist_id)
            .order_by(col(ChecklistEntry.position), col(ChecklistEntry.id))
        ).all()
    )


def list_checklists(db: Database, year: int, today: date) -> list[ChecklistView]:
    """The checklists of `year` (oldest first) with every entry's period states on `today`."""
    with db.read() as session:
        checklists = session.exec(
            select(Checklist).where(Checklist.year == year).order_by(col(Checklist.id))
        ).all()
        entries = session.exec(
            select(ChecklistEntry)
            .join(Checklist, col(Checklist.id) == col(ChecklistEntry.checklist_id))
            .where(Checklist.year == year)
            .order_by(col(ChecklistEntry.position), col(ChecklistEntry.id))
        ).all()
        checks = session.exec(
            select(Check)
            .join(ChecklistEntry, col(ChecklistEntry.id) == col(Check.entry_id))
            .join(Checklist, col(Checklist.id) == col(ChecklistEntry.checklist_id))
            .where(Checklist.year == year)
        ).all()
        return _views(checklists, entries, checks, today)


def get_checklist(db: Database, checklist_id: int, today: date) -> ChecklistView:
    """One checklist with its entries' period states on `today`."""
    with db.read() as session:
        checklist = session.get(Checklist, checklist_id)
        if checklist is None:
            raise NotFoundError("record.not_found", record=describe(Checklist, checklist_id))
        entries = entries_of(session, checklist_id)
        checks = session.exec(
            select(Check)
            .join(ChecklistEntry, col(ChecklistEntry.id) == col(Check.entry_id))
            .where(ChecklistEntry.checklist_id == checklist_id)
        ).all()
        return _views([checklist], entries, checks, today)[0]


def _id(record: Checklist | ChecklistEntry) -> int:
    assert record.id is not None  # read from the database
    return record.id


def _views(
    checklists: Sequence[Checklist],
    entries: Sequence[ChecklistEntry],
    checks: Sequence[Check],
    today: date,
) -> list[ChecklistView]:
    by_entry: dict[int, dict[str, Check]] = {}
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
        views = tuple(period_view(state, done.get(state.period)) for state in states)
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
                periods=views,
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


__all__ = [
    "ChecklistView",
    "EntryView",
    "PeriodView",
    "entries_of",
    "evidence_groups",
    "get_checklist",
    "list_checklists",
    "period_label",
    "period_view",
]
