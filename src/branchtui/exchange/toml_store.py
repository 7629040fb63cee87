"""Writing a merged import inside its unit of work (used by `toml_import`).

This side maps the file's records to rows (defaults, parents, member references, name
keys); the unit of work's bulk methods write them — one executemany per table and chunk,
versioned updates, the same history rows as any change, so `undo` reverts an import with
the same mechanism. One ORM flush per record would take minutes for SPEC §9's 43,000
records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic_core import PydanticUndefined

from branchtui.exchange import records as rec
from branchtui.exchange.records import RecordSpec
from branchtui.exchange.toml_import import Progress
from branchtui.exchange.toml_merge import Operation, Row, chunks
from branchtui.storage.models import Branch, new_uid, utc_now

if TYPE_CHECKING:
    from branchtui.storage.uow import UnitOfWork

_WRITE_CHUNK = 1000


class Writer:
    """Writes a merge inside a unit of work: bulk inserts, versioned updates, history."""

    def __init__(self, uow: UnitOfWork, progress: Progress | None, total: int) -> None:
        self.uow = uow
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0
        self.now = utc_now()
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
        defaults = _defaults(spec)
        for chunk in chunks(ops, _WRITE_CHUNK):
            rows = [self._new_values(spec, op, defaults) for op in chunk]
            ids = self.uow.insert_many(spec.model, rows)
            for op, row, new_id in zip(chunk, rows, ids, strict=True):
                self.ids[id(op.incoming)] = new_id
                if spec is rec.MEMBER:
                    self.member_ids[row["uid"]] = new_id
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
        changes: list[tuple[Row, Row]] = []
        for op in ops:
            assert op.existing is not None
            new = {attr: op.values[attr] for attr in op.changed if attr in op.values}
            self._resolve_refs(new, op)
            if spec.parent_attr and spec.parent_attr in op.changed and op.incoming.parent:
                new[spec.parent_attr] = self.ids[id(op.incoming.parent)]
            if spec is rec.MEMBER and "name" in new:
                new["name_key"] = _name_key(new["name"])
            if "updated_at" in spec.columns:
                new["updated_at"] = op.values.get("updated_at") or self.now
            changes.append((op.existing, new))
        self.uow.update_many(spec.model, changes)
        self._tick(len(ops))


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


__all__ = ["Writer"]
