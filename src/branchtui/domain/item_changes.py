"""Changing plan items (工作事项): adding, editing, the `space` cycle, progress, done, delete.

Every function is one unit of work that reads, checks the version the caller's view was
based on (`expected_version`: a record someone else changed meanwhile is a ConflictError
naming who and when — no update is ever lost), writes, and writes its history. The values
about to be stored go through `record_rules.plan_item` (the rules every writer shares).
A write that changes nothing writes no history row and says so (`Written.changed`).

Items and their steps follow one rule (README, "Items and steps"): the first ticked step
starts a `todo` item; a new or unticked step reopens a done item to `doing`; `done` needs
every step ticked (`close_steps` ticks them); an item with steps takes its progress from
them. The step side is `domain.steps`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from branchtui.domain import record_rules
from branchtui.domain.changes import UNSET, Notice, Unset, Written, given
from branchtui.domain.item_rules import next_status
from branchtui.domain.items import ItemView, item_view_in
from branchtui.domain.ordering import renumber
from branchtui.domain.steps import steps_of
from branchtui.errors import ValidationError
from branchtui.storage.database import Database
from branchtui.storage.models import PlanItem, Step, utc_now
from branchtui.storage.uow import UnitOfWork, snapshot, values_of


@dataclass(frozen=True)
class ItemDraft:
    """A new plan item. `owner` is a member's id or unique name; `owner_text` an owner who
    is not a member (团支部)."""

    title: str
    due: date | None = None
    owner: int | str | None = None
    owner_text: str | None = None
    category: str = "other"
    detail: str | None = None
    status: str = "todo"


@dataclass(frozen=True)
class ItemChanges:
    """The fields of an item to change; UNSET leaves one alone, None clears it."""

    title: str | Unset = UNSET
    detail: str | Unset | None = UNSET
    category: str | Unset = UNSET
    owner: int | str | Unset | None = UNSET
    owner_text: str | Unset | None = UNSET
    due: date | Unset | None = UNSET
    status: str | Unset = UNSET
    progress: int | Unset = UNSET
    evidence: str | Unset | None = UNSET
    number: int | Unset = UNSET


# -- adding --------------------------------------------------------------------------------
def add_item(db: Database, year: int, draft: ItemDraft) -> int:
    """Add an item at the end of the year's 序号 order; its id."""
    return add_items(db, year, [draft], action="item.add")[0]


def add_items(
    db: Database, year: int, drafts: Sequence[ItemDraft], *, action: str = "import_plan"
) -> list[int]:
    """Add several items after the year's last 序号 as one change (one undo); their ids."""
    now = utc_now()
    with UnitOfWork(db, action) as uow:
        number = _last_number(uow.session, year)
        ids: list[int] = []
        for draft in drafts:
            number += 1
            values = {
                "year": year,
                "number": number,
                "title": draft.title,
                "detail": draft.detail,
                "category": draft.category,
                "owner_id": _owner_id(uow.session, draft.owner),
                "owner_text": draft.owner_text,
                "due": draft.due,
                "status": draft.status,
                "progress": 100 if draft.status == "done" else 0,
            }
            item = PlanItem(**record_rules.plan_item(values, [], who=db.user, now=now))
            uow.add(item)
            assert item.id is not None
            ids.append(item.id)
        return ids


def _last_number(session: Session, year: int) -> int:
    value = session.exec(select(func.max(PlanItem.number)).where(PlanItem.year == year)).one()
    return int(value or 0)


def _owner_id(session: Session, owner: int | str | None) -> int | None:
    if owner is None or (isinstance(owner, str) and not owner.strip()):
        return None
    from branchtui.domain.members import resolve_member

    member = resolve_member(session, str(owner))
    assert member.id is not None
    return member.id


# -- changing ------------------------------------------------------------------------------
def update_item(
    db: Database,
    item_id: int,
    changes: ItemChanges,
    *,
    today: date,
    expected_version: int | None = None,
    close_steps: bool = False,
    action: str = "item.set",
) -> Written[ItemView]:
    """Apply `changes` as one change; every rule is checked before anything is written.

    Progress by hand is refused for an item with steps; `done` is refused while steps are
    open unless `close_steps` (then they are ticked in the same change); leaving `done`
    clears who completed it and when; `number` moves the item in the 序号 order.
    """
    wanted = given(changes)
    with UnitOfWork(db, action) as uow:
        item = uow.get(PlanItem, item_id)
        uow.check_version(item, expected_version)
        steps = steps_of(uow.session, item_id)
        before = snapshot(item)
        values = values_of(item)
        for key, value in wanted.items():
            _apply(uow.session, values, steps, key, value)
        if values["status"] == "done" and before["status"] != "done" and close_steps:
            _close_steps(uow, steps)
        _store(uow, item, values, steps)
        if "number" in wanted:
            _renumber(uow, item, int(wanted["number"]))
        uow.update(item, before)
        view = item_view_in(uow.session, item, today)
    return Written(view, changed=uow.changed)


