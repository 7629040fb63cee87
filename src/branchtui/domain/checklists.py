"""Responsibility checklists (责任清单): creating them from templates, and their entries.

Checking entries off is `domain.checks`, reading a checklist with each period's state
`domain.checklist_views`; the period arithmetic itself is `periods.py` (pure, shared with
the quick `status` path). Each function takes the database first and runs one unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlmodel import col, select

from branchtui.domain import record_rules
from branchtui.domain.changes import UNSET, Unset, Written, given
from branchtui.domain.checklist_views import entries_of
from branchtui.domain.ordering import renumber
from branchtui.domain.periods import SINGLE_PERIOD, periods
from branchtui.domain.templates import TEMPLATE_KINDS, TEMPLATES
from branchtui.errors import ValidationError
from branchtui.i18n import label
from branchtui.storage.database import Database
from branchtui.storage.models import Check, Checklist, ChecklistEntry
from branchtui.storage.uow import UnitOfWork, describe, snapshot, values_of

KINDS = (*TEMPLATE_KINDS, "custom")


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
        values = {
            "year": year,
            "kind": kind,
            "title": template.title(year),
            "starts_on": starts_on or default_starts_on(year, today),
        }
        checklist = uow.add(Checklist(**record_rules.checklist(values)))
        assert checklist.id is not None
        for position, entry in enumerate(template.entries, start=1):
            values = {
                "checklist_id": checklist.id,
                "position": position,
                "title": entry.title,
                "frequency": entry.frequency,
                "due_month": entry.due_month,
            }
            uow.add(ChecklistEntry(**record_rules.checklist_entry(values)))
        return checklist.id


def new_blank(
    db: Database, year: int, title: str, today: date, starts_on: date | None = None
) -> int:
    """Create an empty custom checklist for `year`; its id.

    `starts_on` (periods ending before it are not due) must fall in `year`; by default
    today when today is in `year`, else January 1.
    """
    values = record_rules.checklist(
        {
            "year": year,
            "kind": "custom",
            "title": title,
            "starts_on": starts_on or default_starts_on(year, today),
        }
    )
    with UnitOfWork(db, "checklist.new") as uow:
        checklist = uow.add(Checklist(**values))
        assert checklist.id is not None
        return checklist.id


def rename_checklist(
    db: Database, checklist_id: int, title: str, *, expected_version: int | None = None
) -> bool:
    """Give a checklist a new title; False when it already had it (nothing written)."""
    with UnitOfWork(db, "checklist.rename") as uow:
        checklist = uow.get(Checklist, checklist_id)
        uow.check_version(checklist, expected_version)
        before = snapshot(checklist)
        checklist.title = record_rules.checklist({**values_of(checklist), "title": title})["title"]
        uow.update(checklist, before)
    return uow.changed


def delete_checklist(
    db: Database, checklist_id: int, *, expected_version: int | None = None
) -> None:
    """Delete a checklist with its entries and checks, each with its history (undo restores)."""
    with UnitOfWork(db, "checklist.delete") as uow:
        checklist = uow.get(Checklist, checklist_id)
        uow.check_version(checklist, expected_version)
        for entry in entries_of(uow.session, checklist_id):
            _delete_entry_rows(uow, entry)
        uow.delete(checklist)


# -- entries ----------------------------------------------------------------------------


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
    values: dict[str, Any] = {
        "checklist_id": checklist_id,
        "position": 1,
        "title": title,
        "frequency": frequency,
        "due_month": due_month,
        "owner": owner,
        "note": note,
    }
    record_rules.checklist_entry(values)  # refuse bad input before taking the lock
    with UnitOfWork(db, "checklist.entry_add") as uow:
        uow.get(Checklist, checklist_id)
        last = uow.session.exec(
            select(ChecklistEntry.position)
            .where(ChecklistEntry.checklist_id == checklist_id)
            .order_by(col(ChecklistEntry.position).desc())
            .limit(1)
        ).first()
        values["position"] = (last or 0) + 1
        entry = uow.add(ChecklistEntry(**record_rules.checklist_entry(values)))
        assert entry.id is not None
        return entry.id


@dataclass(frozen=True)
class EntryChanges:
    """The fields of a checklist entry to change; UNSET leaves one alone, None clears.

    Changing the frequency moves the due month with it (December for once/yearly, none
    otherwise) unless a due month is given too.
    """

    title: str | Unset = UNSET
    frequency: str | Unset = UNSET
    due_month: int | Unset | None = UNSET
    owner: str | Unset | None = UNSET
    note: str | Unset | None = UNSET


class EntryRef(NamedTuple):
    """An entry as a write left it: what the next write based on it sends."""

    id: int
    version: int


def update_entry(
    db: Database,
    entry_id: int,
    changes: EntryChanges,
    *,
    expected_version: int | None = None,
) -> bool:
    """Change an entry's title, frequency, due month, owner or note; False if nothing changed.

    A new frequency is refused while the entry has checks for periods the new frequency
    does not have (untick them first: nothing is dropped silently).
    """
    return edit_entry(db, entry_id, changes, expected_version=expected_version).changed


def edit_entry(
    db: Database,
    entry_id: int,
    changes: EntryChanges,
    *,
    expected_version: int | None = None,
) -> Written[EntryRef]:
    """`update_entry`, answering with the entry's new version (for a screen's next write)."""
    wanted = given(changes)
    with UnitOfWork(db, "checklist.entry_set") as uow:
        entry = uow.get(ChecklistEntry, entry_id)
        uow.check_version(entry, expected_version)
        values = values_of(entry)
        values.update(wanted)
        frequency = values["frequency"]
        if "due_month" not in wanted and not (
            frequency == entry.frequency
            or (frequency in SINGLE_PERIOD and entry.frequency in SINGLE_PERIOD)
        ):
            values["due_month"] = None
        checked = record_rules.checklist_entry(values)
        if checked["frequency"] != entry.frequency:
            _refuse_orphaned_checks(uow, entry, checked["frequency"])
        before = snapshot(entry)
        for key, value in checked.items():
            if getattr(entry, key) != value:
                setattr(entry, key, value)
        uow.update(entry, before)
        ref = EntryRef(entry_id, entry.version)
    return Written(ref, changed=uow.changed)


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


def move_entry(
    db: Database, entry_id: int, to: int, *, expected_version: int | None = None
) -> bool:
    """Move an entry to position `to` (1-based, clamped to the list), renumbering the rest;
    False when it was there already."""
    return place_entry(db, entry_id, to, expected_version=expected_version).changed


def place_entry(
    db: Database, entry_id: int, to: int, *, expected_version: int | None = None
) -> Written[EntryRef]:
    """`move_entry`, answering with the entry's new version (for a screen's next move)."""
    with UnitOfWork(db, "checklist.entry_move") as uow:
        entry = uow.get(ChecklistEntry, entry_id)
        uow.check_version(entry, expected_version)
        siblings = entries_of(uow.session, entry.checklist_id)
        siblings.remove(entry)
        index = min(max(to, 1), len(siblings) + 1) - 1
        siblings.insert(index, entry)
        renumber(uow, siblings)
        ref = EntryRef(entry_id, entry.version)
    return Written(ref, changed=uow.changed)


def delete_entry(db: Database, entry_id: int, *, expected_version: int | None = None) -> None:
    """Delete an entry and its checks (each with its history), closing the gap it leaves."""
    with UnitOfWork(db, "checklist.entry_delete") as uow:
        entry = uow.get(ChecklistEntry, entry_id)
        uow.check_version(entry, expected_version)
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
    "KINDS",
    "EntryChanges",
    "EntryRef",
    "add_entry",
    "default_starts_on",
    "delete_checklist",
    "delete_entry",
    "edit_entry",
    "move_entry",
    "new_blank",
    "new_from_template",
    "place_entry",
    "rename_checklist",
    "update_entry",
]
