"""Merging a checked import file into the database by uid: what each record becomes.

`merge` finds the stored record of each of the file's records (`toml_match`), checks what
needs the database — keys a new record must have, owners, checks a changed frequency or
year would orphan, 序号 used twice in a year — then builds each record's final state (the
stored row, or the columns' defaults, with the file's keys applied) and passes every one
through the domain's record rules (`toml_rules`). Its outcome lists the problems, or the
operations `toml_store` writes and what they change. It writes nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from branchtui.domain.periods import SINGLE_PERIOD, valid_period
from branchtui.exchange import records as rec
from branchtui.exchange.records import RecordSpec
from branchtui.exchange.toml_match import Stored, match, select_rows
from branchtui.exchange.toml_problems import Problem
from branchtui.exchange.toml_rules import apply_rules
from branchtui.exchange.toml_types import (
    Counts,
    ImportResult,
    Incoming,
    Operation,
    RecordChange,
    Row,
    RuleContext,
)
from branchtui.storage.models import Branch
from branchtui.storage.uow import chunks


@dataclass
class BranchChange:
    """The stored branch row and what the file does to it: create, update, unchanged or
    none (the file has no [branch])."""

    row: Branch | None
    what: str
    name: str | None


@dataclass
class Outcome:
    """Problems found, else the operations that write the file and what they change."""

    problems: list[Problem]
    ops: dict[str, list[Operation]] = field(default_factory=dict)
    branch: BranchChange = field(default_factory=lambda: BranchChange(None, "none", None))
    member_ids: dict[str, int] = field(default_factory=dict)  # stored members by uid
    item_ids: dict[str, int] = field(default_factory=dict)  # stored plan items by uid
    result: ImportResult = field(default_factory=lambda: ImportResult({}, ()))


def merge(
    session: Session,
    records: dict[str, list[Incoming]],
    branch_name: str | None,
    header_year: int | None,
    context: RuleContext,
) -> Outcome:
    """Check the file's records against the database and work out every record's final
    state, judged by the record rules in `context`."""
    stored = match(session, records)
    merger = _Merger(session, records, header_year, stored)
    problems = merger.check()
    if problems:
        return Outcome(problems)
    ops = merger.operations()
    problems = merger.check_numbers(ops[rec.PLAN_ITEM.record])
    problems += apply_rules(ops, stored, context)
    if problems:
        return Outcome(problems)
    for items in ops.values():
        for op in items:
            op.changed = _changed(op, stored)
    branch = _branch_change(session, branch_name)
    return Outcome([], ops, branch, stored.member_ids, stored.item_ids, _result(branch, ops))


def _branch_change(session: Session, name: str | None) -> BranchChange:
    row = session.execute(select(Branch).order_by(col(Branch.id)).limit(1)).scalar()
    if name is None:
        return BranchChange(row, "none", None)
    if row is None:
        return BranchChange(None, "create", name)
    return BranchChange(row, "update" if row.name != name else "unchanged", name)


class _Merger:
    def __init__(
        self,
        session: Session,
        records: dict[str, list[Incoming]],
        header_year: int | None,
        stored: Stored,
    ) -> None:
        self.session = session
        self.records = records
        self.header_year = header_year
        self.stored = stored
        self.problems: list[Problem] = []

    def value(self, incoming: Incoming, attr: str, default: Any = None) -> Any:
        """The value a record will have: the file's, else the stored one, else `default`."""
        if attr in incoming.values:
            return incoming.values[attr]
        row = self.stored.matched.get(incoming)
        if row is not None:
            return row[attr]
        if attr == "year" and self.header_year is not None:
            return self.header_year
        return default

    def _problem(self, incoming: Incoming, attr: str, key: str, **params: Any) -> None:
        self.problems.append(
            Problem(incoming.where, incoming.spec.key_of(attr), key, params, incoming.uid)
        )

    # -- checks that need the database -----------------------------------------------------
    def check(self) -> list[Problem]:
        for spec in rec.ALL_SPECS:
            for incoming in self.records[spec.record]:
                if incoming not in self.stored.matched:
                    self._required(incoming)
        known = {
            "member": {m.uid for m in self.records[rec.MEMBER.record]}
            | set(self.stored.member_ids),
            "plan_item": {i.uid for i in self.records[rec.PLAN_ITEM.record]}
            | set(self.stored.item_ids),
        }
        for spec in rec.ALL_SPECS:
            targets = {f.attr: f.target for f in spec.fields if f.kind == rec.REF}
            for incoming in self.records[spec.record] if targets else ():
                for attr, uid in incoming.refs.items():
                    if uid is not None and uid not in known[targets[attr]]:
                        self._problem(incoming, attr, "import.dangling", uid=uid)
        for entry in self.records[rec.ENTRY.record]:
            self._check_frequency(entry)
        for checklist in self.records[rec.CHECKLIST.record]:
            self._check_moved_year(checklist)
        return self.problems

    def _required(self, incoming: Incoming) -> None:
        for spec_field in incoming.spec.fields:
            given = spec_field.attr in incoming.values or spec_field.attr in incoming.refs
            if not spec_field.required or given:
                continue
            if spec_field.attr == "year" and self.header_year is not None:
                continue
            self._problem(incoming, spec_field.attr, "import.missing")

    def _check_frequency(self, entry: Incoming) -> None:
        """A stored entry's new frequency must not strand the checks the file leaves out."""
        stored = self.stored.matched.get(entry)
        if stored is None or entry.parent is None:
            return
        frequency = self.value(entry, "frequency", "yearly")
        year = self.value(entry.parent, "year")
        in_file = {
            self.stored.matched[c]["uid"]
            for c in self.records[rec.CHECK.record]
            if c.parent is entry and c in self.stored.matched
        }
        for check in self.stored.checks.get(stored["id"], []):
            if check["uid"] not in in_file and not valid_period(check["period"], frequency, year):
                self._problem(entry, "frequency", "import.orphaned_check", period=check["period"])

    def _check_moved_year(self, checklist: Incoming) -> None:
        """A checklist moved to another year must not strand the checks of its entries
        that the file leaves out."""
        stored = self.stored.matched.get(checklist)
        year = self.value(checklist, "year")
        if stored is None or year == stored["year"]:
            return
        in_file = {e.uid for e in self.records[rec.ENTRY.record]}
        entries = [
            row
            for row in select_rows(self.session, rec.ENTRY, "checklist_id", [stored["id"]])
            if row["uid"] not in in_file
        ]
        by_id = {row["id"]: row for row in entries}
        for check in select_rows(self.session, rec.CHECK, "entry_id", list(by_id)):
            frequency = by_id[check["entry_id"]]["frequency"]
            if not valid_period(check["period"], frequency, year):
                self._problem(checklist, "year", "import.orphaned_check", period=check["period"])

    def check_numbers(self, items: list[Operation]) -> list[Problem]:
        """Each 序号 once per year, among the file's items and the stored ones it leaves
        as they are (`item add` would otherwise number after a duplicate forever)."""
        holders: dict[tuple[int, int], str] = {}
        in_file = {op.incoming.uid for op in items}
        item = rec.PLAN_ITEM.columns
        years = sorted({op.row["year"] for op in items})
        for chunk in chunks(years):
            query = select(item["uid"], item["year"], item["number"], item["title"]).where(
                item["year"].in_(chunk)
            )
            for uid, year, number, title in self.session.execute(query):
                if uid not in in_file:
                    holders[(year, number)] = f"“{title}”"
        problems = []
        for op in items:
            key = (op.row["year"], op.row["number"])
            other = holders.setdefault(key, op.incoming.where)
            if other != op.incoming.where:
                problems.append(
                    op.incoming.problem(
                        "number", "import.duplicate_number", number=key[1], year=key[0], other=other
                    )
                )
        return problems

    # -- final states ----------------------------------------------------------------------
    def operations(self) -> dict[str, list[Operation]]:
        numbers = self._next_numbers()
        return {
            spec.record: [self._operation(i, numbers) for i in self.records[spec.record]]
            for spec in rec.ALL_SPECS
        }

    def _operation(self, incoming: Incoming, numbers: _Numbers) -> Operation:
        spec = incoming.spec
        existing = self.stored.matched.get(incoming)
        row = dict(existing) if existing is not None else dict(_defaults(spec))
        row.update(incoming.values)
        for attr, uid in incoming.refs.items():
            target = spec.target_of(attr)
            row[attr] = None if uid is None else self.stored.ids(target).get(uid, uid)
        if existing is None:
            if incoming.uid is not None:
                row["uid"] = incoming.uid
            if (spec is rec.PLAN_ITEM or spec is rec.CHECKLIST) and row["year"] is None:
                row["year"] = self.header_year
            if spec is rec.PLAN_ITEM and row.get("number") is None:
                row["number"] = numbers.next(("plan_item", row["year"]))
            if spec in (rec.TASK, rec.ENTRY) and row.get("position") is None:
                row["position"] = numbers.next((spec.record, incoming.parent))
        else:
            _leave_state(spec, incoming.values, existing, row)
        return Operation(incoming, existing, row)

    def _next_numbers(self) -> _Numbers:
        """The next 序号 per year and the next position per parent, for records lacking one."""
        numbers = _Numbers()
        item_number = rec.PLAN_ITEM.columns["number"]
        item_year = rec.PLAN_ITEM.columns["year"]
        query = select(item_year, func.max(item_number)).group_by(item_year)
        for year, top in self.session.execute(query):
            numbers.see(("plan_item", year), top or 0)
        for item in self.records[rec.PLAN_ITEM.record]:
            number = self.value(item, "number")
            if number is not None:
                numbers.see(("plan_item", self.value(item, "year")), number)
        for spec in (rec.TASK, rec.ENTRY):
            parents: dict[Incoming, int] = {}
            for child in self.records[spec.record]:
                if child.parent is None:
                    continue
                parent_id = self.stored.id_of(child.parent)
                if parent_id is not None:
                    parents[child.parent] = parent_id
                position = self.value(child, "position")
                if position is not None:
                    numbers.see((spec.record, child.parent), position)
            by_id = {parent_id: parent for parent, parent_id in parents.items()}
            column = spec.columns[spec.parent_attr or ""]
            for chunk in chunks(sorted(by_id)):
                query = (
                    select(column, func.max(spec.columns["position"]))
                    .where(column.in_(chunk))
                    .group_by(column)
                )
                for parent_id, top in self.session.execute(query):
                    numbers.see((spec.record, by_id[parent_id]), top or 0)
        return numbers


