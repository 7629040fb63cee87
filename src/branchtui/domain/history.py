"""History (newest first, private fields masked) and `undo` of the acting user's last change.

Undo reverts a whole change (an import is one change) as one new change. It refuses,
naming who, when another user has changed one of its records since: reverting would
silently throw their work away.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import groupby
from typing import Any, Protocol

from sqlalchemy import and_, func, or_
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel, col, select

from branchtui.domain.changes import Notice
from branchtui.domain.history_words import Names, describe, meeting_name
from branchtui.domain.privacy import PRIVATE_FIELDS, mask, mask_record
from branchtui.errors import BranchError, ConflictError
from branchtui.storage.database import Database
from branchtui.storage.models import RECORD_TABLES, Change, History
from branchtui.storage.uow import Row, UnitOfWork, decode, read_rows, record_name


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
    description: str = ""  # what the change did, in words (history_words)
    details: tuple[str, ...] = ()  # one line per field that moved
    notices: tuple[Notice, ...] = ()  # what an undo could not restore (private fields)


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


# The records that are parts of another, by the field naming it: a record's history
# holds its parts' changes too (an item's steps added, ticked, deleted). A meeting's
# attendance is written as a change of the meeting already.
PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    "plan_item": (("step", "item_id"),),
}


# Records that are parts of another: a change that created or deleted a whole with its
# parts is named by the whole (a deleted meeting by the meeting, not by its first
# attendee); any other change by its first row (a step ticked, its item's status after).
PART_RECORDS = ("step", "meeting_attendance", "member_event", "checklist_entry", "checklist_check")


def _whole(record: str, op: str) -> bool:
    return record not in PART_RECORDS and op in ("create", "delete")


def list_history(
    db: Database, limit: int = 20, record: str | None = None, record_uid: str | None = None
) -> list[HistoryEntry]:
    """The newest changes first, each in words; with `record`/`record_uid`, only those
    touching it or its parts (`PARTS`)."""
    with db.read() as session:
        query = select(Change).order_by(col(Change.id).desc())
        if record is not None:
            touching = select(History.change_id).where(
                or_(
                    and_(col(History.record) == record, col(History.record_uid) == record_uid),
                    *_parts_of(session, record, record_uid),
                )
            )
            query = query.where(col(Change.id).in_(touching))
        changes = session.exec(query.limit(limit)).all()
        mains = [_main_row(session, change, record, record_uid) for change in changes]
        names = _names(session, [main for main, _count in mains if main is not None])
        return [
            _entry(change, main, count, names)
            for change, (main, count) in zip(changes, mains, strict=True)
        ]


def _parts_of(session: Session, record: str, record_uid: str | None) -> list[Any]:
    """Conditions on history rows for the parts of a record: those it has now, and those
    deleted from it (their last row still names it). By uid, so that the history's index
    answers (a json look into each of an import's 30,000 step rows took over a second)."""
    parts = PARTS.get(record, ())
    if not parts:
        return []
    own_id = session.exec(
        select(History.record_id).where(
            History.record == record,
            History.record_uid == record_uid,
            col(History.record_id).is_not(None),
        )
    ).first()
    if own_id is None:
        return []
    conditions = []
    for part, field in parts:
        model: Any = RECORD_TABLES[part]
        current = select_columns(model.uid).where(getattr(model, field) == own_id)
        deleted = select_columns(col(History.record_uid)).where(
            col(History.record) == part,
            col(History.op) == "delete",
            func.json_extract(col(History.before), f"$.{field}") == own_id,
        )
        uids = current.union(deleted)
        conditions.append(and_(col(History.record) == part, col(History.record_uid).in_(uids)))
    return conditions


def _main_row(
    session: Session, change: Change, record: str | None, record_uid: str | None
) -> tuple[_Row | None, int]:
    """The row a change is named by (the asked-for record's, else its first), and how many
    records it touched. Two indexed look-ups and a count: an import's change has some
    50,000 rows, and reading them all made each history that includes it take seconds."""
    rows = select(History).where(History.change_id == change.id).order_by(col(History.id))
    count = session.exec(
        select(func.count(col(History.id))).where(col(History.change_id) == change.id)
    ).one()
    main = None
    if record is not None:
        asked = rows.where(History.record == record, History.record_uid == record_uid)
        main = session.exec(asked.limit(1)).first()
    if main is None:
        whole = rows.where(
            col(History.record).not_in(PART_RECORDS), col(History.op).in_(("create", "delete"))
        )
        main = session.exec(whole.limit(1)).first() or session.exec(rows.limit(1)).first()
    return main, int(count)


def _values(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text else None


# Fields holding another record's id, and the kind of record whose name stands for it.
_REFERENCES = (
    ("owner_id", "member"),
    ("member_id", "member"),
    ("host_id", "member"),
    ("recorder_id", "member"),
    ("lecturer_id", "member"),
    ("item_id", "plan_item"),
    ("entry_id", "checklist_entry"),
    ("meeting_id", "meeting"),
)


def _names(session: Session, rows: Sequence[_Row]) -> Names:
    """The names history lines need: members, items, checklist entries and meetings
    referred to."""
    wanted: dict[str, set[int]] = {kind: set() for _key, kind in _REFERENCES}
    for row in rows:
        for values in (_values(row.before), _values(row.after)):
            for key, kind in _REFERENCES:
                if values and isinstance(values.get(key), int):
                    wanted[kind].add(values[key])
    names = Names()
    updated: dict[str, set[int]] = {}
    for row in rows:
        if row.op == "update" and row.record_id is not None:
            updated.setdefault(row.record, set()).add(row.record_id)
    for record, ids in updated.items():
        for stored in read_rows(session, RECORD_TABLES[record], "id", ids):
            names.current[(record, stored["id"])] = stored
            for key, kind in _REFERENCES:
                if isinstance(stored.get(key), int):
                    wanted[kind].add(stored[key])
    for kind, ids in wanted.items():
        if not ids:
            continue
        for found in read_rows(session, RECORD_TABLES[kind], "id", ids):
            getattr(names, kind)[found["id"]] = _name_of(kind, found)
    return names


def _name_of(kind: str, values: dict[str, Any]) -> str:
    if kind == "meeting":
        return meeting_name({**values, "held_on": values["held_on"].isoformat()})
    return str(values["name" if kind == "member" else "title"])


def _entry(change: Change, main: _Row | None, count: int, names: Names) -> HistoryEntry:
    assert change.id is not None
    description: str = ""
    details: tuple[str, ...] = ()
    if main is not None:
        description, details = describe(
            main.op,
            main.record,
            main.record_id,
            _values(main.before),
            _values(main.after),
            names,
            count - 1,
        )
    return HistoryEntry(
        id=change.id,
        at=change.at,
        who=change.who,
        action=change.action,
        record=main.record if main else None,
        record_id=main.record_id if main else None,
        records=count,
        changes=_diff(main) if main else {},
        undone=change.undone_by is not None,
        description=description,
        details=details,
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
        _refuse_if_others_hang_off(session, target)
        main = next((r for r in rows if _whole(r.record, r.op)), rows[0] if rows else None)
        entry = _entry(target, main, len(rows), _names(session, [main] if main else []))
        # Newest first, a run of rows of one table and operation at a time: children are
        # deleted before their parents, parents restored before their children.
        notices: list[Notice] = []
        for (record, op), run in groupby(reversed(rows), key=lambda r: (r.record, r.op)):
            for batch in _batches(list(run)):
                _revert(uow, RECORD_TABLES[record], op, batch, notices)
        uow.change.undo_of = target.id
        target.undone_by = uow.change.id
        session.add(target)
        uow.keep()
        return replace(entry, notices=tuple(notices))


def _references() -> list[tuple[str, str, str]]:
    """(child record, its column, parent record) for every foreign key between the tables
    history tracks: a step's item, an event's member, an item's owner…"""
    found = []
    for child, model in RECORD_TABLES.items():
        table = model.__table__  # type: ignore[attr-defined]
        for key in table.foreign_keys:
            parent = next(
                (n for n, m in RECORD_TABLES.items() if m.__table__ is key.column.table),  # type: ignore[attr-defined]
                None,
            )
            if parent is not None:
                found.append((child, key.parent.name, parent))
    return found


def _refuse_if_others_hang_off(session: Session, target: Change) -> None:
    """Undoing a record's creation deletes it: refuse, naming who, when another change has
    since hung a record of its own off it (bob's step on alice's new item, an item whose
    owner is the new member) — the database would drop or unlink it without a trace."""
    for child, column, parent in _references():
        child_table = RECORD_TABLES[child].__table__  # type: ignore[attr-defined]
        created = (
            select_columns(col(History.record_id))
            .where(
                col(History.change_id) == target.id,
                col(History.record) == parent,
                col(History.op) == "create",
            )
            .scalar_subquery()
        )
        same_change = (
            select_columns(col(History.record_id))
            .where(col(History.change_id) == target.id, col(History.record) == child)
            .scalar_subquery()
        )
        row = session.execute(
            select_columns(child_table.c.id, child_table.c.uid)
            .where(child_table.c[column].in_(created), child_table.c.id.not_in(same_change))
            .limit(1)
        ).first()
        if row is not None:
            from branchtui.storage.uow import conflict_for

            conflict = conflict_for(session, RECORD_TABLES[child], row[0], row[1])
            raise ConflictError(
                "history.others_hang_off",
                record=conflict.params.get("record"),
                who=conflict.who or "?",
                at=conflict.at,
            )


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


def _revert(
    uow: UnitOfWork, model: type[SQLModel], op: str, rows: list[_Row], notices: list[Notice]
) -> None:
    private = PRIVATE_FIELDS.get(record_name(model), ())
    if op == "create":
        uow.delete_many(model, _current(uow, model, rows))
        return
    if op == "delete":
        restored = []
        for row in rows:
            values = decode(model, json.loads(row.before or "{}"))
            _forget_private(values, private, notices)
            restored.append(values)
        uow.insert_many(model, restored)
        return
    befores = {
        (row.record_uid, row.record_id if row.record_uid is None else None): row.before
        for row in rows
    }
    changes: list[tuple[Row, Row]] = []
    for stored in _current(uow, model, rows):
        key = (stored.get("uid"), stored["id"] if stored.get("uid") is None else None)
        before = decode(model, json.loads(befores[key] or "{}"))
        if private and any(before.get(k) != mask(stored.get(k)) for k in private if k in before):
            _retype_notice(stored, notices)
        new = {
            k: v
            for k, v in before.items()
            if k not in ("version", "updated_at") and k not in private and stored.get(k) != v
        }
        if new:
            changes.append((stored, new))
    uow.update_many(model, changes)


def _forget_private(values: Row, private: tuple[str, ...], notices: list[Notice]) -> None:
    """History holds private fields masked: a restored record gets them empty, to be typed
    again (said in a notice)."""
    if any(values.get(k) for k in private):
        _retype_notice(values, notices)
    for k in private:
        if k in values:
            values[k] = None


def _retype_notice(values: Row, notices: list[Notice]) -> None:
    notices.append(Notice("history.private_retype", {"name": values.get("name") or ""}))
