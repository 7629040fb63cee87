"""History (newest first, private fields masked) and `undo` of the acting user's last change.

Undo reverts a whole change (an import is one change) as one new change. It refuses,
naming who, when another user has changed one of its records since: reverting would
silently throw their work away.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any, Protocol

from sqlalchemy import and_, or_
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel, col, select

from branchtui.domain.privacy import mask_record
from branchtui.errors import BranchError, ConflictError
from branchtui.storage.database import Database
from branchtui.storage.models import RECORD_TABLES, Change, History
from branchtui.storage.uow import Row, UnitOfWork, decode, read_rows


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


class _Row(Protocol):
    """A history row: the ORM object, or the plain row `undo` reads (43,000 for an import)."""

    record: str
    record_id: int | None
    record_uid: str | None
    op: str
    before: str | None
    after: str | None


def _diff(row: _Row) -> dict[str, Any]:
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
    session: Session,
    change: Change,
    record: str | None,
    record_uid: str | None,
    rows: Sequence[_Row] | None = None,
) -> HistoryEntry:
    if rows is None:
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
            Change.action != "init",
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
        rows: Sequence[_Row] = session.execute(  # plain rows: no ORM object per record
            select_columns(
                col(History.record),
                col(History.record_id),
                col(History.record_uid),
                col(History.op),
                col(History.before),
                col(History.after),
            )
            .where(col(History.change_id) == target.id)
            .order_by(col(History.id))
        ).all()
        _refuse_if_changed_since(session, target)
        entry = _entry(session, target, None, None, rows)
        # Newest first, a run of rows of one table and operation at a time: children are
        # deleted before their parents, parents restored before their children.
        for (record, op), run in groupby(reversed(rows), key=lambda r: (r.record, r.op)):
            for batch in _batches(list(run)):
                _revert(uow, RECORD_TABLES[record], op, batch)
        uow.change.undo_of = target.id
        target.undone_by = uow.change.id
        session.add(target)
        return entry


def _refuse_if_changed_since(session: Session, target: Change) -> None:
    """One query: the newest change by someone else, after `target`, to one of its records."""
    mine, later = aliased(History), aliased(History)
    found = session.execute(
        select_columns(col(mine.record), col(mine.record_id), col(Change.who), col(Change.at))
        .select_from(mine)
        .join(
            later,
            and_(
                col(later.record) == col(mine.record),
                # Records are matched by uid; the branch row, which has none, by id.
                # `IS` lets SQLite use ix_history_record on (record, record_uid).
                col(later.record_uid).is_not_distinct_from(col(mine.record_uid)),
                or_(
                    col(mine.record_uid).is_not(None),
                    col(later.record_id) == col(mine.record_id),
                ),
            ),
        )
        .join(Change, col(Change.id) == col(later.change_id))
        .where(
            col(mine.change_id) == target.id,
            col(Change.id) > target.id,
            col(Change.who) != target.who,
        )
        .order_by(col(Change.id).desc())
        .limit(1)
    ).first()
    if found is not None:
        from branchtui.storage.uow import describe

        record, record_id, who, at = found
        raise ConflictError(
            "history.changed_since",
            record=describe(RECORD_TABLES[record], record_id),
            who=who,
            at=at,
        )


def _batches(rows: list[_Row]) -> Iterator[list[_Row]]:
    """`rows` in order, split so that no batch touches one record twice."""
    batch: list[_Row] = []
    seen: set[tuple[str | None, int | None]] = set()
    for row in rows:
        key = (row.record_uid, row.record_id if row.record_uid is None else None)
        if key in seen:
            yield batch
            batch, seen = [], set()
        batch.append(row)
        seen.add(key)
    if batch:
        yield batch


def _current(uow: UnitOfWork, model: type[SQLModel], rows: list[_Row]) -> list[Row]:
    """The stored records of `rows`, in their order (those gone are left out)."""
    by_uid = {r["uid"]: r for r in read_rows(uow.session, model, "uid", _keys(rows, True))}
    by_id = {r["id"]: r for r in read_rows(uow.session, model, "id", _keys(rows, False))}
    found = [
        by_uid.get(row.record_uid) if row.record_uid is not None else by_id.get(row.record_id)
        for row in rows
    ]
    return [stored for stored in found if stored is not None]


def _keys(rows: list[_Row], uids: bool) -> list[Any]:
    if uids:
        return [row.record_uid for row in rows if row.record_uid is not None]
    return [row.record_id for row in rows if row.record_uid is None]


def _revert(uow: UnitOfWork, model: type[SQLModel], op: str, rows: list[_Row]) -> None:
    if op == "create":
        uow.delete_many(model, _current(uow, model, rows))
        return
    if op == "delete":
        uow.insert_many(model, [decode(model, json.loads(row.before or "{}")) for row in rows])
        return
    befores = {
        (row.record_uid, row.record_id if row.record_uid is None else None): row.before
        for row in rows
    }
    changes: list[tuple[Row, Row]] = []
    for stored in _current(uow, model, rows):
        key = (stored.get("uid"), stored["id"] if stored.get("uid") is None else None)
        before = decode(model, json.loads(befores[key] or "{}"))
        new = {
            k: v
            for k, v in before.items()
            if k not in ("version", "updated_at") and stored.get(k) != v
        }
        if new:
            changes.append((stored, new))
    uow.update_many(model, changes)