def _leave_state(spec: RecordSpec, given: dict[str, Any], stored: Row, row: Row) -> None:
    """What the commands do when a record leaves a state, done here for a stored record
    whose file changes that state without the keys that went with it: an item leaving
    `done` and an unticked step lose their completion time and user, an entry that is no
    longer once/yearly its due month. Keys the file gives are kept, and the rules judge
    them."""
    if spec is rec.PLAN_ITEM and stored["status"] == "done" and row["status"] != "done":
        cleared: tuple[str, ...] = ("completed_at", "completed_by")
    elif spec is rec.TASK and stored["done"] and not row["done"]:
        cleared = ("done_at", "done_by")
    elif spec is rec.ENTRY and row["frequency"] not in SINGLE_PERIOD:
        cleared = ("due_month",)
    else:
        return
    for attr in cleared:
        if attr not in given:
            row[attr] = None


class _Numbers:
    """The highest number seen per key; `next` hands out the following ones."""

    def __init__(self) -> None:
        self.top: dict[Any, int] = {}

    def see(self, key: Any, number: int) -> None:
        self.top[key] = max(self.top.get(key, 0), number)

    def next(self, key: Any) -> int:
        self.top[key] = self.top.get(key, 0) + 1
        return self.top[key]


@cache
def _defaults(spec: RecordSpec) -> Row:
    """Each column's default for a new record; None where a value must come from the file
    or the import itself (uid, timestamps, the parent's id)."""
    defaults: Row = {}
    for attr in spec.columns:
        info = spec.model.model_fields.get(attr)
        if attr == "id" or info is None:
            continue
        if info.default_factory is not None:
            defaults[attr] = None  # uid, created_at, updated_at, done_at: set per record
        elif info.default is not PydanticUndefined:
            defaults[attr] = info.default
        else:
            defaults[attr] = None
    return defaults


