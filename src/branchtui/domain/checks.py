"""Checking off checklist entries (责任清单): one check per entry and period, with evidence.

A period is named as `periods.parse_period` reads it; by default the one containing today.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from branchtui.domain.checklists import NothingChanged
from branchtui.domain.periods import current_period, parse_period, period_bounds
from branchtui.domain.text import clean_text
from branchtui.errors import ValidationError
from branchtui.storage.database import Database
from branchtui.storage.models import Check, Checklist, ChecklistEntry, utc_now
from branchtui.storage.uow import UnitOfWork, describe, snapshot


def _resolve_period(
    entry: ChecklistEntry, checklist: Checklist, period: str | None, today: date
) -> str:
    """The canonical period a user meant; by default the one containing today."""
    if period is None or not period.strip():
        return current_period(entry.frequency, checklist.year, today)
    return parse_period(period, entry.frequency, checklist.year)


def check(
    db: Database,
    entry_id: int,
    period: str | None,
    today: date,
    evidence: str | None = None,
) -> str:
    """Record an entry as done for a period (default: the current one); the period's name.

    A period that has not begun is refused: it is not due yet. Checking a period that is
    already checked keeps its check and replaces the evidence when some is given (an
    empty text clears it); with nothing new it writes nothing.
    """
    name = ""
    try:
        with UnitOfWork(db, "checklist.check") as uow:
            entry = uow.get(ChecklistEntry, entry_id)
            checklist = uow.get(Checklist, entry.checklist_id)
            name = _resolve_period(entry, checklist, period, today)
            first_day, _last_day = period_bounds(name, entry.frequency, entry.due_month)
            if first_day > today:
                raise ValidationError(
                    "checklist.not_begun",
                    record=describe(ChecklistEntry, entry.id),
                    period=name,
                    first_day=first_day.isoformat(),
                )
            existing = _find_check(uow.session, entry_id, name)
            if existing is None:
                uow.add(
                    Check(
                        entry_id=entry_id,
                        period=name,
                        done_at=utc_now(),
                        done_by=db.user,
                        evidence=clean_text(evidence, "evidence", multiline=True),
                    )
                )
                return name
            if evidence is None:
                raise NothingChanged
            before = snapshot(existing)
            existing.evidence = clean_text(evidence, "evidence", multiline=True)
            if not uow.update(existing, before):
                raise NothingChanged
            return name
    except NothingChanged:
        return name


def uncheck(db: Database, entry_id: int, period: str | None, today: date) -> str:
    """Remove the check of a period (default: the current one); the period's name."""
    with UnitOfWork(db, "checklist.uncheck") as uow:
        entry = uow.get(ChecklistEntry, entry_id)
        checklist = uow.get(Checklist, entry.checklist_id)
        name = _resolve_period(entry, checklist, period, today)
        existing = _find_check(uow.session, entry_id, name)
        if existing is None:
            raise ValidationError(
                "checklist.not_checked", record=describe(ChecklistEntry, entry.id), period=name
            )
        uow.delete(existing)
        return name


def _find_check(session: Session, entry_id: int, period: str) -> Check | None:
    return session.exec(
        select(Check).where(Check.entry_id == entry_id, Check.period == period)
    ).first()


__all__ = ["check", "uncheck"]
