"""Merging a checked import file into the database by uid (used by `toml_import`).

`merge` matches each record of the file with the stored one of the same uid (a check
without one, or with an unknown one, with its entry's check of the same period), checks
what needs the database — required keys of new records, owners, periods for the entry's
frequency and year, checks a changed frequency would orphan — and works out what changes.
With a `toml_store.Writer` it then writes them inside the caller's unit of work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from branchtui.domain.periods import SINGLE_PERIOD, periods, valid_period
from branchtui.exchange import records as rec
from branchtui.exchange.records import RecordSpec
from branchtui.exchange.toml_import import (
    Counts,
    ImportResult,
    Incoming,
    Problem,
    RecordChange,
)
from branchtui.storage.models import Branch
from branchtui.storage.uow import chunks, read_rows

if TYPE_CHECKING:
    from branchtui.exchange.toml_store import Writer

Row = dict[str, Any]
_WRITE_CHUNK = 1000


@dataclass
class Outcome:
    """Problems found against the database, else what the merge does."""

    problems: list[Problem]
    result: ImportResult


@dataclass
class Operation:
    """One record to create or update, with the values to write (by attribute)."""

    incoming: Incoming
    existing: Row | None
    values: dict[str, Any]
    changed: tuple[str, ...] = ()


@dataclass
class _State:
    """What the merge knows: stored rows by uid, and the ids records get."""

    existing: dict[str, dict[str, Row]] = field(default_factory=dict)  # record -> uid -> row
    matched: dict[int, Row] = field(default_factory=dict)  # id(incoming) -> stored row
    ids: dict[int, int] = field(default_factory=dict)  # id(incoming) -> its id once known
    member_ids: dict[str, int] = field(default_factory=dict)  # member uid -> id


def merge(
    session: Session,
    records: dict[str, list[Incoming]],
    branch_name: str | None,
    header_year: int | None,
    write: Writer | None,
) -> Outcome:
    """Check the file's records against the database and work out (and with `write`,
    write) the changes."""
    merger = _Merger(session, records, header_year)
    problems = merger.check()
    if problems:
        return Outcome(problems, ImportResult({}, ()))
    ops = merger.operations()
    branch = _branch_change(session, branch_name)
    if write is not None:
        write.run(branch_name, branch, ops, merger.state.member_ids)
    return Outcome([], _result(branch_name, branch, ops))


def _branch_change(session: Session, name: str | None) -> tuple[Branch | None, str]:
    """The stored branch row, and what the file does to it: create, update or nothing."""
    row = session.execute(select(Branch).order_by(col(Branch.id)).limit(1)).scalar()
    if name is None:
        return row, "none"
    if row is None:
        return None, "create"
    return row, "update" if row.name != name else "unchanged"


class _Merger:
    def __init__(
        self, session: Session, records: dict[str, list[Incoming]], header_year: int | None
    ) -> None:
        self.session = session
        self.records = records
        self.header_year = header_year
        self.state = _State()
        self.problems: list[Problem] = []

    # -- reading what is stored ------------------------------------------------------------
    def _load(self) -> None:
        for spec in rec.ALL_SPECS:
            uids = [i.uid for i in self.records[spec.record] if i.uid is not None]
            self.state.existing[spec.record] = {
                row["uid"]: row for row in select_rows(self.session, spec, "uid", uids)
            }
            for incoming in self.records[spec.record]:
                row = self.state.existing[spec.record].get(incoming.uid or "")
                if row is not None:
                    self.state.matched[id(incoming)] = row
                    self.state.ids[id(incoming)] = row["id"]
        self.state.member_ids = {
            uid: row["id"] for uid, row in self.state.existing[rec.MEMBER.record].items()
        }
        wanted = {
            uid
            for item in self.records[rec.PLAN_ITEM.record]
            for uid in item.refs.values()
            if uid is not None and uid not in self.state.member_ids
        }
        member_uid = rec.MEMBER.columns["uid"]
        for chunk in chunks(sorted(wanted)):
            query = select(member_uid, rec.MEMBER.columns["id"]).where(member_uid.in_(chunk))
            self.state.member_ids.update(dict(self.session.execute(query).all()))
        self._match_checks()

    def _match_checks(self) -> None:
        """Checks of stored entries, by entry and period; a file's check without a known
        uid takes the stored check of the same entry and period."""
        entry_ids = [
            self.state.ids[id(entry)]
            for entry in self.records[rec.ENTRY.record]
            if id(entry) in self.state.ids
        ]
        self.stored_checks: dict[int, list[Row]] = defaultdict(list)
        for row in select_rows(self.session, rec.CHECK, "entry_id", entry_ids):
            self.stored_checks[row["entry_id"]].append(row)
        by_period = {
            (row["entry_id"], row["period"]): row
            for rows in self.stored_checks.values()
            for row in rows
        }
        checks = self.records[rec.CHECK.record]
        taken = {self.state.matched[id(c)]["id"] for c in checks if id(c) in self.state.matched}
        for check in checks:
            if id(check) in self.state.matched or check.parent is None:
                continue
            entry_id = self.state.ids.get(id(check.parent))
            found = by_period.get((entry_id or -1, check.values.get("period", "")))
            if found is not None and found["id"] not in taken:
                taken.add(found["id"])
                self.state.matched[id(check)] = found
                self.state.ids[id(check)] = found["id"]

    # -- checks that need the database -----------------------------------------------------
    def check(self) -> list[Problem]:
        self._load()
        for spec in rec.ALL_SPECS:
            for incoming in self.records[spec.record]:
                if id(incoming) not in self.state.matched:
                    self._required(incoming)
        members = {m.uid for m in self.records[rec.MEMBER.record]} | set(self.state.member_ids)
        for item in self.records[rec.PLAN_ITEM.record]:
            for attr, uid in item.refs.items():
                if uid is not None and uid not in members:
                    self._problem(item, attr, "import.dangling", uid=uid)
        for entry in self.records[rec.ENTRY.record]:
            self._check_entry(entry)
        for check in self.records[rec.CHECK.record]:
            self._check_period(check)
        for checklist in self.records[rec.CHECKLIST.record]:
            self._check_moved_year(checklist)
        return self.problems

    def _required(self, incoming: Incoming) -> None:
        for spec_field in incoming.spec.fields:
            if not spec_field.required or spec_field.attr in incoming.values:
                continue
            if spec_field.attr == "year" and self.header_year is not None:
                continue
            self._problem(incoming, spec_field.attr, "import.missing")

    def _problem(self, incoming: Incoming, attr: str, key: str, **params: Any) -> None:
        name = next((f.key for f in incoming.spec.fields if f.attr == attr), attr)
        self.problems.append(Problem(incoming.where, name, key, params, incoming.uid))

    def value(self, incoming: Incoming, attr: str, default: Any = None) -> Any:
        """The value a record will have: the file's, else the stored one, else `default`."""
        if attr in incoming.values:
            return incoming.values[attr]
        row = self.state.matched.get(id(incoming))
        if row is not None:
            return row[attr]
        if attr == "year" and self.header_year is not None:
            return self.header_year
        return default

    def _check_entry(self, entry: Incoming) -> None:
        frequency = self.value(entry, "frequency", "yearly")
        if entry.values.get("due_month") is not None and frequency not in SINGLE_PERIOD:
            self._problem(entry, "due_month", "import.due_month_not_single", frequency=frequency)
        stored = self.state.matched.get(id(entry))
        if stored is None or entry.parent is None:
            return
        year = self.value(entry.parent, "year")
        in_file = {
            self.state.matched[id(c)]["uid"]
            for c in self.records[rec.CHECK.record]
            if c.parent is entry and id(c) in self.state.matched
        }
        for check in self.stored_checks.get(stored["id"], []):
            if check["uid"] not in in_file and not valid_period(check["period"], frequency, year):
                self._problem(entry, "frequency", "import.orphaned_check", period=check["period"])

    def _check_moved_year(self, checklist: Incoming) -> None:
        """A checklist moved to another year must not strand the checks of its entries
        that the file leaves out."""
        stored = self.state.matched.get(id(checklist))
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

    def _check_period(self, check: Incoming) -> None:
        entry = check.parent
        period = self.value(check, "period")
        if entry is None or entry.parent is None or period is None:
            return
        frequency = self.value(entry, "frequency", "yearly")
        year = self.value(entry.parent, "year")
        if isinstance(year, int) and not valid_period(period, frequency, year):
            self._problem(
                check,
                "period",
                "import.bad_period",
                value=period,
                year=year,
                frequency=frequency,
                valid=", ".join(periods(frequency, year)),
            )

    # -- what changes ----------------------------------------------------------------------
    def operations(self) -> dict[str, list[Operation]]:
        numbers = self._next_numbers()
        ops: dict[str, list[Operation]] = {}
        for spec in rec.ALL_SPECS:
            ops[spec.record] = [self._op(i, numbers) for i in self.records[spec.record]]
        return ops

    def _op(self, incoming: Incoming, numbers: _Numbers) -> Operation:
        values = dict(incoming.values)
        spec = incoming.spec
        stored = self.state.matched.get(id(incoming))
        if spec is rec.ENTRY:
            frequency = self.value(incoming, "frequency", "yearly")
            if frequency not in SINGLE_PERIOD and self.value(incoming, "due_month") is not None:
                values["due_month"] = None  # belongs to once/yearly entries only
        for attr, uid in incoming.refs.items():
            values[attr] = None if uid is None else self.state.member_ids.get(uid, uid)
        if stored is None:
            if spec.record == "plan_item" and "number" not in values:
                values["number"] = numbers.next(("plan_item", self.value(incoming, "year")))
            if spec is rec.PLAN_ITEM or spec is rec.CHECKLIST:
                values.setdefault("year", self.header_year)
            if spec in (rec.TASK, rec.ENTRY) and "position" not in values:
                values["position"] = numbers.next((spec.record, id(incoming.parent)))
            return Operation(incoming, None, values)
        changed = [
            attr
            for attr, value in values.items()
            if attr != "updated_at" and not _same(stored[attr], value)
        ]
        if spec.parent_attr and incoming.parent is not None:
            parent_id = self.state.ids.get(id(incoming.parent))
            if parent_id != stored[spec.parent_attr]:
                changed.append(spec.parent_attr)
        return Operation(incoming, stored, values, tuple(changed))

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
            parents: dict[int, Incoming] = {}
            for child in self.records[spec.record]:
                if child.parent is not None:
                    parents[id(child.parent)] = child.parent
                    position = self.value(child, "position")
                    if position is not None:
                        numbers.see((spec.record, id(child.parent)), position)
            stored = {self.state.ids[key]: key for key in parents if key in self.state.ids}
            column = spec.columns[spec.parent_attr or ""]
            for chunk in chunks(sorted(stored)):
                query = (
                    select(column, func.max(spec.columns["position"]))
                    .where(column.in_(chunk))
                    .group_by(column)
                )
                for parent_id, top in self.session.execute(query):
                    numbers.see((spec.record, stored[parent_id]), top or 0)
        return numbers


