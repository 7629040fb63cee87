"""The unit of work: one short write transaction that also writes its history.

Every change goes through `UnitOfWork`: it begins with BEGIN IMMEDIATE (writers queue on
SQLite's lock rather than failing), records a `Change` (who, what, when) and one `History`
row per record touched with its before and after, and commits all of it or nothing.
Versioned records are updated `WHERE id = ? AND version = ?` (SQLAlchemy's version_id_col);
a record someone else changed meanwhile is a `ConflictError` naming who.

Many records at once (an import, the undo of one) go through the bulk methods —
`insert_many`, `update_many`, `delete_many`, with `read_rows` to fetch them — one
executemany per table and chunk instead of one ORM flush per record. History rows, from
either path, are buffered and written with one executemany before the commit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import bindparam, delete, inspect, update
from sqlalchemy import select as select_columns
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.schema import Column
from sqlmodel import Session, SQLModel, select

from branchtui.errors import ConflictError, NotFoundError, StorageError
from branchtui.storage import schema
from branchtui.storage.database import Database, ReadOnly
from branchtui.storage.models import RECORD_TABLES, Change, History, UTCDateTime, utc_now
from branchtui.storage.private import PRIVATE_COLUMNS, mask

Model = TypeVar("Model", bound=SQLModel)
Row = dict[str, Any]

# Rows per executemany, and values per IN (…): far below SQLite's limit on parameters.
_CHUNK = 900


@cache
def columns(model: type[SQLModel]) -> dict[str, Column[Any]]:
    """Each attribute's column, in table order (`Member.group` is stored as `party_group`)."""
    return {attr.key: attr.columns[0] for attr in inspect(model).column_attrs}


def chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    """`values` in slices of at most `size`."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def snapshot(obj: SQLModel) -> dict[str, Any]:
    """A record's column values as JSON-ready data (dates and timestamps as ISO text)."""
    values: dict[str, Any] = {}
    for attr in inspect(type(obj)).column_attrs:
        value = getattr(obj, attr.key)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        values[attr.key] = value
    return values


def values_of(obj: SQLModel) -> dict[str, Any]:
    """A record's column values as Python values, by attribute (what the domain's record
    rules take)."""
    return {attr: getattr(obj, attr) for attr in columns(type(obj))}


def row_snapshot(
    model: type[SQLModel], values: Mapping[str, Any], keys: Iterable[str] | None = None
) -> dict[str, Any]:
    """`snapshot` of a record held as attribute -> value (all columns, or just `keys`)."""
    attrs = columns(model) if keys is None else [a for a in columns(model) if a in keys]
    result = {attr: values.get(attr) for attr in attrs}
    for attr in _dated(model):
        value = result.get(attr)
        if value is not None:
            result[attr] = value.isoformat()
    return result


@cache
def _dated(model: type[SQLModel]) -> tuple[str, ...]:
    """The attributes holding dates or timestamps (ISO text in history)."""
    return tuple(
        attr
        for attr, column in columns(model).items()
        if isinstance(column.type, UTCDateTime) or column.type.python_type in (date, datetime)
    )


