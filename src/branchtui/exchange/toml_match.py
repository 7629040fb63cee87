"""Finding the stored record each record of an import file stands for (SPEC §6: by uid).

`match` reads, in a few chunked queries, the stored rows of every uid the file names, the
members its items name as owners, the stored steps of its items, events of its members and
checks of its entries (an item's final steps, a member's events and an entry's checks
include those the file leaves out), and pairs a check without a known uid with its entry's
stored check of the same period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchtui.exchange import records as rec
from branchtui.exchange.records import RecordSpec
from branchtui.exchange.toml_types import Incoming, Row
from branchtui.storage.uow import chunks, read_rows


@dataclass
class Stored:
    """What the database holds for a file: stored rows by record, and which is whose."""

    matched: dict[Incoming, Row] = field(default_factory=dict)  # a file's record -> its row
    member_ids: dict[str, int] = field(default_factory=dict)  # member uid -> id
    steps: dict[int, list[Row]] = field(default_factory=dict)  # item id -> its stored steps
    events: dict[int, list[Row]] = field(default_factory=dict)  # member id -> its events
    checks: dict[int, list[Row]] = field(default_factory=dict)  # entry id -> its checks

    def id_of(self, incoming: Incoming) -> int | None:
        """The stored id of a file's record, None for a new one."""
        row = self.matched.get(incoming)
        return None if row is None else int(row["id"])


def select_rows(session: Session, spec: RecordSpec, by: str, keys: Sequence[Any]) -> Iterator[Row]:
    """Stored rows of `spec` whose `by` column is one of `keys`, as attribute -> value."""
    return read_rows(session, spec.model, by, keys)


def match(session: Session, records: dict[str, list[Incoming]]) -> Stored:
    """The stored rows of a file's records (by uid; checks also by entry and period)."""
    stored = Stored()
    for spec in rec.ALL_SPECS:
        incoming = records[spec.record]
        uids = [i.uid for i in incoming if i.uid is not None]
        by_uid = {row["uid"]: row for row in select_rows(session, spec, "uid", uids)}
        for record in incoming:
            row = by_uid.get(record.uid or "")
            if row is not None:
                stored.matched[record] = row
    stored.member_ids = {
        str(row["uid"]): int(row["id"])
        for member, row in stored.matched.items()
        if member.spec is rec.MEMBER
    }
    _owners(session, records, stored)
    stored.steps = _children(session, rec.TASK, records[rec.PLAN_ITEM.record], stored)
    stored.events = _children(session, rec.EVENT, records[rec.MEMBER.record], stored)
    stored.checks = _children(session, rec.CHECK, records[rec.ENTRY.record], stored)
    _match_checks(records[rec.CHECK.record], stored)
    return stored


def _owners(session: Session, records: dict[str, list[Incoming]], stored: Stored) -> None:
    """The ids of stored members the file's items name as owners but does not hold."""
    wanted = {
        uid
        for item in records[rec.PLAN_ITEM.record]
        for uid in item.refs.values()
        if uid is not None and uid not in stored.member_ids
    }
    member_uid = rec.MEMBER.columns["uid"]
    for chunk in chunks(sorted(wanted)):
        query = select(member_uid, rec.MEMBER.columns["id"]).where(member_uid.in_(chunk))
        stored.member_ids.update(dict(session.execute(query).all()))


def _children(
    session: Session, spec: RecordSpec, parents: list[Incoming], stored: Stored
) -> dict[int, list[Row]]:
    """The stored children (`spec`) of the file's stored parents, by parent id."""
    ids = [stored.matched[parent]["id"] for parent in parents if parent in stored.matched]
    found: dict[int, list[Row]] = defaultdict(list)
    for row in select_rows(session, spec, spec.parent_attr or "", ids):
        found[row[spec.parent_attr or ""]].append(row)
    return found


def _match_checks(checks: list[Incoming], stored: Stored) -> None:
    """A file's check without a known uid takes its entry's stored check of the same
    period (a period is checked once per entry)."""
    by_period = {
        (row["entry_id"], row["period"]): row for rows in stored.checks.values() for row in rows
    }
    taken = {stored.matched[c]["id"] for c in checks if c in stored.matched}
    for check in checks:
        if check in stored.matched or check.parent is None:
            continue
        entry_id = stored.id_of(check.parent)
        found = by_period.get((entry_id or -1, check.values.get("period", "")))
        if found is not None and found["id"] not in taken:
            taken.add(found["id"])
            stored.matched[check] = found


__all__ = ["Stored", "match", "select_rows"]