def _apply(
    session: Session, values: dict[str, Any], steps: Sequence[Step], key: str, value: Any
) -> None:
    """One field of the change set onto the values about to be stored."""
    if key == "owner":
        values["owner_id"] = _owner_id(session, value)
    elif key == "progress":
        if steps:
            raise ValidationError("item.progress_from_steps", count=len(steps))
        values["progress"] = value
    elif key == "status":
        if value == "done" and values["status"] != "done" and not steps:
            values["progress"] = 100
        if value != "done":
            values["completed_at"] = values["completed_by"] = None
        values["status"] = value
    elif key != "number":  # number: after the other fields (see _renumber)
        values[key] = value


def _close_steps(uow: UnitOfWork, steps: Sequence[Step]) -> None:
    now = utc_now()
    for step in steps:
        if not step.done:
            before = snapshot(step)
            step.done, step.done_at, step.done_by = True, now, uow.db.user
            uow.update(step, before)


def _store(uow: UnitOfWork, item: PlanItem, values: dict[str, Any], steps: Sequence[Step]) -> None:
    """Check `values` with the item's current steps and set them on the record."""
    checked = record_rules.plan_item(
        values, [values_of(s) for s in steps], who=uow.db.user, now=utc_now()
    )
    for key, value in checked.items():
        if getattr(item, key) != value:
            setattr(item, key, value)


def store_with_steps(uow: UnitOfWork, item: PlanItem, notices: list[Notice]) -> None:
    """Re-check an item after its steps changed (a step added, ticked, unticked, deleted):
    a done item with an open step reopens to `doing`, a todo item with a ticked step
    starts; each said in `notices`. Used by `domain.steps` inside its unit of work."""
    assert item.id is not None
    steps = steps_of(uow.session, item.id)
    before = snapshot(item)
    values = values_of(item)
    if values["status"] == "done" and any(not s.done for s in steps):
        values.update(status="doing", completed_at=None, completed_by=None)
        notices.append(Notice("item.reopened", {"number": item.number, "title": item.title}))
    elif values["status"] == "todo" and any(s.done for s in steps):
        notices.append(Notice("item.started", {"number": item.number, "title": item.title}))
    if not steps and values["status"] == "done":
        values["progress"] = 100  # its last step was deleted: done is done
    if steps and all(s.done for s in steps) and values["status"] != "done":
        notices.append(Notice("item.all_steps_done", {"number": item.number, "id": item.id}))
    _store(uow, item, values, steps)
    uow.update(item, before)


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


# -- the keys of the plan table ------------------------------------------------------------
def advance_status(
    db: Database, item_id: int, *, today: date, expected_version: int | None = None
) -> Written[ItemView]:
    """`space`: the next status of the cycle (todo → doing → done; review → done;
    blocked → doing), read and written in one transaction; done and cancelled say to use
    edit. Moving to done with open steps is refused as `item done` would be."""
    with UnitOfWork(db, "item.advance") as uow:
        item = uow.get(PlanItem, item_id)
        uow.check_version(item, expected_version)
        target = next_status(item.status)
        if target is None:
            raise ValidationError("item.use_edit", status=item.status)
        steps = steps_of(uow.session, item_id)
        before = snapshot(item)
        values = values_of(item)
        _apply(uow.session, values, steps, "status", target)
        _store(uow, item, values, steps)
        uow.update(item, before)
        return Written(item_view_in(uow.session, item, today))


def bump_progress(
    db: Database, item_id: int, delta: int, *, today: date, expected_version: int | None = None
) -> Written[ItemView]:
    """`+`/`-`: progress by hand ±delta within 0–100, in one transaction (refused for an
    item with steps: its progress follows them)."""
    with UnitOfWork(db, "item.progress") as uow:
        item = uow.get(PlanItem, item_id)
        uow.check_version(item, expected_version)
        steps = steps_of(uow.session, item_id)
        before = snapshot(item)
        values = values_of(item)
        _apply(uow.session, values, steps, "progress", min(100, max(0, item.progress + delta)))
        _store(uow, item, values, steps)
        uow.update(item, before)
        view = item_view_in(uow.session, item, today)
    return Written(view, changed=uow.changed)


def complete(
    db: Database,
    item_id: int,
    *,
    today: date,
    evidence: str | None = None,
    close_steps: bool = False,
    expected_version: int | None = None,
) -> Written[ItemView]:
    """Mark done (with evidence of what was done, 落实情况)."""
    changes = ItemChanges(status="done", evidence=UNSET if evidence is None else evidence)
    return update_item(
        db,
        item_id,
        changes,
        today=today,
        expected_version=expected_version,
        close_steps=close_steps,
        action="item.done",
    )


def delete_item(db: Database, item_id: int, *, expected_version: int | None = None) -> None:
    """Delete an item and its steps; later items move up one 序号."""
    with UnitOfWork(db, "item.delete") as uow:
        item = uow.get(PlanItem, item_id)
        uow.check_version(item, expected_version)
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


__all__ = [
    "ItemChanges",
    "ItemDraft",
    "add_item",
    "add_items",
    "advance_status",
    "bump_progress",
    "complete",
    "delete_item",
    "store_with_steps",
    "update_item",
]