def read_rows(
    session: OrmSession, model: type[SQLModel], by: str, keys: Iterable[Any]
) -> Iterator[Row]:
    """Stored rows of `model` whose `by` attribute is one of `keys`, as attribute -> value."""
    cols = columns(model)
    selected = [column.label(attr) for attr, column in cols.items()]
    for chunk in chunks(sorted(set(keys))):
        query = select_columns(*selected).where(cols[by].in_(chunk))
        for row in session.execute(query).mappings():
            yield dict(row)


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
    """`with UnitOfWork(db, "item.set") as uow:` — one change, committed on a clean exit.

    A unit of work opened inside another on the same database and thread joins it: the
    domain functions it calls (add an item, tick a step…) then write into the outer
    change, and everything commits or rolls back together (the demo is one change).
    """

    def __init__(self, db: Database, action: str) -> None:
        self.db = db
        self.action = action
        self.session: Session
        self.change: Change
        self.changed = True  # False after the block when it wrote nothing
        self._history_rows: list[Row] = []
        self._recorded = False  # a history row was made: something changed
        self._outer: UnitOfWork | None = None  # the unit this one joined, if any

    def __enter__(self) -> UnitOfWork:
        outer = self.db.active_unit()
        if isinstance(outer, UnitOfWork):
            self._outer = outer
            self.session, self.change = outer.session, outer.change
            self._history_rows = outer._history_rows
            return self
        self.session = self.db.write_session()
        try:
            self.session.connection()  # BEGIN IMMEDIATE now: take the write lock first
            self.change = Change(who=self.db.user, action=self.action, at=utc_now())
            self.session.add(self.change)
            self.session.flush()
        except BaseException as error:
            self.session.close()
            raise _translate(self.db, error) from None
        self.db.set_active_unit(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._outer is not None:
            # The outer unit commits, or rolls back, all of it.
            self._outer._recorded |= self._recorded
            return
        self.db.set_active_unit(None)
        try:
            if kind is None and self._recorded:
                self._write_history()
                self.session.commit()
            else:
                # An error, or a change that touched no record: nothing is kept, not even
                # the change row (it would show in history and become undo's target).
                self.changed = False
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

    def keep(self) -> None:
        """Commit this change even if it records no history row (an undo whose revert found
        nothing left to write still marks what it undid)."""
        self._recorded = True

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

    def touch(self, obj: SQLModel) -> None:
        """Mark a versioned record changed when only its children did (a meeting's
        attendance): a new `updated_at` and version, with its history row, so a caller
        still holding the old version meets a conflict instead of overwriting."""
        before = snapshot(obj)
        obj.updated_at = utc_now()
        self._flush(obj)
        after = snapshot(obj)
        keys = ("updated_at", "version")
        self._history(obj, "update", {k: before[k] for k in keys}, {k: after[k] for k in keys})

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

    # -- many records at once (import, undo) ----------------------------------------------
    def insert_many(self, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> list[int]:
        """Insert records given as attribute -> value, each with its uid (its id is read
        back) or, all of them, with their id (a restore); return the ids in order."""
        cols = columns(model)
        table = model.__table__  # type: ignore[attr-defined]
        with_ids = bool(rows) and all(row.get("id") is not None for row in rows)
        attrs = [attr for attr in cols if attr != "id" or with_ids]
        ids: list[int] = []
        for chunk in chunks(rows):
            self._insert_rows(
                table, [cols[a] for a in attrs], [[row.get(a) for a in attrs] for row in chunk]
            )
            if with_ids:
                new_ids = [row["id"] for row in chunk]
            else:
                # A plain executemany, then the new ids by uid: SQLite would insert one
                # row per statement to return ids in order.
                uid, key = cols["uid"], cols["id"]
                query = select_columns(uid, key).where(uid.in_([row["uid"] for row in chunk]))
                by_uid = {found: new_id for found, new_id in self.session.execute(query)}
                new_ids = [by_uid[row["uid"]] for row in chunk]
            for row, new_id in zip(chunk, new_ids, strict=True):
                after = row_snapshot(model, {**row, "id": new_id})
                self._history_row(model, new_id, row.get("uid"), "create", None, after)
            ids.extend(new_ids)
        return ids

    def update_many(
        self, model: type[SQLModel], changes: Sequence[tuple[Mapping[str, Any], Row]]
    ) -> None:
        """Write each `(stored, new)`: `stored` the record as read (every attribute of
        `new`, its id, uid and version), `new` the values to set by attribute. Versioned
        records get `version + 1` (`WHERE id = ? AND version = ?`: a record changed
        meanwhile is a conflict) and `updated_at` now unless `new` gives one."""
        cols = columns(model)
        table = model.__table__  # type: ignore[attr-defined]
        versioned = "version" in cols
        now = utc_now()
        groups: dict[tuple[str, ...], list[tuple[Mapping[str, Any], Row]]] = {}
        for stored, new in changes:
            values = dict(new)
            if "updated_at" in cols and values.get("updated_at") is None:
                values["updated_at"] = now
            if versioned:
                values["version"] = stored["version"] + 1
            groups.setdefault(tuple(values), []).append((stored, values))
        for keys, group in groups.items():
            statement = update(table).where(table.c.id == bindparam("b_id"))
            if versioned:
                statement = statement.where(table.c.version == bindparam("b_version"))
            for chunk in chunks(group):
                params = [
                    {
                        "b_id": stored["id"],
                        **({"b_version": stored["version"]} if versioned else {}),
                        **{cols[a].key: values[a] for a in keys},
                    }
                    for stored, values in chunk
                ]
                if self._execute(statement, params) != len(chunk):
                    raise self._stale(model, [stored for stored, _ in chunk])
                for stored, values in chunk:
                    before = row_snapshot(model, {a: stored.get(a) for a in keys}, keys)
                    after = row_snapshot(model, values, keys)
                    self._history_row(
                        model, stored["id"], stored.get("uid"), "update", before, after
                    )

    def delete_many(self, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> None:
        """Delete records given as read (`read_rows`): children before their parents,
        or in the same call; a record already gone is a conflict."""
        table = model.__table__  # type: ignore[attr-defined]
        for chunk in chunks(rows):
            ids = [row["id"] for row in chunk]
            statement = delete(table).where(table.c.id.in_(ids))
            if self._execute(statement, None) != len(set(ids)):
                raise self._stale(model, chunk)
            for row in chunk:
                before = row_snapshot(model, row)
                self._history_row(model, row["id"], row.get("uid"), "delete", before, None)

    def _execute(self, statement: Any, params: list[Row] | None) -> int:
        """Run one statement (an executemany with `params`); the rows it touched."""
        try:
            result = self.session.execute(statement, params)
        except IntegrityError as error:
            raise StorageError("db.integrity", detail=str(error.orig)) from None
        return int(result.rowcount)  # type: ignore[attr-defined]

    def _stale(self, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> ConflictError:
        """The conflict for a batch that touched fewer rows than asked: the first record
        gone or at another version, naming who changed it last."""
        self.session.rollback()
        current = {
            r["id"]: r.get("version")
            for r in read_rows(self.session, model, "id", [row["id"] for row in rows])
        }
        for row in rows:
            if row["id"] not in current or current[row["id"]] != row.get("version"):
                return conflict_for(self.session, model, row["id"], row.get("uid"))
        return ConflictError("db.conflict.unknown", record=describe(model, None))

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
        self._history_row(
            type(obj), getattr(obj, "id", None), getattr(obj, "uid", None), op, before, after
        )

    def _history_row(
        self,
        model: type[SQLModel],
        record_id: int | None,
        uid: str | None,
        op: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        """Buffer one history row; `_write_history` writes them all before the commit.
        Private fields are stored masked (undo then asks for them to be typed again)."""
        self._recorded = True
        private = PRIVATE_COLUMNS.get(record_name(model), ())
        if private:
            before, after = _masked(before, private), _masked(after, private)
        self._history_rows.append(
            {
                "change_id": self.change.id,
                "record": record_name(model),
                "record_id": record_id,
                "record_uid": uid,
                "op": op,
                "before": None if before is None else json.dumps(before, ensure_ascii=False),
                "after": None if after is None else json.dumps(after, ensure_ascii=False),
            }
        )

    def _write_history(self) -> None:
        table = History.__table__  # type: ignore[attr-defined]
        keys = ("change_id", "record", "record_id", "record_uid", "op", "before", "after")
        targets = [table.c[key] for key in keys]
        for chunk in chunks(self._history_rows):
            self._insert_rows(table, targets, [[row[key] for key in keys] for row in chunk])
        self._history_rows.clear()

    def _insert_rows(self, table: Any, targets: Sequence[Any], rows: list[list[Any]]) -> None:
        """One executemany of plain tuples through the driver. SQLAlchemy's insert() builds
        a parameter dict per row, a third of an import's 43,000 records; here each column's
        bind processor (timestamps to ISO text, dates, booleans) is looked up once."""
        if not rows:
            return
        connection = self.session.connection()
        dialect = connection.dialect
        processors = [column.type._cached_bind_processor(dialect) for column in targets]
        names = ", ".join(f'"{column.name}"' for column in targets)
        marks = ", ".join("?" for _ in targets)
        sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
        params = [
            tuple(
                value if value is None or proc is None else proc(value)
                for value, proc in zip(row, processors, strict=True)
            )
            for row in rows
        ]
        try:
            connection.exec_driver_sql(sql, params)
        except IntegrityError as error:
            raise StorageError("db.integrity", detail=str(error.orig)) from None


def _masked(values: dict[str, Any] | None, private: tuple[str, ...]) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: mask(v) if k in private and isinstance(v, str) else v for k, v in values.items()}


def describe(model: type[SQLModel], record_id: int | None, what: str | None = None) -> str:
    """A record as users name it, e.g. "工作事项 12" / "plan item 12"."""
    from branchtui.i18n import t

    name = t(f"record.{what or record_name(model)}")
    return f"{name} {record_id}" if record_id is not None else name


def conflict(session: Session, obj: SQLModel) -> ConflictError:
    """The conflict error for `obj`, naming who changed it last and when."""
    return conflict_for(session, type(obj), getattr(obj, "id", None), getattr(obj, "uid", None))


def conflict_for(
    session: Session, model: type[SQLModel], record_id: int | None, uid: str | None
) -> ConflictError:
    """The conflict error for a record (possibly gone), naming who changed it last, when."""
    last = session.exec(
        select(Change)
        .join(History, History.change_id == Change.id)  # type: ignore[arg-type]
        .where(History.record == record_name(model), History.record_uid == uid)
        .order_by(Change.id.desc())  # type: ignore[union-attr]
        .limit(1)
    ).first()
    record = describe(model, record_id)
    if last is None:
        return ConflictError("db.conflict.unknown", record=record)
    return ConflictError("db.conflict", record=record, who=last.who, at=last.at)


def _translate(db: Database, error: BaseException) -> BaseException:
    """SQLite's words for a locked, read-only or damaged file, as one clear error."""
    if isinstance(error, OperationalError | DBAPIError):
        original = error.orig if error.orig is not None else error
        text = str(original)
        if "readonly" in text or "read-only" in text:
            return ReadOnly("db.read_only.permission", {"path": str(db.path)}).error()
        return schema.describe_sqlite_error(db.path, original)
    return error
