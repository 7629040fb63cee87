"""Plan items (工作事项): numbering, owners, statuses, progress, completion.

The rules of SPEC §4 live here, shared by the command line and the app: an item with steps
takes its progress from them (done / all, rounded down) and refuses progress by hand;
`done` sets progress 100 and who/when, and is refused while steps are open unless the
caller closes them too; leaving `done` clears completion. `space` in the app calls
`advance_status`, whose cycle is `next_status`. Steps themselves are `domain.steps`; the
codes and their checks are `domain.item_rules`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, cast, func
from sqlmodel import Session, col, select

from branchtui.domain.dates import is_overdue
from branchtui.domain.item_rules import (
    check_category,
    check_status,
    check_title,
    effective_progress,
    next_status,
)
from branchtui.domain.ordering import renumber
from branchtui.domain.steps import StepView, step_view, steps_of
from branchtui.errors import ValidationError
from branchtui.storage.database import Database
from branchtui.storage.models import Member, PlanItem, Step, utc_now
from branchtui.storage.uow import UnitOfWork, snapshot


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
        return _item_view(session, item, today)


def _item_view(session: Session, item: PlanItem, today: date) -> ItemView:
    assert item.id is not None
    steps = steps_of(session, item.id)
    counts = (sum(1 for s in steps if s.done), len(steps))
    owners = _owner_names(session, {item.owner_id} if item.owner_id is not None else set())
    return _view(item, owners, counts, today, steps)


# -- writing -------------------------------------------------------------------------------
def _resolve_owner(session: Session, owner: str) -> int:
    from branchtui.domain.members import resolve_member

    member = resolve_member(session, owner)
    assert member.id is not None
    return member.id


def add_item(
    db: Database,
    year: int,
    title: str,
    *,
    due: date | None = None,
    owner: str | None = None,
    owner_text: str | None = None,
    category: str = "other",
    detail: str | None = None,
    status: str = "todo",
) -> int:
    """Add an item at the end of the year's 序号 order; return its id."""
    title = check_title(title)
    check_category(category)
    check_status(status)
    with UnitOfWork(db, "item.add") as uow:
        number = _last_number(uow.session, year) + 1
        item = PlanItem(
            year=year,
            number=number,
            title=title,
            detail=detail or None,
            category=category,
            owner_id=_resolve_owner(uow.session, owner) if owner else None,
            owner_text=owner_text or None,
            due=due,
            status=status,
        )
        uow.add(item)
        assert item.id is not None
        return item.id


def _last_number(session: Session, year: int) -> int:
    value = session.exec(select(func.max(PlanItem.number)).where(PlanItem.year == year)).one()
    return int(value or 0)


def update_item(
    db: Database,
    item_id: int,
    changes: Mapping[str, Any],
    today: date,
    *,
    expected_version: int | None = None,
    close_steps: bool = False,
) -> ItemView:
    """Apply `changes` (keys: title detail category owner owner_text due status progress
    evidence number) as one change; every rule of SPEC §4 is checked before anything is
    written."""
    with UnitOfWork(db, "item.set") as uow:
        item = uow.get(PlanItem, item_id)
        uow.check_version(item, expected_version)
        before = snapshot(item)
        steps = steps_of(uow.session, item_id)
        for key, value in changes.items():
            _apply(uow, item, steps, key, value, close_steps)
        if "number" in changes and changes["number"] is not None:
            _renumber(uow, item, int(changes["number"]))
        uow.update(item, before)
        return _item_view(uow.session, item, today)


def _apply(
    uow: UnitOfWork, item: PlanItem, steps: list[Step], key: str, value: Any, close: bool
) -> None:
    if key == "title":
        item.title = check_title(value)
    elif key in ("detail", "evidence", "owner_text"):
        setattr(item, key, value or None)
    elif key == "category":
        item.category = check_category(value)
    elif key == "owner":
        item.owner_id = _resolve_owner(uow.session, value) if value else None
    elif key == "due":
        item.due = value
    elif key == "progress":
        _set_progress(item, steps, int(value))
    elif key == "status":
        _set_status(uow, item, steps, check_status(value), close)
    elif key == "number":
        pass  # after the other fields: see _renumber
    else:
        raise ValueError(f"unknown plan item field {key!r}")


def _set_progress(item: PlanItem, steps: Sequence[Step], progress: int) -> None:
    if steps:
        raise ValidationError("item.progress_from_steps", count=len(steps))
    if not 0 <= progress <= 100:
        raise ValidationError("item.progress_range", value=progress)
    item.progress = progress


def _set_status(
    uow: UnitOfWork, item: PlanItem, steps: Sequence[Step], status: str, close: bool
) -> None:
    if status == item.status:
        return
    if status == "done":
        open_steps = [step for step in steps if not step.done]
        if open_steps and not close:
            raise ValidationError("item.open_steps", count=len(open_steps))
        for step in open_steps:
            step_before = snapshot(step)
            step.done, step.done_at, step.done_by = True, utc_now(), uow.db.user
            uow.update(step, step_before)
        item.progress = 100
        item.completed_at = utc_now()
        item.completed_by = uow.db.user
    elif item.status == "done":
        item.completed_at = None
        item.completed_by = None
    item.status = status


def _renumber(uow: UnitOfWork, item: PlanItem, number: int) -> None:
    """Move `item` to 序号 `number`, shifting the items between (one change)."""
    siblings = list(
        uow.session.exec(
            select(PlanItem)
            .where(PlanItem.year == item.year, PlanItem.id != item.id)
            .order_by(col(PlanItem.number), col(PlanItem.id))
        ).all()
    )
    if not 1 <= number <= len(siblings) + 1:
        raise ValidationError("item.bad_number", value=number, last=len(siblings) + 1)
    siblings.insert(number - 1, item)
    renumber(uow, siblings, "number", written_later=item)


def advance_status(db: Database, item_id: int, today: date) -> ItemView:
    """`space`: the next status of the cycle; done and cancelled say to use edit."""
    with db.read() as session:
        item = session.get(PlanItem, item_id)
        status = item.status if item else "todo"
    target = next_status(status)
    if target is None:
        raise ValidationError("item.use_edit", status=status)
    return update_item(db, item_id, {"status": target}, today)


def bump_progress(db: Database, item_id: int, delta: int, today: date) -> ItemView:
    """`+`/`-`: progress by hand ±delta, kept within 0–100."""
    current = get_item(db, item_id, today)
    if current.tasks_total:
        raise ValidationError("item.progress_from_steps", count=current.tasks_total)
    value = min(100, max(0, current.progress + delta))
    return update_item(db, item_id, {"progress": value}, today)


def complete(
    db: Database, item_id: int, today: date, evidence: str | None = None, close_steps: bool = False
) -> ItemView:
    """Mark done (with evidence of what was done, 落实情况)."""
    changes: dict[str, Any] = {"status": "done"}
    if evidence is not None:
        changes["evidence"] = evidence
    return update_item(db, item_id, changes, today, close_steps=close_steps)


def delete_item(db: Database, item_id: int) -> None:
    """Delete an item and its steps; later items move up one 序号."""
    with UnitOfWork(db, "item.delete") as uow:
        item = uow.get(PlanItem, item_id)
        for step in steps_of(uow.session, item_id):
            uow.delete(step)
        year, number = item.year, item.number
        uow.delete(item)
        later = uow.session.exec(
            select(PlanItem)
            .where(PlanItem.year == year, PlanItem.number > number)
            .order_by(col(PlanItem.number))
        ).all()
        for other in later:
            other_before = snapshot(other)
            other.number -= 1
            uow.update(other, other_before)
