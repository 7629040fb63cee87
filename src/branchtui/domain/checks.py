"""Checking off checklist entries (责任清单): one check per entry and period, with evidence.

A period is named as `periods.parse_period` reads it; by default the one containing today.
A caller that shows a cell passes what it saw there (`CheckSeen`): when someone else has
ticked, unticked or re-written that cell since, the write is a ConflictError naming who,
and nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from branchtui.domain import record_rules
from branchtui.domain.changes import Written
from branchtui.domain.checklist_year import PeriodView, period_view
from branchtui.domain.periods import current_period, parse_period, period_bounds, period_state
from branchtui.errors import ValidationError
from branchtui.storage.database import Database
from branchtui.storage.models import Check, Checklist, ChecklistEntry, utc_now
from branchtui.storage.uow import UnitOfWork, conflict_for, describe, snapshot, values_of


@dataclass(frozen=True)
class CheckSeen:
    """What a cell showed when the user acted: its check's uid (None: not ticked) and
    evidence."""

    uid: str | None
    evidence: str | None = None


def _resolve_period(
    entry: ChecklistEntry, checklist: Checklist, period: str | None, today: date
) -> str:
    """The canonical period a user meant; by default the one containing today."""
    if period is None or not period.strip():
        return current_period(entry.frequency, checklist.year, today)
    return parse_period(period, entry.frequency, checklist.year)


def _refuse_if_moved_on(
    session: Session, entry: ChecklistEntry, existing: Check | None, seen: CheckSeen | None
) -> None:
    if seen is None:
        return
    now_uid = existing.uid if existing is not None else None
    now_evidence = existing.evidence if existing is not None else None
    if (now_uid, now_evidence) == (seen.uid, seen.evidence if seen.uid else None):
        return
    uid = now_uid or seen.uid
    if uid is not None:
        raise conflict_for(session, Check, existing.id if existing else None, uid)
    raise conflict_for(session, ChecklistEntry, entry.id, entry.uid)


def check(
    db: Database,
    entry_id: int,
    period: str | None,
    today: date,
    evidence: str | None = None,
    *,
    seen: CheckSeen | None = None,
) -> Written[str]:
    """Record an entry as done for a period (default: the current one); the period's name.

    A period that has not begun is refused: it is not due yet. Checking a period that is
    already checked keeps its check and replaces the evidence when some is given (an
    empty text clears it); with nothing new it writes nothing (`changed` False).
    """
    written = check_cell(db, entry_id, period, today, evidence, seen=seen)
    return Written(written.view.period, changed=written.changed)


def check_cell(
    db: Database,
    entry_id: int,
    period: str | None,
    today: date,
    evidence: str | None = None,
    *,
    seen: CheckSeen | None = None,
) -> Written[PeriodView]:
    """`check`, answering with the cell as it now is (its check's uid, who, when): a grid
    redraws the cell from this without reading the checklist again."""
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
        _refuse_if_moved_on(uow.session, entry, existing, seen)
        entry_values = values_of(entry)
        if existing is None:
            values = {"entry_id": entry_id, "period": name, "evidence": evidence}
            row = record_rules.checklist_check(
                values, entry_values, checklist.year, who=db.user, now=utc_now()
            )
            existing = uow.add(Check(**row))
        elif evidence is not None:
            before = snapshot(existing)
            row = record_rules.checklist_check(
                {**values_of(existing), "evidence": evidence},
                entry_values,
                checklist.year,
                who=db.user,
                now=utc_now(),
            )
            existing.evidence = row["evidence"]
            uow.update(existing, before)
        cell = _cell(entry, checklist, name, today, existing)
    return Written(cell, changed=uow.changed)


def uncheck(
    db: Database,
    entry_id: int,
    period: str | None,
    today: date,
    *,
    seen: CheckSeen | None = None,
) -> Written[str]:
    """Remove the check of a period (default: the current one); the period's name."""
    return Written(uncheck_cell(db, entry_id, period, today, seen=seen).view.period)


def uncheck_cell(
    db: Database,
    entry_id: int,
    period: str | None,
    today: date,
    *,
    seen: CheckSeen | None = None,
) -> Written[PeriodView]:
    """`uncheck`, answering with the cell as it now is."""
    with UnitOfWork(db, "checklist.uncheck") as uow:
        entry = uow.get(ChecklistEntry, entry_id)
        checklist = uow.get(Checklist, entry.checklist_id)
        name = _resolve_period(entry, checklist, period, today)
        existing = _find_check(uow.session, entry_id, name)
        _refuse_if_moved_on(uow.session, entry, existing, seen)
        if existing is None:
            raise ValidationError(
                "checklist.not_checked", record=describe(ChecklistEntry, entry.id), period=name
            )
        uow.delete(existing)
        cell = _cell(entry, checklist, name, today, None)
    return Written(cell)


def _cell(
    entry: ChecklistEntry, checklist: Checklist, period: str, today: date, row: Check | None
) -> PeriodView:
    state = period_state(
        period, entry.frequency, entry.due_month, checklist.starts_on, today, row is not None
    )
    return period_view(state, row)


def _find_check(session: Session, entry_id: int, period: str) -> Check | None:
    return session.exec(
        select(Check).where(Check.entry_id == entry_id, Check.period == period)
    ).first()


__all__ = ["CheckSeen", "check", "check_cell", "uncheck", "uncheck_cell"]
