"""History (newest first, private fields masked) and `undo` of the acting user's last change.

Undo reverts a whole change (an import is one change) as one new change. It refuses,
naming who, when another user has changed one of its records since: reverting would
silently throw their work away.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from branchtui.domain.privacy import mask_record
from branchtui.errors import BranchError, ConflictError
from branchtui.storage.database import Database
from branchtui.storage.models import RECORD_TABLES, Change, History
from branchtui.storage.uow import UnitOfWork, decode, snapshot


@dataclass(frozen=True)
class HistoryEntry:
    """One change as `history` shows it; `changes` maps field -> [before, after]."""

    id: int
    at: datetime
    who: str
    action: str
    record: str | None
    record_id: int | None
    records: int
    changes: dict[str, Any]
    undone: bool


def _diff(row: History) -> dict[str, Any]:
    before = mask_record(row.record, json.loads(row.before) if row.before else None) or {}
    after = mask_record(row.record, json.loads(row.after) if row.after else None) or {}
    skip = {"updated_at", "version", "created_at", "uid", "id"}
    keys = [k for k in {**before, **after} if k not in skip]
    return {
        k: [before.get(k), after.get(k)]
        for k in keys
        if before.get(k) != after.get(k) or row.op != "update"
    }


def list_history(
    db: Database, limit: int = 20, record: str | None = None, record_uid: str | None = None
) -> list[HistoryEntry]:
    """The newest changes first; with `record`/`record_uid`, only those touching it."""
    with db.read() as session:
        query = select(Change).order_by(col(Change.id).desc())
        if record is not None:
            touching = select(History.change_id).where(
                History.record == record, History.record_uid == record_uid
            )
            query = query.where(col(Change.id).in_(touching))
        changes = session.exec(query.limit(limit)).all()
        return [_entry(session, change, record, record_uid) for change in changes]


def _entry(
    session: Session, change: Change, record: str | None, record_uid: str | None
) -> HistoryEntry:
    rows = session.exec(
        select(History).where(History.change_id == change.id).order_by(col(History.id))
    ).all()
    main = next(
        (r for r in rows if record is None or (r.record == record and r.record_uid == record_uid)),
        rows[0] if rows else None,
    )
    assert change.id is not None
    return HistoryEntry(
        id=change.id,
        at=change.at,
        who=change.who,
        action=change.action,
        record=main.record if main else None,
        record_id=main.record_id if main else None,
        records=len(rows),
        changes=_diff(main) if main else {},
        undone=change.undone_by is not None,
    )


def _last_change(session: Session, user: str) -> Change | None:
    """The user's newest change that is neither an undo nor already undone."""
    return session.exec(
        select(Change)
        .where(
            Change.who == user,
            col(Change.undo_of).is_(None),
            col(Change.undone_by).is_(None),
            col(Change.id).in_(select(History.change_id)),
        )
        .order_by(col(Change.id).desc())
        .limit(1)
    ).first()


def undo(db: Database) -> HistoryEntry:
    """Revert the acting user's last change as one new change; return what was undone."""
    with UnitOfWork(db, "undo") as uow:
        session = uow.session
        target = _last_change(session, db.user)
        if target is None:
            raise BranchError("history.nothing_to_undo", who=db.user)
        rows = session.exec(
            select(History).where(History.change_id == target.id).order_by(col(History.id))
        ).all()
        _refuse_if_changed_since(session, target, rows)
        entry = _entry(session, target, None, None)
        for row in reversed(rows):
            _revert(uow, row)
        uow.change.undo_of = target.id
        target.undone_by = uow.change.id
        session.add(target)
        return entry


def _refuse_if_changed_since(session: Session, target: Change, rows: Sequence[History]) -> None:
    for row in rows:
        later = session.exec(
            select(Change)
            .join(History, col(History.change_id) == col(Change.id))
            .where(
                History.record == row.record,
                _same_record(row),
                col(Change.id) > target.id,
                Change.who != target.who,
            )
            .order_by(col(Change.id).desc())
            .limit(1)
        ).first()
        if later is not None:
            from branchtui.storage.uow import describe

            raise ConflictError(
                "history.changed_since",
                record=describe(RECORD_TABLES[row.record], row.record_id),
                who=later.who,
                at=later.at.astimezone().strftime("%Y-%m-%d %H:%M"),
            )


def _same_record(row: History) -> Any:
    """Records are matched by uid; the branch row, which has none, by id."""
    if row.record_uid is not None:
        return History.record_uid == row.record_uid
    return History.record_id == row.record_id


def _find(uow: UnitOfWork, row: History) -> Any:
    model = RECORD_TABLES[row.record]
    if row.record_uid is None:
        return uow.session.get(model, row.record_id)
    return uow.session.exec(select(model).where(model.uid == row.record_uid)).first()  # type: ignore[attr-defined]


def _revert(uow: UnitOfWork, row: History) -> None:
    model = RECORD_TABLES[row.record]
    if row.op == "create":
        obj = _find(uow, row)
        if obj is not None:
            uow.delete(obj)
        return
    if row.op == "delete":
        uow.restore(row.record, json.loads(row.before or "{}"))
        return
    obj = _find(uow, row)
    if obj is None:
        return
    before_values = decode(model, json.loads(row.before or "{}"))
    current = snapshot(obj)
    for key, value in before_values.items():
        if key not in ("version", "updated_at"):
            setattr(obj, key, value)
    uow.update(obj, current)
