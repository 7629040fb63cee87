"""Responsibility checklists (责任清单): templates, entries, checks, and each period's state.

Every rule about checklists lives here; the period arithmetic itself is `periods.py`
(pure, shared with the quick `status` path). Each function takes the database first, runs
one short read session or one unit of work, and returns plain frozen dataclasses built
inside the session, so callers never touch a live ORM object.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from branchtui.domain.periods import (
    FREQUENCIES,
    SINGLE_PERIOD,
    current_period,
    parse_period,
    period_bounds,
    period_states,
    periods,
)
from branchtui.domain.templates import TEMPLATE_KINDS, TEMPLATES
from branchtui.errors import NotFoundError, ValidationError
from branchtui.i18n import label
from branchtui.storage.database import Database
from branchtui.storage.models import Check, Checklist, ChecklistEntry, utc_now
from branchtui.storage.uow import UnitOfWork, describe, snapshot

KINDS = (*TEMPLATE_KINDS, "custom")
# The entry fields `update_entry` may change.
ENTRY_FIELDS = ("title", "frequency", "due_month", "owner", "note")


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


class _Unchanged(Exception):
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
        entries = uow.session.exec(
            select(ChecklistEntry)
            .where(ChecklistEntry.checklist_id == checklist_id)
            .order_by(col(ChecklistEntry.position), col(ChecklistEntry.id))
        ).all()
        for entry in entries:
            _delete_entry_rows(uow, entry)
        uow.delete(checklist)


# -- entries ----------------------------------------------------------------------------


def _clean_text(value: str | None) -> str | None:
    """Stripped text; an empty string means none."""
    if value is None:
        return None
    return value.strip() or None


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
                owner=_clean_text(owner),
                note=_clean_text(note),
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
                entry.owner = _clean_text(changes["owner"])
            if "note" in changes:
                entry.note = _clean_text(changes["note"])
            if not uow.update(entry, before):
                raise _Unchanged
    except _Unchanged:
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
            siblings = list(
                uow.session.exec(
                    select(ChecklistEntry)
                    .where(ChecklistEntry.checklist_id == entry.checklist_id)
                    .order_by(col(ChecklistEntry.position), col(ChecklistEntry.id))
                ).all()
            )
            siblings.remove(entry)
            index = min(max(to, 1), len(siblings) + 1) - 1
            siblings.insert(index, entry)
            if not _renumber(uow, siblings):
                raise _Unchanged
    except _Unchanged:
        return


def delete_entry(db: Database, entry_id: int) -> None:
    """Delete an entry and its checks (each with its history), closing the gap it leaves."""
    with UnitOfWork(db, "checklist.entry_delete") as uow:
        entry = uow.get(ChecklistEntry, entry_id)
        checklist_id = entry.checklist_id
        _delete_entry_rows(uow, entry)
        rest = uow.session.exec(
            select(ChecklistEntry)
            .where(ChecklistEntry.checklist_id == checklist_id)
            .order_by(col(ChecklistEntry.position), col(ChecklistEntry.id))
        ).all()
        _renumber(uow, list(rest))


def _renumber(uow: UnitOfWork, entries: list[ChecklistEntry]) -> bool:
    changed = False
    for position, entry in enumerate(entries, start=1):
        if entry.position != position:
            before = snapshot(entry)
            entry.position = position
            changed = uow.update(entry, before) or changed
    return changed


def _delete_entry_rows(uow: UnitOfWork, entry: ChecklistEntry) -> None:
    checks = uow.session.exec(
        select(Check).where(Check.entry_id == entry.id).order_by(col(Check.period))
    ).all()
    for check_row in checks:
        uow.delete(check_row)
    uow.delete(entry)


# -- checks -----------------------------------------------------------------------------


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
                        evidence=_clean_text(evidence),
                    )
                )
                return name
            if evidence is None:
                raise _Unchanged
            before = snapshot(existing)
            existing.evidence = _clean_text(evidence)
            if not uow.update(existing, before):
                raise _Unchanged
            return name
    except _Unchanged:
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


# -- reading ----------------------------------------------------------------------------


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
        entries = session.exec(
            select(ChecklistEntry)
            .where(ChecklistEntry.checklist_id == checklist_id)
            .order_by(col(ChecklistEntry.position), col(ChecklistEntry.id))
        ).all()
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
        views = tuple(
            PeriodView(
                period=state.period,
                first_day=state.first_day,
                last_day=state.last_day,
                due=state.due,
                done=state.done,
                overdue=state.overdue,
                evidence=done[state.period].evidence if state.done else None,
                done_at=done[state.period].done_at if state.done else None,
                done_by=done[state.period].done_by if state.done else None,
            )
            for state in states
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
    "ENTRY_FIELDS",
    "KINDS",
    "ChecklistView",
    "EntryView",
    "PeriodView",
    "add_entry",
    "check",
    "default_starts_on",
    "delete_checklist",
    "delete_entry",
    "get_checklist",
    "list_checklists",
    "move_entry",
    "new_blank",
    "new_from_template",
    "uncheck",
    "update_entry",
]
