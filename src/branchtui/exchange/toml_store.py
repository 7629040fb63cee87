"""Writing a merged import inside its unit of work (the last step of `toml_import`).

The merge has worked out every record's final state; this side adds what only writing
knows (new uids, the import's time on new records, parents' and owners' ids, members'
name keys) and hands the rows to the unit of work's bulk methods — one executemany per
table and chunk, versioned updates, the same history rows as any change, so `undo` reverts
an import with the same mechanism. One ORM flush per record would take minutes for SPEC
§9's 43,000 records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from branchtui.exchange import records as rec
from branchtui.exchange.records import RecordSpec
from branchtui.exchange.toml_merge import BranchChange, Outcome
from branchtui.exchange.toml_types import Incoming, Operation, Progress, Row
from branchtui.storage.models import Branch, new_uid
from branchtui.storage.uow import UnitOfWork, chunks, snapshot

_WRITE_CHUNK = 1000


class Writer:
    """Writes a merge's operations inside a unit of work: bulk inserts, versioned updates,
    history."""

    def __init__(
        self, uow: UnitOfWork, now: datetime, progress: Progress | None, total: int
    ) -> None:
        self.uow = uow
        self.now = now  # the time the rules gave what they filled in; new records get it too
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0
        self.ids: dict[Incoming, int] = {}
        # the ids of the records references name, by table and uid
        self.named: dict[str, dict[str, int]] = {"member": {}, "plan_item": {}}

    def run(self, outcome: Outcome) -> None:
        """Write the branch's name and every operation, parents before children."""
        self.named = {"member": dict(outcome.member_ids), "plan_item": dict(outcome.item_ids)}
        self._branch(outcome.branch)
        for spec in rec.ALL_SPECS:
            ops = outcome.ops[spec.record]
            for op in ops:
                if op.existing is not None:
                    self.ids[op.incoming] = op.existing["id"]
            self._create(spec, [op for op in ops if op.existing is None])
            self._update(spec, [op for op in ops if op.existing is not None and op.changed])
        if self.progress is not None:
            self.progress(self.total, self.total)

    def _tick(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def _branch(self, branch: BranchChange) -> None:
        if branch.what == "create" and branch.name is not None:
            self.uow.add(Branch(name=branch.name, created_at=self.now))
        elif branch.what == "update" and branch.row is not None and branch.name is not None:
            before = snapshot(branch.row)
            branch.row.name = branch.name
            self.uow.update(branch.row, before)

    def _create(self, spec: RecordSpec, ops: list[Operation]) -> None:
        for chunk in chunks(ops, _WRITE_CHUNK):
            rows = [self._new_row(spec, op) for op in chunk]
            ids = self.uow.insert_many(spec.model, rows)
            for op, row, new_id in zip(chunk, rows, ids, strict=True):
                self.ids[op.incoming] = new_id
                if spec is rec.MEMBER or spec is rec.PLAN_ITEM:
                    self.named[spec.record][row["uid"]] = new_id
            self._tick(len(chunk))

    def _new_row(self, spec: RecordSpec, op: Operation) -> Row:
        row = dict(op.row)
        if row.get("uid") is None:
            row["uid"] = new_uid()  # a check the file gives without one
        # One instant for every record the import creates without its own timestamps.
        for attr in ("created_at", "updated_at"):
            if attr in row and row[attr] is None:
                row[attr] = self.now
        self._links(spec, op, row)
        if spec is rec.MEMBER:
            row["name_key"] = _name_key(row["name"])
        return row

    def _links(self, spec: RecordSpec, op: Operation, values: dict[str, Any]) -> None:
        """The parent's id and the owners' ids among `values`, now that all are known."""
        parent = op.incoming.parent
        if spec.parent_attr and spec.parent_attr in values and parent is not None:
            values[spec.parent_attr] = self.ids[parent]
        for attr, uid in op.incoming.refs.items():
            if uid is not None and attr in values:
                values[attr] = self.named[spec.target_of(attr)][uid]

    def _update(self, spec: RecordSpec, ops: list[Operation]) -> None:
        if not ops:
            return
        changes: list[tuple[Row, Row]] = []
        for op in ops:
            assert op.existing is not None
            new = {attr: op.row[attr] for attr in op.changed}
            self._links(spec, op, new)
            if spec is rec.MEMBER and "name" in new:
                new["name_key"] = _name_key(new["name"])
            if "updated_at" in spec.columns:
                new["updated_at"] = op.incoming.values.get("updated_at") or self.now
            changes.append((op.existing, new))
        self.uow.update_many(spec.model, changes)
        self._tick(len(ops))


_name_keys: dict[str, str] = {}


def _name_key(name: str) -> str:
    """The pinyin key of a name (many members share a surname and given names repeat)."""
    if name not in _name_keys:
        from branchtui.domain.names import name_key  # pypinyin: only when members come

        _name_keys[name] = name_key(name)
    return _name_keys[name]


__all__ = ["Writer"]
