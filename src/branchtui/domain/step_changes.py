"""Changing the steps of a plan item: add, tick and untick, edit, move, delete.

Each is one unit of work with the version check of the caller's view, the step's rules
(`record_rules.step`) and the item's rule re-applied with its new steps
(`item_changes.store_with_steps`): a ticked step starts a `todo` item, an added or unticked
step reopens a done one, the last ticked step suggests marking the item done — each
reported as a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from branchtui.domain import record_rules
from branchtui.domain.changes import UNSET, Notice, Unset, Written, given
from branchtui.domain.item_changes import store_with_steps
from branchtui.domain.ordering import renumber
from branchtui.domain.steps import StepView, step_view, steps_of
from branchtui.errors import ValidationError
from branchtui.storage.database import Database
from branchtui.storage.models import PlanItem, Step, utc_now
from branchtui.storage.uow import UnitOfWork, snapshot, values_of


@dataclass(frozen=True)
class StepChanges:
    """The fields of a step to change; UNSET leaves one alone, None clears the due date."""

    title: str | Unset = UNSET
    due: date | Unset | None = UNSET


def _store(uow: UnitOfWork, step: Step, values: dict[str, Any]) -> None:
    checked = record_rules.step(values, who=uow.db.user, now=utc_now())
    for key, value in checked.items():
        if getattr(step, key) != value:
            setattr(step, key, value)


def add_step(db: Database, item_id: int, title: str, due: date | None = None) -> Written[StepView]:
    """Add a step at the end of the item's list (a done item reopens: it has open work)."""
    notices: list[Notice] = []
    with UnitOfWork(db, "task.add") as uow:
        item = uow.get(PlanItem, item_id)
        last = uow.session.exec(
            select(func.max(Step.position)).where(Step.item_id == item_id)
        ).one()
        values = {"item_id": item_id, "position": int(last or 0) + 1, "title": title, "due": due}
        step = Step(**record_rules.step(values, who=db.user, now=utc_now()))
        uow.add(step)
        store_with_steps(uow, item, notices)
        return Written(step_view(step), notices=tuple(notices))


def tick_step(
    db: Database, step_id: int, done: bool = True, *, expected_version: int | None = None
) -> Written[StepView]:
    """Tick (or untick) a step; the item's status and progress follow its steps."""
    notices: list[Notice] = []
    with UnitOfWork(db, "task.done" if done else "task.untick") as uow:
        step = uow.get(Step, step_id, "step")
        uow.check_version(step, expected_version)
        if step.done == done:
            return Written(step_view(step), changed=False)
        before = snapshot(step)
        values = values_of(step)
        values.update(done=done, done_at=None, done_by=None)
        _store(uow, step, values)
        uow.update(step, before)
        store_with_steps(uow, uow.get(PlanItem, step.item_id), notices)
        return Written(step_view(step), notices=tuple(notices))


def update_step(
    db: Database, step_id: int, changes: StepChanges, *, expected_version: int | None = None
) -> Written[StepView]:
    """Change a step's title or due date."""
    with UnitOfWork(db, "task.set") as uow:
        step = uow.get(Step, step_id, "step")
        uow.check_version(step, expected_version)
        before = snapshot(step)
        values = values_of(step)
        values.update(given(changes))
        _store(uow, step, values)
        uow.update(step, before)
        view = step_view(step)
    return Written(view, changed=uow.changed)


def move_step(
    db: Database, step_id: int, to: int, *, expected_version: int | None = None
) -> Written[StepView]:
    """Move a step to position `to` within its item."""
    with UnitOfWork(db, "task.move") as uow:
        step = uow.get(Step, step_id, "step")
        uow.check_version(step, expected_version)
        siblings = [s for s in steps_of(uow.session, step.item_id) if s.id != step.id]
        if not 1 <= to <= len(siblings) + 1:
            raise ValidationError("item.bad_step_position", value=to, last=len(siblings) + 1)
        siblings.insert(to - 1, step)
        renumber(uow, siblings)
        view = step_view(step)
    return Written(view, changed=uow.changed)


def delete_step(
    db: Database, step_id: int, *, expected_version: int | None = None
) -> Written[StepView]:
    """Delete a step; the steps after it move up, the item follows its remaining steps."""
    notices: list[Notice] = []
    with UnitOfWork(db, "task.delete") as uow:
        step = uow.get(Step, step_id, "step")
        uow.check_version(step, expected_version)
        view = step_view(step)
        item = uow.get(PlanItem, step.item_id)
        uow.delete(step)
        renumber(uow, steps_of(uow.session, step.item_id))
        store_with_steps(uow, item, notices)
    return Written(view, notices=tuple(notices))


__all__ = ["StepChanges", "add_step", "delete_step", "move_step", "tick_step", "update_step"]
