"""Steps (分解任务) of a plan item as people see them, and an item's steps in order.

Changing steps is `domain.step_changes`; an item with steps takes its progress from them
(`item_rules.effective_progress`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from branchtui.storage.models import Step


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
    version: int = 1


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
        step.version,
    )


def steps_of(session: Session, item_id: int) -> list[Step]:
    """An item's steps in their order."""
    return list(
        session.exec(
            select(Step).where(Step.item_id == item_id).order_by(col(Step.position), col(Step.id))
        ).all()
    )
