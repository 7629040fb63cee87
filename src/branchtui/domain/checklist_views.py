"""Reading checklists through the ORM: each entry with the state of every period of its
year as of a day (the commands, the exports, the report).

The views and how they are built are `domain.checklist_year` (light: the app reads the
same views from plain rows); here they are built inside the read session from the stored
records, so callers never touch a live ORM object.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from branchtui.domain.checklist_year import (
    ChecklistView,
    EntryView,
    PeriodView,
    build_views,
)
from branchtui.domain.periods import period_label
from branchtui.errors import NotFoundError
from branchtui.storage.database import Database
from branchtui.storage.models import Check, Checklist, ChecklistEntry
from branchtui.storage.uow import describe


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


def _views(
    checklists: Sequence[Checklist],
    entries: Sequence[ChecklistEntry],
    checks: Sequence[Check],
    today: date,
) -> list[ChecklistView]:
    return build_views(checklists, entries, checks, today)


__all__ = [
    "ChecklistView",
    "EntryView",
    "PeriodView",
    "entries_of",
    "evidence_groups",
    "get_checklist",
    "list_checklists",
    "period_label",
]
