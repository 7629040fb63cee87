"""Plan items (工作事项) as people see them: the year's list and one item with its steps.

Changing items is `domain.item_changes`; steps are `domain.steps`; the codes, the `space`
cycle and progress from steps are `domain.item_rules` (pure).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Integer, cast, func
from sqlmodel import Session, col, select

from branchtui.domain.dates import is_overdue
from branchtui.domain.item_rules import (
    check_status,
    effective_progress,
)
from branchtui.domain.steps import StepView, step_view, steps_of
from branchtui.storage.database import Database
from branchtui.storage.models import Member, PlanItem, Step


class ItemRef(NamedTuple):
    """Another plan item as an item names it: the one it continues or its continuation."""

    id: int
    year: int
    number: int
    title: str


@dataclass(frozen=True)
class ItemView:
    """A plan item with what is derived from it: owner name, step counts, progress, overdue."""

    id: int
    uid: str
    year: int
    number: int
    title: str
    category: str
    owner: str | None
    owner_id: int | None
    owner_text: str | None
    due: date | None
    status: str
    progress: int
    tasks_done: int
    tasks_total: int
    updated_at: datetime
    detail: str | None
    evidence: str | None
    completed_at: datetime | None
    completed_by: str | None
    created_at: datetime
    version: int
    overdue: bool
    steps: tuple[StepView, ...] = ()
    carried_from: str | None = None  # the uid of last year's item it continues
    # filled by `get_item` only: that item, and the items of later years continuing this one
    source: ItemRef | None = None
    carried_to: tuple[ItemRef, ...] = ()


# -- reading -------------------------------------------------------------------------------
def _step_counts(session: Session, item_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    counts: dict[int, tuple[int, int]] = {}
    if not item_ids:
        return counts
    rows = session.exec(
        select(col(Step.item_id), func.count(), func.sum(cast(col(Step.done), Integer)))
        .where(col(Step.item_id).in_(item_ids))
        .group_by(col(Step.item_id))
    ).all()
    for item_id, total, done in rows:
        counts[item_id] = (int(done or 0), int(total))
    return counts


def _owner_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Member.id, Member.name).where(col(Member.id).in_(ids))).all()
    return {member_id: name for member_id, name in rows if member_id is not None}


def _view(
    item: PlanItem,
    owners: Mapping[int, str],
    counts: tuple[int, int],
    today: date,
    steps: Sequence[Step] = (),
) -> ItemView:
    done, total = counts
    assert item.id is not None
    owner = owners.get(item.owner_id) if item.owner_id is not None else item.owner_text
    return ItemView(
        id=item.id,
        uid=item.uid,
        year=item.year,
        number=item.number,
        title=item.title,
        category=item.category,
        owner=owner,
        owner_id=item.owner_id,
        owner_text=item.owner_text,
        due=item.due,
        status=item.status,
        progress=effective_progress(item.progress, done, total),
        tasks_done=done,
        tasks_total=total,
        updated_at=item.updated_at,
        detail=item.detail,
        evidence=item.evidence,
        completed_at=item.completed_at,
        completed_by=item.completed_by,
        created_at=item.created_at,
        version=item.version,
        overdue=is_overdue(item.due, item.status, today),
        steps=tuple(step_view(step) for step in steps),
        carried_from=item.carried_from,
    )


def list_items(db: Database, year: int, today: date, status: str | None = None) -> list[ItemView]:
    """The year's items in 序号 order, optionally of one status."""
    with db.read() as session:
        query = select(PlanItem).where(PlanItem.year == year)
        if status is not None:
            query = query.where(PlanItem.status == check_status(status))
        items = session.exec(query.order_by(col(PlanItem.number), col(PlanItem.id))).all()
        counts = _step_counts(session, [item.id for item in items if item.id is not None])
        owners = _owner_names(session, {i.owner_id for i in items if i.owner_id is not None})
        return [_view(i, owners, counts.get(i.id or 0, (0, 0)), today) for i in items]


def get_item(db: Database, item_id: int, today: date) -> ItemView:
    """One item with its steps."""
    with db.read() as session:
        item = session.get(PlanItem, item_id)
        if item is None:
            from branchtui.errors import NotFoundError
            from branchtui.storage.uow import describe

            raise NotFoundError("record.not_found", record=describe(PlanItem, item_id))
        return item_view_in(session, item, today)


def item_view_in(session: Session, item: PlanItem, today: date) -> ItemView:
    """The view of `item` with its steps and owner, read in `session`."""
    assert item.id is not None
    steps = steps_of(session, item.id)
    counts = (sum(1 for s in steps if s.done), len(steps))
    owners = _owner_names(session, {item.owner_id} if item.owner_id is not None else set())
    view = _view(item, owners, counts, today, steps)
    later = session.exec(select(PlanItem).where(PlanItem.carried_from == item.uid)).all()
    source = None
    if item.carried_from is not None:
        source = session.exec(select(PlanItem).where(PlanItem.uid == item.carried_from)).first()
    return replace(
        view,
        source=_ref(source) if source is not None else None,
        carried_to=tuple(_ref(i) for i in sorted(later, key=lambda i: (i.year, i.number))),
    )


def _ref(item: PlanItem) -> ItemRef:
    assert item.id is not None
    return ItemRef(item.id, item.year, item.number, item.title)