def _changed(op: Operation, stored: Stored) -> tuple[str, ...]:
    """The attributes a stored record's final state changes (its parent included)."""
    if op.existing is None:
        return ()
    existing = op.existing
    changed = [
        attr
        for attr, value in op.row.items()
        # updated_at follows a change; alone it is none (types were checked on reading:
        # 2 == 2.0 for hours is the same value)
        if attr != "updated_at" and existing.get(attr) != value
    ]
    spec = op.incoming.spec
    parent = op.incoming.parent
    moved = parent is not None and stored.id_of(parent) != existing.get(spec.parent_attr or "")
    if spec.parent_attr and moved:
        changed.append(spec.parent_attr)
    return tuple(changed)


def _result(branch: BranchChange, ops: dict[str, list[Operation]]) -> ImportResult:
    counts: dict[str, Counts] = {}
    changes: list[RecordChange] = []
    if branch.what != "none":
        counts["branch"] = Counts(
            created=int(branch.what == "create"),
            updated=int(branch.what == "update"),
            unchanged=int(branch.what == "unchanged"),
        )
        if branch.what in ("create", "update"):
            changes.append(RecordChange("branch", branch.what, None, branch.name or "", ("name",)))
    for record, items in ops.items():
        created = updated = unchanged = 0
        for op in items:
            spec = op.incoming.spec
            label = str(op.row.get(spec.label) or "")
            uid = op.row.get("uid")
            if op.existing is None:
                created += 1
                changes.append(RecordChange(record, "create", uid, label))
            elif op.changed:
                updated += 1
                names = tuple(spec.key_of(attr) for attr in op.changed)
                changes.append(RecordChange(record, "update", uid, label, names))
            else:
                unchanged += 1
        if items:
            counts[record] = Counts(created, updated, unchanged)
    return ImportResult(counts, tuple(changes))


__all__ = ["BranchChange", "Outcome", "merge"]