class _Numbers:
    """The highest number seen per key; `next` hands out the following ones."""

    def __init__(self) -> None:
        self.top: dict[Any, int] = {}

    def see(self, key: Any, number: int) -> None:
        self.top[key] = max(self.top.get(key, 0), number)

    def next(self, key: Any) -> int:
        self.top[key] = self.top.get(key, 0) + 1
        return self.top[key]


def _same(stored: Any, new: Any) -> bool:
    # Types were checked on reading: 2 == 2.0 for hours is the same value.
    return bool(stored == new)


def _result(
    branch_name: str | None, branch: tuple[Branch | None, str], ops: dict[str, list[Operation]]
) -> ImportResult:
    counts: dict[str, Counts] = {}
    changes: list[RecordChange] = []
    _, what = branch
    if what != "none":
        counts["branch"] = Counts(
            created=int(what == "create"),
            updated=int(what == "update"),
            unchanged=int(what == "unchanged"),
        )
        if what in ("create", "update"):
            changes.append(RecordChange("branch", what, None, branch_name or "", ("name",)))
    for record, items in ops.items():
        created = updated = unchanged = 0
        for op in items:
            label = op.values.get(op.incoming.spec.label)
            if label is None and op.existing is not None:
                label = op.existing.get(op.incoming.spec.label)
            if op.existing is None:
                created += 1
                changes.append(RecordChange(record, "create", _uid(op), str(label or "")))
            elif op.changed:
                updated += 1
                names = tuple(_key_of(op.incoming.spec, attr) for attr in op.changed)
                changes.append(RecordChange(record, "update", _uid(op), str(label or ""), names))
            else:
                unchanged += 1
        if items:
            counts[record] = Counts(created, updated, unchanged)
    return ImportResult(counts, tuple(changes))


def _uid(op: Operation) -> str | None:
    if op.existing is not None:
        return str(op.existing["uid"])
    return op.incoming.uid


def _key_of(spec: RecordSpec, attr: str) -> str:
    return next((f.key for f in spec.fields if f.attr == attr), attr)


def select_rows(session: Session, spec: RecordSpec, by: str, keys: Sequence[Any]) -> Iterator[Row]:
    """Stored rows of `spec` whose `by` column is one of `keys`, as attribute -> value."""
    return read_rows(session, spec.model, by, keys)


__all__ = ["Operation", "Outcome", "Row", "chunks", "merge", "select_rows"]
