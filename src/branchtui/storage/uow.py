"""The unit of work: one short write transaction that also writes its history.

Every change goes through `UnitOfWork`: it begins with BEGIN IMMEDIATE (writers queue on
SQLite's lock rather than failing), records a `Change` (who, what, when) and one `History`
row per record touched with its before and after, and commits all of it or nothing.
Versioned records are updated `WHERE id = ? AND version = ?` (SQLAlchemy's version_id_col);
a record someone else changed meanwhile is a `ConflictError` naming who.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, select

from branchtui.errors import ConflictError, NotFoundError, StorageError
from branchtui.storage import schema
from branchtui.storage.database import Database, ReadOnly
from branchtui.storage.models import RECORD_TABLES, Change, History, UTCDateTime, utc_now

Model = TypeVar("Model", bound=SQLModel)


def snapshot(obj: SQLModel) -> dict[str, Any]:
    """A record's column values as JSON-ready data (dates and timestamps as ISO text)."""
    values: dict[str, Any] = {}
    for attr in inspect(type(obj)).column_attrs:
        value = getattr(obj, attr.key)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        values[attr.key] = value
    return values


def decode(model: type[SQLModel], values: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `snapshot` for the attributes present in `values`."""
    decoded: dict[str, Any] = {}
    columns = {attr.key: attr.columns[0] for attr in inspect(model).column_attrs}
    for key, value in values.items():
        column = columns.get(key)
        if column is None:
            continue
        if value is not None and isinstance(column.type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and column.type.python_type is date:
            value = date.fromisoformat(value)
        decoded[key] = value
    return decoded


def record_name(obj: SQLModel | type[SQLModel]) -> str:
    """The name history uses for a record's table."""
    return str(obj.__tablename__)


class UnitOfWork:
    """`with UnitOfWork(db, "item.set") as uow:` — one change, committed on a clean exit."""

    def __init__(self, db: Database, action: str) -> None:
        self.db = db
        self.action = action
        self.session: Session
        self.change: Change

    def __enter__(self) -> UnitOfWork:
        self.session = self.db.write_session()
        try:
            self.session.connection()  # BEGIN IMMEDIATE now: take the write lock first
            self.change = Change(who=self.db.user, action=self.action, at=utc_now())
            self.session.add(self.change)
            self.session.flush()
        except BaseException as error:
            self.session.close()
            raise _translate(self.db, error) from None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.session.commit()
            else:
                self.session.rollback()
        except BaseException as failure:
            self.session.rollback()
            raise _translate(self.db, failure) from None
        finally:
            self.session.close()
        if error is not None and not isinstance(error, ConflictError | NotFoundError):
            translated = _translate(self.db, error)
            if translated is not error:
                raise translated from None

    # -- reading inside the transaction -------------------------------------------------
    def get(self, model: type[Model], record_id: int, what: str | None = None) -> Model:
        """The record with this id, or a NotFoundError naming what was asked for."""
        obj = self.session.get(model, record_id)
        if obj is None:
            raise NotFoundError("record.not_found", record=describe(model, record_id, what))
        return obj

    def check_version(self, obj: SQLModel, expected: int | None) -> None:
        """Refuse when the record moved on since the caller read it (SPEC §8)."""
        if expected is not None and getattr(obj, "version", None) != expected:
            raise conflict(self.session, obj)

    # -- writing, each with its history row ---------------------------------------------
    def add(self, obj: Model) -> Model:
        """Insert a record."""
        self.session.add(obj)
        self._flush(obj)
        self._history(obj, "create", None, snapshot(obj))
        return obj

    def update(self, obj: SQLModel, before: dict[str, Any]) -> bool:
        """Write the changes made to `obj` since `before = snapshot(obj)`; False if none."""
        after = snapshot(obj)
        changed = [k for k in after if k not in ("updated_at", "version") and after[k] != before[k]]
        if not changed:
            return False
        if hasattr(obj, "updated_at"):
            obj.updated_at = utc_now()
        self._flush(obj)
        after = snapshot(obj)
        keys = [*changed, "updated_at", "version"]
        self._history(
            obj,
            "update",
            {k: before[k] for k in keys if k in before},
            {k: after[k] for k in keys if k in after},
        )
        return True

    def delete(self, obj: SQLModel) -> None:
        """Delete a record (its children must be deleted first, each with its own history)."""
        before = snapshot(obj)
        self.session.delete(obj)
        self._flush(obj)
        self._history(obj, "delete", before, None)

    def restore(self, record: str, values: dict[str, Any]) -> SQLModel:
        """Re-insert a deleted record exactly as it was (undo)."""
        model = RECORD_TABLES[record]
        obj = model(**decode(model, values))
        return self.add(obj)

    def _flush(self, obj: SQLModel) -> None:
        try:
            self.session.flush()
        except StaleDataError:
            self.session.rollback()
            raise ConflictError("db.conflict.unknown", record=describe(type(obj), None)) from None
        except IntegrityError as error:
            raise StorageError("db.integrity", detail=str(error.orig)) from None

    def _history(
        self,
        obj: SQLModel,
        op: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        assert self.change.id is not None  # flushed in __enter__
        row = History(
            change_id=self.change.id,
            record=record_name(obj),
            record_id=getattr(obj, "id", None),
            record_uid=getattr(obj, "uid", None),
            op=op,
            before=None if before is None else json.dumps(before, ensure_ascii=False),
            after=None if after is None else json.dumps(after, ensure_ascii=False),
        )
        self.session.add(row)
        self.session.flush()


def describe(model: type[SQLModel], record_id: int | None, what: str | None = None) -> str:
    """A record as users name it, e.g. "工作事项 12" / "plan item 12"."""
    from branchtui.i18n import t

    name = t(f"record.{what or record_name(model)}")
    return f"{name} {record_id}" if record_id is not None else name


def conflict(session: Session, obj: SQLModel) -> ConflictError:
    """The conflict error for `obj`, naming who changed it last and when."""
    last = session.exec(
        select(Change)
        .join(History, History.change_id == Change.id)  # type: ignore[arg-type]
        .where(History.record == record_name(obj), History.record_uid == getattr(obj, "uid", None))
        .order_by(Change.id.desc())  # type: ignore[union-attr]
        .limit(1)
    ).first()
    record = describe(type(obj), getattr(obj, "id", None))
    if last is None:
        return ConflictError("db.conflict.unknown", record=record)
    return ConflictError("db.conflict", record=record, who=last.who, at=_local(last.at))


def _local(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def _translate(db: Database, error: BaseException) -> BaseException:
    """SQLite's words for a locked, read-only or damaged file, as one clear error."""
    if isinstance(error, OperationalError | DBAPIError):
        original = error.orig if error.orig is not None else error
        text = str(original)
        if "readonly" in text or "read-only" in text:
            return ReadOnly("db.read_only.permission", {"path": str(db.path)}).error()
        return schema.describe_sqlite_error(db.path, original)
    return error
