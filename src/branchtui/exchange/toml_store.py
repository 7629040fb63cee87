"""Writing a merged import inside its unit of work (used by `toml_import`).

New records go in with one executemany per table and chunk, their ids read back by uid;
changed ones are updated `WHERE id = ? AND version = ?`; every history row (the same
before/after snapshots `storage.uow` writes, so `undo` reverts an import like any change)
goes in with one insert at the end. One ORM flush per record would take minutes for
SPEC §9's 43,000 records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic_core import PydanticUndefined
from sqlalchemy import Date, insert, select, update

from branchtui.errors import ConflictError
from branchtui.exchange import records as rec
from branchtui.exchange.records import RecordSpec
from branchtui.exchange.toml_import import Progress
from branchtui.exchange.toml_merge import Operation, Row, chunks
from branchtui.storage.models import Branch, History, UTCDateTime, new_uid, utc_now

if TYPE_CHECKING:
    from branchtui.storage.uow import UnitOfWork

_WRITE_CHUNK = 1000


class Writer:
    """Writes a merge inside a unit of work: bulk inserts, versioned updates, history."""

    def __init__(self, uow: UnitOfWork, progress: Progress | None, total: int) -> None:
        self.uow = uow
        self.session = uow.session
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0
        self.now = utc_now()
        self.history: list[Row] = []
        self.ids: dict[int, int] = {}
        self.member_ids: dict[str, int] = {}

    def run(
        self,
        branch_name: str | None,
        branch: tuple[Branch | None, str],
        ops: dict[str, list[Operation]],
        member_ids: dict[str, int],
    ) -> None:
        self.member_ids = dict(member_ids)
        self._branch(branch_name, branch)
        for spec in rec.ALL_SPECS:
            items = ops[spec.record]
            for op in items:
                if op.existing is not None:
                    self.ids[id(op.incoming)] = op.existing["id"]
                    if spec is rec.MEMBER:
                        self.member_ids[op.existing["uid"]] = op.existing["id"]
            self._create(spec, [op for op in items if op.existing is None])
            self._update(spec, [op for op in items if op.existing is not None and op.changed])
        for chunk in chunks(self.history, _WRITE_CHUNK):
            self.session.execute(insert(History.__table__), chunk)  # type: ignore[attr-defined]
        if self.progress is not None:
            self.progress(self.total, self.total)

    def _tick(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def _branch(self, name: str | None, branch: tuple[Branch | None, str]) -> None:
        row, what = branch
        if what == "create" and name is not None:
            self.uow.add(Branch(name=name, created_at=self.now))
        elif what == "update" and row is not None and name is not None:
            from branchtui.storage.uow import snapshot

            before = snapshot(row)
            row.name = name
            self.uow.update(row, before)

    def _create(self, spec: RecordSpec, ops: list[Operation]) -> None:
        if not ops:
            return
        columns = spec.columns
        defaults = _defaults(spec)
        attrs = [attr for attr in columns if attr != "id"]
        table = spec.model.__table__  # type: ignore[attr-defined]
        uid_column, id_column = table.c[columns["uid"].key], table.c[columns["id"].key]
        for chunk in chunks(ops, _WRITE_CHUNK):
            rows = [self._new_values(spec, op, defaults) for op in chunk]
            # A plain executemany, then the new ids by uid: SQLite would insert one row
            # per statement to return ids in order.
            stored = [{columns[a].key: row.get(a) for a in attrs} for row in rows]
            self.session.execute(insert(table), stored)
            query = select(uid_column, id_column).where(uid_column.in_([r["uid"] for r in rows]))
            new_ids: dict[str, int] = {uid: new_id for uid, new_id in self.session.execute(query)}
            for op, row in zip(chunk, rows, strict=True):
                row["id"] = new_ids[row["uid"]]
                self.ids[id(op.incoming)] = row["id"]
                if spec is rec.MEMBER:
                    self.member_ids[row["uid"]] = row["id"]
                self._history(spec, row["id"], row["uid"], "create", None, _snapshot(spec, row))
            self._tick(len(chunk))

    def _new_values(self, spec: RecordSpec, op: Operation, defaults: dict[str, Any]) -> Row:
        row: Row = dict(defaults)
        row.update(op.values)
        row["uid"] = op.incoming.uid or new_uid()
        # One instant for every record the import creates without its own timestamps.
        for attr in ("created_at", "updated_at", "done_at"):
            if row.get(attr, False) is None and (attr != "done_at" or spec is rec.CHECK):
                row[attr] = self.now
        if spec.parent_attr and op.incoming.parent is not None:
            row[spec.parent_attr] = self.ids[id(op.incoming.parent)]
        self._resolve_refs(row, op)
        if spec is rec.MEMBER:
            row["name_key"] = _name_key(row["name"])
        return row

    def _resolve_refs(self, values: dict[str, Any], op: Operation) -> None:
        for attr, uid in op.incoming.refs.items():
            if uid is not None and attr in values:
                values[attr] = self.member_ids[uid]

    def _update(self, spec: RecordSpec, ops: list[Operation]) -> None:
        if not ops:
            return
        columns = spec.columns
        table = spec.model.__table__  # type: ignore[attr-defined]
        for op in ops:
            stored = op.existing
            assert stored is not None
            new = {attr: op.values[attr] for attr in op.changed if attr in op.values}
            self._resolve_refs(new, op)
            if spec.parent_attr and spec.parent_attr in op.changed and op.incoming.parent:
                new[spec.parent_attr] = self.ids[id(op.incoming.parent)]
            if spec is rec.MEMBER and "name" in new:
                new["name_key"] = _name_key(new["name"])
            if "updated_at" in columns:
                new["updated_at"] = op.values.get("updated_at") or self.now
            if "version" in columns:
                new["version"] = stored["version"] + 1
            statement = update(table).where(table.c.id == stored["id"])
            if "version" in columns:
                statement = statement.where(table.c.version == stored["version"])
            result = self.session.execute(
                statement.values({columns[a].key: v for a, v in new.items()})
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                from branchtui.storage.uow import describe

                raise ConflictError(
                    "db.conflict.unknown", record=describe(spec.model, stored["id"])
                )
            before = _snapshot(spec, {attr: stored[attr] for attr in new}, complete=False)
            after = _snapshot(spec, new, complete=False)
            self._history(spec, stored["id"], stored["uid"], "update", before, after)
        self._tick(len(ops))

    def _history(
        self,
        spec: RecordSpec,
        record_id: int,
        uid: str,
        op: str,
        before: Row | None,
        after: Row | None,
    ) -> None:
        self.history.append(
            {
                "change_id": self.uow.change.id,
                "record": spec.record,
                "record_id": record_id,
                "record_uid": uid,
                "op": op,
                "before": None if before is None else json.dumps(before, ensure_ascii=False),
                "after": None if after is None else json.dumps(after, ensure_ascii=False),
            }
        )


_name_keys: dict[str, str] = {}


def _name_key(name: str) -> str:
    """The pinyin key of a name (many members share a surname and given names repeat)."""
    if name not in _name_keys:
        from branchtui.domain.names import name_key

        _name_keys[name] = name_key(name)
    return _name_keys[name]


def _defaults(spec: RecordSpec) -> dict[str, Any]:
    """Each column's default for a new record; None where a value must come from the file
    or the import itself (uid, timestamps, the parent's id)."""
    defaults: dict[str, Any] = {}
    for attr in spec.columns:
        info = spec.model.model_fields.get(attr)
        if attr == "id" or info is None:
            continue
        if info.default_factory is not None:
            defaults[attr] = None  # uid, created_at, updated_at, done_at: set per record
        elif info.default is not PydanticUndefined:
            defaults[attr] = info.default
    return defaults


def _snapshot(spec: RecordSpec, values: Row, complete: bool = True) -> Row:
    """Values as `storage.uow.snapshot` writes them into history (column order, ISO text)."""
    keys: Iterable[str] = spec.columns if complete else [a for a in spec.columns if a in values]
    result = {attr: values.get(attr) for attr in keys}
    for attr in _dated(spec):
        value = result.get(attr)
        if value is not None:
            result[attr] = value.isoformat()
    return result


_DATED: dict[str, tuple[str, ...]] = {}


def _dated(spec: RecordSpec) -> tuple[str, ...]:
    """The attributes holding dates or timestamps (written as ISO text in history)."""
    if spec.record not in _DATED:
        _DATED[spec.record] = tuple(
            attr
            for attr, column in spec.columns.items()
            if isinstance(column.type, UTCDateTime | Date)
        )
    return _DATED[spec.record]


__all__ = ["Writer"]
