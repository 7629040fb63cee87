"""Opening a year (`year start YEAR`): last year's checklists again and its unfinished work.

What a branch does every January, as one change that one `undo` takes back:
- every checklist of the year before is made again for YEAR — its entries with their
  frequencies, due months, owners and notes, no ticks — starting on January 1st; a title
  naming the old year names the new one ("2024年意识形态工作责任制清单" → "2025年…");
- every item of the year before that is not done or cancelled is carried over as a new
  item of YEAR, numbered after YEAR's own, with its title, detail, category, owner and
  status, its open steps (without last year's due dates) and its progress when it has no
  open steps left; `carried_from` names the old item, which stays as it was (its detail
  says where it went: `items.ItemView.carried_to`).
Nothing is made twice: a checklist whose kind (a template's) or title (a custom one) YEAR
already has is left out, and so is an item already carried over (by `carried_from`).
Every record goes through the record rules, as any command's. `preview=True` works out
the same and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from branchtui.domain import record_rules
from branchtui.domain.checklist_views import entries_of
from branchtui.domain.dates import CLOSED_STATUSES
from branchtui.domain.item_rules import effective_progress
from branchtui.domain.steps import steps_of
from branchtui.domain.templates import TEMPLATE_KINDS
from branchtui.storage.database import Database
from branchtui.storage.models import Checklist, ChecklistEntry, PlanItem, Step, utc_now
from branchtui.storage.uow import UnitOfWork


@dataclass(frozen=True)
class CopiedChecklist:
    """A checklist of last year made again for the new one."""

    source_id: int
    title: str
    kind: str
    entries: int
    starts_on: date
    id: int | None = None  # once written


@dataclass(frozen=True)
class CarriedItem:
    """An unfinished item of last year carried over as a new item."""

    source_id: int
    source_number: int
    title: str
    number: int  # its 序号 in the new year
    steps: int  # open steps carried with it
    id: int | None = None  # once written


@dataclass(frozen=True)
class YearStart:
    """What opening a year makes (or, previewed, would make) and what it leaves out as
    already there."""

    year: int
    checklists: tuple[CopiedChecklist, ...]
    items: tuple[CarriedItem, ...]
    checklists_there: tuple[str, ...]  # titles of last year's lists the year already has
    items_there: int  # unfinished items already carried over

    @property
    def empty(self) -> bool:
        """Nothing to make."""
        return not self.checklists and not self.items


Made = TypeVar("Made", CopiedChecklist, CarriedItem)


def start_year(db: Database, year: int, *, preview: bool = False) -> YearStart:
    """Open `year` from the year before it as one change ("year.start"); with `preview`,
    what it would make, writing nothing."""
    if preview:
        with db.read() as session:
            return _Opening(session, year).plan()
    with UnitOfWork(db, "year.start") as uow:
        opening = _Opening(uow.session, year)
        planned = opening.plan()
        return opening.write(uow, planned)


class _Opening:
    """Works out a year's opening in a session, and writes it in a unit of work."""

    def __init__(self, session: Session, year: int) -> None:
        self.session = session
        self.year = year
        self.starts_on = date(year, 1, 1)

    # -- what it makes -----------------------------------------------------------------------
    def plan(self) -> YearStart:
        present = self.session.exec(select(Checklist).where(Checklist.year == self.year)).all()
        kinds = {c.kind for c in present if c.kind in TEMPLATE_KINDS}
        titles = {c.title for c in present if c.kind not in TEMPLATE_KINDS}
        copies, there = [], []
        for source in self._checklists(self.year - 1):
            title = self._title(source.title)
            if source.kind in kinds or (source.kind not in TEMPLATE_KINDS and title in titles):
                there.append(source.title)
                continue
            assert source.id is not None
            entries = len(entries_of(self.session, source.id))
            copies.append(CopiedChecklist(source.id, title, source.kind, entries, self.starts_on))
        carried, done_before = [], 0
        number = self._last_number()
        for item in self._unfinished(self.year - 1):
            if self._carried_already(item.uid):
                done_before += 1
                continue
            assert item.id is not None
            number += 1
            open_steps = sum(1 for s in steps_of(self.session, item.id) if not s.done)
            carried.append(CarriedItem(item.id, item.number, item.title, number, open_steps))
        return YearStart(self.year, tuple(copies), tuple(carried), tuple(there), done_before)

    def _checklists(self, year: int) -> Sequence[Checklist]:
        return self.session.exec(
            select(Checklist).where(Checklist.year == year).order_by(col(Checklist.id))
        ).all()

    def _unfinished(self, year: int) -> Sequence[PlanItem]:
        return self.session.exec(
            select(PlanItem)
            .where(PlanItem.year == year, col(PlanItem.status).not_in(CLOSED_STATUSES))
            .order_by(col(PlanItem.number), col(PlanItem.id))
        ).all()

    def _carried_already(self, uid: str) -> bool:
        found = self.session.exec(select(PlanItem.id).where(PlanItem.carried_from == uid))
        return found.first() is not None

    def _last_number(self) -> int:
        query = select(func.max(PlanItem.number)).where(PlanItem.year == self.year)
        return int(self.session.exec(query).one() or 0)

    def _title(self, title: str) -> str:
        """Last year's title naming the new year where it named the old one."""
        return title.replace(str(self.year - 1), str(self.year))

    # -- writing it --------------------------------------------------------------------------
    def write(self, uow: UnitOfWork, planned: YearStart) -> YearStart:
        copies = tuple(self._copy(uow, c) for c in planned.checklists)
        items = tuple(self._carry(uow, c) for c in planned.items)
        return YearStart(planned.year, copies, items, planned.checklists_there, planned.items_there)

    def _copy(self, uow: UnitOfWork, copy: CopiedChecklist) -> CopiedChecklist:
        values = {"year": self.year, "kind": copy.kind, "title": copy.title}
        checklist = uow.add(
            Checklist(**record_rules.checklist({**values, "starts_on": copy.starts_on}))
        )
        assert checklist.id is not None
        for entry in entries_of(self.session, copy.source_id):
            row: dict[str, Any] = {
                "checklist_id": checklist.id,
                "position": entry.position,
                "title": entry.title,
                "frequency": entry.frequency,
                "due_month": entry.due_month,
                "owner": entry.owner,
                "note": entry.note,
            }
            uow.add(ChecklistEntry(**record_rules.checklist_entry(row)))
        return _with_id(copy, checklist.id)

    def _carry(self, uow: UnitOfWork, carried: CarriedItem) -> CarriedItem:
        old = uow.get(PlanItem, carried.source_id)
        steps = steps_of(self.session, carried.source_id)
        now, who = utc_now(), uow.db.user
        open_steps = [
            record_rules.step({"title": s.title, "position": n, "done": False}, who=who, now=now)
            for n, s in enumerate((s for s in steps if not s.done), start=1)
        ]
        done = sum(1 for s in steps if s.done)
        values = {
            "year": self.year,
            "number": carried.number,
            "title": old.title,
            "detail": old.detail,
            "category": old.category,
            "owner_id": old.owner_id,
            "owner_text": old.owner_text,
            "status": old.status,
            # with no open step left, how far it got (its steps' progress, or by hand)
            "progress": 0 if open_steps else effective_progress(old.progress, done, len(steps)),
            "carried_from": old.uid,
        }
        item = uow.add(PlanItem(**record_rules.plan_item(values, open_steps, who=who, now=now)))
        assert item.id is not None
        for row in open_steps:
            uow.add(Step(item_id=item.id, **row))
        return _with_id(carried, item.id)


def _with_id(record: Made, new_id: int) -> Made:
    return replace(record, id=new_id)


__all__ = ["CarriedItem", "CopiedChecklist", "YearStart", "start_year"]
