"""Steps (分解任务) of a plan item: adding, ticking, moving, and their views.

An item with steps takes its progress from them (`item_rules.effective_progress`); the
item rules that close open steps when an item is done are in `domain.items`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from branchtui.domain.item_rules import check_title
from branchtui.domain.ordering import renumber
from branchtui.errors import ValidationError
from branchtui.storage.database import Database
from branchtui.storage.models import PlanItem, Step, utc_now
from branchtui.storage.uow import UnitOfWork, snapshot


@dataclass(frozen=True)
class StepView:
    """A step as shown and exported."""

    id: int
    uid: str
    position: int
    title: str
    done: bool
    done_at: datetime | None
    done_by: str | None
    due: date | None


def step_view(step: Step) -> StepView:
    """The view of a stored step (call inside its session)."""
    assert step.id is not None
    return StepView(
        step.id,
        step.uid,
        step.position,
        step.title,
        step.done,
        step.done_at,
        step.done_by,
        step.due,
    )


def steps_of(session: Session, item_id: int) -> list[Step]:
    """An item's steps in their order."""
    return list(
        session.exec(
            select(Step).where(Step.item_id == item_id).order_by(col(Step.position), col(Step.id))
        ).all()
    )


def add_step(db: Database, item_id: int, title: str, due: date | None = None) -> int:
    """Add a step at the end of the item's list; return its id."""
    title = check_title(title)
    with UnitOfWork(db, "task.add") as uow:
        uow.get(PlanItem, item_id)
        last = uow.session.exec(
            select(func.max(Step.position)).where(Step.item_id == item_id)
        ).one()
        step = uow.add(Step(item_id=item_id, position=int(last or 0) + 1, title=title, due=due))
        assert step.id is not None
        return step.id


def tick_step(db: Database, step_id: int, done: bool = True) -> StepView:
    """Tick (or untick) a step; the item's progress follows."""
    with UnitOfWork(db, "task.done" if done else "task.untick") as uow:
        step = uow.get(Step, step_id, "step")
        before = snapshot(step)
        step.done = done
        step.done_at = utc_now() if done else None
        step.done_by = uow.db.user if done else None
        uow.update(step, before)
        return step_view(step)


def move_step(db: Database, step_id: int, to: int) -> StepView:
    """Move a step to position `to` within its item."""
    with UnitOfWork(db, "task.move") as uow:
        step = uow.get(Step, step_id, "step")
        siblings = [s for s in steps_of(uow.session, step.item_id) if s.id != step.id]
        if not 1 <= to <= len(siblings) + 1:
            raise ValidationError("item.bad_step_position", value=to, last=len(siblings) + 1)
        siblings.insert(to - 1, step)
        renumber(uow, siblings)
        return step_view(step)
