"""Responsibility checklists (责任清单): creating them from templates, and their entries.

Checking entries off is `domain.checks`, reading a checklist with each period's state
`domain.checklist_views`; the period arithmetic itself is `periods.py` (pure, shared with
the quick `status` path). Each function takes the database first and runs one unit of work.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import col, select

from branchtui.domain.checklist_views import entries_of
from branchtui.domain.ordering import renumber
from branchtui.domain.periods import FREQUENCIES, SINGLE_PERIOD, periods
from branchtui.domain.templates import TEMPLATE_KINDS, TEMPLATES
from branchtui.domain.text import clean_text
from branchtui.errors import ValidationError
from branchtui.i18n import label
from branchtui.storage.database import Database
from branchtui.storage.models import Check, Checklist, ChecklistEntry
from branchtui.storage.uow import UnitOfWork, describe, snapshot

KINDS = (*TEMPLATE_KINDS, "custom")
# The entry fields `update_entry` may change.
ENTRY_FIELDS = ("title", "frequency", "due_month", "owner", "note")


class NothingChanged(Exception):
    """Raised inside a unit of work that turns out to change nothing: roll it back.

    A change with no record in it would still show in history and be `undo`'s target.
    """


# -- creating checklists ----------------------------------------------------------------


def default_starts_on(year: int, today: date) -> date:
    """Today when it falls in `year`; otherwise January 1 of `year` (a past year being
    filled in owes all of it, a future year starts with its first day)."""
    return today if today.year == year else date(year, 1, 1)


def new_from_template(
    db: Database, year: int, kind: str, today: date, starts_on: date | None = None
) -> int:
    """Create `year`'s checklist from a DOMAIN.md §4 template with all its entries; its id.

    A year has at most one checklist of each template kind. `starts_on` defaults to
    `default_starts_on` (a checklist set up in July owes nothing for Q1).
    """
    template = TEMPLATES.get(kind)
    if template is None:
        raise ValidationError("checklist.bad_template", value=kind, valid=", ".join(TEMPLATE_KINDS))
    with UnitOfWork(db, "checklist.new") as uow:
        existing = uow.session.exec(
            select(Checklist).where(Checklist.year == year, Checklist.kind == kind)
        ).first()
        if existing is not None:
            raise ValidationError(
                "checklist.duplicate_template",
                year=year,
                kind=label("kind", kind),
                id=existing.id,
                title=existing.title,
            )
        checklist = uow.add(
            Checklist(
                year=year,
                kind=kind,
                title=template.title(year),
                starts_on=starts_on or default_starts_on(year, today),
            )
        )
        assert checklist.id is not None
        for position, entry in enumerate(template.entries, start=1):
            title, frequency, due_month = _entry_values(
                entry.title, entry.frequency, entry.due_month
            )
            uow.add(
                ChecklistEntry(
                    checklist_id=checklist.id,
                    position=position,
                    title=title,
                    frequency=frequency,
                    due_month=due_month,
                )
            )
        return checklist.id


def new_blank(
    db: Database, year: int, title: str, today: date, starts_on: date | None = None
) -> int:
    """Create an empty custom checklist for `year`; its id.

    `starts_on` (periods ending before it are not due) must fall in `year`; by default
    today when today is in `year`, else January 1.
    """
    cleaned = title.strip()
    if not cleaned:
        raise ValidationError("checklist.title_empty")
    if starts_on is None:
        starts_on = default_starts_on(year, today)
    elif starts_on.year != year:
        raise ValidationError(
            "checklist.starts_on_outside_year", date=starts_on.isoformat(), year=year
        )
    with UnitOfWork(db, "checklist.new") as uow:
        checklist = uow.add(Checklist(year=year, kind="custom", title=cleaned, starts_on=starts_on))
        assert checklist.id is not None
        return checklist.id


def delete_checklist(db: Database, checklist_id: int) -> None:
    """Delete a checklist with its entries and checks, each with its history (undo restores)."""
    with UnitOfWork(db, "checklist.delete") as uow:
        checklist = uow.get(Checklist, checklist_id)
        for entry in entries_of(uow.session, checklist_id):
            _delete_entry_rows(uow, entry)
        uow.delete(checklist)


# -- entries ----------------------------------------------------------------------------


def _entry_values(title: str, frequency: str, due_month: int | None) -> tuple[str, str, int | None]:
    """An entry's title, frequency and due month, checked and normalised.

    `due_month` belongs to once/yearly entries only (December when not given); for any
    other frequency giving one is an error rather than silently dropped.
    """
    cleaned = title.strip()
    if not cleaned:
        raise ValidationError("checklist.entry_title_empty")
    if frequency not in FREQUENCIES:
        raise ValidationError("period.bad_frequency", value=frequency, valid=", ".join(FREQUENCIES))
    if frequency in SINGLE_PERIOD:
        if due_month is None:
            due_month = 12
        elif isinstance(due_month, bool) or not 1 <= due_month <= 12:
            raise ValidationError("period.bad_due_month", value=due_month)
    elif due_month is not None:
        raise ValidationError(
            "checklist.due_month_not_single",
            frequency=label("frequency", frequency),
            once=label("frequency", "once"),
            yearly=label("frequency", "yearly"),
        )
    return cleaned, frequency, due_month


def add_entry(
    db: Database,
    checklist_id: int,
    title: str,
    frequency: str,
    due_month: int | None = None,
    owner: str | None = None,
    note: str | None = None,
) -> int:
    """Append an entry to a checklist; its id."""
    title, frequency, due_month = _entry_values(title, frequency, due_month)
    with UnitOfWork(db, "checklist.entry_add") as uow:
        uow.get(Checklist, checklist_id)
        last = uow.session.exec(
            select(ChecklistEntry.position)
            .where(ChecklistEntry.checklist_id == checklist_id)
            .order_by(col(ChecklistEntry.position).desc())
            .limit(1)
        ).first()
        entry = uow.add(
            ChecklistEntry(
                checklist_id=checklist_id,
                position=(last or 0) + 1,
                title=title,
                frequency=frequency,
                due_month=due_month,
                owner=clean_text(owner, "owner"),
                note=clean_text(note, "note", multiline=True),
            )
        )
        assert entry.id is not None
        return entry.id


def update_entry(
    db: Database,
    entry_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> bool:
    """Change an entry's title, frequency, due month, owner or note; False if nothing changed.

    Changing the frequency moves the due month with it (December for once/yearly, none
    otherwise) unless `changes` names one; it is refused while the entry has checks for
    periods the new frequency does not have (untick them first: nothing is dropped silently).
    An empty owner or note clears it.
    """
    unknown = sorted(set(changes) - set(ENTRY_FIELDS))
    if unknown:
        raise ValidationError(
            "checklist.bad_field", name=", ".join(unknown), valid=", ".join(ENTRY_FIELDS)
        )
    try:
        with UnitOfWork(db, "checklist.entry_set") as uow:
            entry = uow.get(ChecklistEntry, entry_id)
            uow.check_version(entry, expected_version)
            frequency = str(changes.get("frequency", entry.frequency))
            if "due_month" in changes:
                due_month = changes["due_month"]
            elif frequency == entry.frequency or (
                frequency in SINGLE_PERIOD and entry.frequency in SINGLE_PERIOD
            ):
                due_month = entry.due_month
            else:
                due_month = None
            title, frequency, due_month = _entry_values(
                str(changes.get("title", entry.title)), frequency, due_month
            )
            if frequency != entry.frequency:
                _refuse_orphaned_checks(uow, entry, frequency)
            before = snapshot(entry)
            entry.title = title
            entry.frequency = frequency
            entry.due_month = due_month
            if "owner" in changes:
                entry.owner = clean_text(changes["owner"], "owner")
            if "note" in changes:
                entry.note = clean_text(changes["note"], "note", multiline=True)
            if not uow.update(entry, before):
                raise NothingChanged
    except NothingChanged:
        return False
    return True


def _refuse_orphaned_checks(uow: UnitOfWork, entry: ChecklistEntry, frequency: str) -> None:
    checklist = uow.get(Checklist, entry.checklist_id)
    valid = set(periods(frequency, checklist.year))
    checked = uow.session.exec(
        select(Check.period).where(Check.entry_id == entry.id).order_by(col(Check.period))
    ).all()
    orphaned = [period for period in checked if period not in valid]
    if orphaned:
        raise ValidationError(
            "checklist.frequency_has_checks",
            record=describe(ChecklistEntry, entry.id),
            periods=", ".join(orphaned),
            frequency=label("frequency", frequency),
        )


def move_entry(db: Database, entry_id: int, to: int) -> None:
    """Move an entry to position `to` (1-based, clamped to the list), renumbering the rest."""
    try:
        with UnitOfWork(db, "checklist.entry_move") as uow:
            entry = uow.get(ChecklistEntry, entry_id)
            siblings = entries_of(uow.session, entry.checklist_id)
            siblings.remove(entry)
            index = min(max(to, 1), len(siblings) + 1) - 1
            siblings.insert(index, entry)
            if not renumber(uow, siblings):
                raise NothingChanged
    except NothingChanged:
        return


def delete_entry(db: Database, entry_id: int) -> None:
    """Delete an entry and its checks (each with its history), closing the gap it leaves."""
    with UnitOfWork(db, "checklist.entry_delete") as uow:
        entry = uow.get(ChecklistEntry, entry_id)
        checklist_id = entry.checklist_id
        _delete_entry_rows(uow, entry)
        renumber(uow, entries_of(uow.session, checklist_id))


def _delete_entry_rows(uow: UnitOfWork, entry: ChecklistEntry) -> None:
    checks = uow.session.exec(
        select(Check).where(Check.entry_id == entry.id).order_by(col(Check.period))
    ).all()
    for check_row in checks:
        uow.delete(check_row)
    uow.delete(entry)


__all__ = [
    "ENTRY_FIELDS",
    "KINDS",
    "NothingChanged",
    "add_entry",
    "default_starts_on",
    "delete_checklist",
    "delete_entry",
    "move_entry",
    "new_blank",
    "new_from_template",
    "update_entry",
]
